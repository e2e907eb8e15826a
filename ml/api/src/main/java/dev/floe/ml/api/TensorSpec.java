package dev.floe.ml.api;

import java.util.Arrays;

/**
 * One input or output of a model's signature: its name, element type and shape, where -1 stands for a dimension of
 * any size (the batch dimension always comes first).
 */
public record TensorSpec(String name, DataType datatype, long[] shape) {

    public TensorSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && t.name.equals(name) && t.datatype == datatype && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + datatype + " " + Arrays.toString(shape);
    }
}
