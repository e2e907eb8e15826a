package dev.floe.ml.serving;

import java.time.Instant;
import java.util.List;

import dev.floe.ml.api.InferenceRequest;
import dev.floe.ml.registry.ModelVersion;

/**
 * Where served predictions go when a request names what its rows are about: the store, as RDF. Returns the IRI of each
 * row's prediction (null for rows without a subject) once they are written, i.e. visible to queries.
 */
@FunctionalInterface
public interface PredictionSink {

    List<String> record(ModelVersion version, List<InferenceRequest.Subject> subjects, float[][] probabilities,
                        String requestId, Instant at);
}
