package dev.floe.ml.api;

import java.util.List;

/** The inputs a served model takes and the outputs it gives, in order, each with type and shape. */
public record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {

    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** The input called {@code name}, or null. */
    public TensorSpec input(String name) {
        return inputs.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    /** The output called {@code name}, or null. */
    public TensorSpec output(String name) {
        return outputs.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }
}
