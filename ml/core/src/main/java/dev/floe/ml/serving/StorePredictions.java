package dev.floe.ml.serving;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.floe.ml.api.InferenceRequest;
import dev.floe.ml.api.ServingException;
import dev.floe.ml.prediction.InvalidPredictionException;
import dev.floe.ml.prediction.Prediction;
import dev.floe.ml.prediction.PredictionRdf;
import dev.floe.ml.prediction.PredictionWriter;
import dev.floe.ml.registry.ModelVersion;

/**
 * Served predictions into the store: each row that names a subject becomes a {@link Prediction} of the version that
 * computed it (all class probabilities, the request id, the footprint the client gave, else the subject's own), and
 * the rows of one request are written in one transaction by the {@link PredictionWriter}. A prediction the writer
 * refuses (a subject that is no IRI, a footprint that is no WKT) fails the request as an INVALID_ARGUMENT.
 */
public final class StorePredictions implements PredictionSink {

    private final PredictionWriter writer;

    public StorePredictions(PredictionWriter writer) {
        this.writer = writer;
    }

    @Override
    public List<String> record(ModelVersion version, List<InferenceRequest.Subject> subjects, float[][] probabilities,
                               String requestId, Instant at) {
        List<Prediction> batch = new ArrayList<>();
        for (int i = 0; i < subjects.size(); i++) {
            InferenceRequest.Subject s = subjects.get(i);
            if (s == null || s.iri() == null) {
                continue;
            }
            double[] p = new double[probabilities[i].length];
            for (int k = 0; k < p.length; k++) {
                p[k] = probabilities[i][k];
            }
            batch.add(Prediction.of(s.iri(), version.iri(), version.classes(), p, at).withRequest(requestId)
                    .withFootprint(s.footprintWkt()));
        }
        try {
            writer.write(batch);
        } catch (InvalidPredictionException e) {
            throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "the predictions cannot be recorded: " + e.getMessage(), e);
        }
        return iris(version, subjects, requestId);
    }

    @Override
    public List<String> iris(ModelVersion version, List<InferenceRequest.Subject> subjects, String requestId) {
        List<String> out = new ArrayList<>();
        for (InferenceRequest.Subject s : subjects) {
            out.add(s == null || s.iri() == null ? null : PredictionRdf.iri(version.iri(), s.iri(), requestId));
        }
        return out;
    }
}
