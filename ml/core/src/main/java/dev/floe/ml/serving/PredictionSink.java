package dev.floe.ml.serving;

import java.time.Instant;
import java.util.List;

import dev.floe.ml.api.InferenceRequest;
import dev.floe.ml.registry.ModelVersion;

/**
 * Where served predictions go when a request names what its rows are about: the store, as RDF. Writing the same
 * predictions again (same version, subjects, request id) must change nothing, so that a replayed log applies each
 * prediction exactly once in effect.
 */
public interface PredictionSink {

    /**
     * Writes the predictions of the rows that name a subject; returns when they are visible to queries, with the IRI of
     * each row's prediction (null for rows without a subject).
     */
    List<String> record(ModelVersion version, List<InferenceRequest.Subject> subjects, float[][] probabilities,
                        String requestId, Instant at);

    /** The IRIs {@link #record} gives the same rows, without writing anything (for answers sent before the write). */
    List<String> iris(ModelVersion version, List<InferenceRequest.Subject> subjects, String requestId);
}
