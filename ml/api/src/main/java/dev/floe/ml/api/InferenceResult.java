package dev.floe.ml.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The answer to an {@link InferenceRequest}: the model version that computed it, the output tensors (batch dimension
 * first, in signature order), and for each row the IRI of the prediction recorded in the store (null for rows
 * that named no subject; empty when nothing was recorded).
 */
public record InferenceResult(String model, long version, List<Tensor> outputs, List<String> predictions, String id) {

    public InferenceResult {
        outputs = List.copyOf(outputs);
        predictions = predictions == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(predictions));
    }

    /** The output called {@code name}, or null. */
    public Tensor output(String name) {
        return outputs.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }
}
