package dev.floe.ml.api;

import java.util.Arrays;

/**
 * A named, typed, shaped tensor as the serving protocols exchange it, its elements flat in row-major order.
 * Numbers are held as doubles, which represent every FP32 and every integer up to 2^53 exactly, or, for a model's FP32
 * inputs, as the floats the forward pass takes ({@link Floats}); BYTES elements as strings (UTF-8 on the wire). Arrays
 * are taken as they are, not copied: treat them as read-only.
 */
public sealed interface Tensor permits Tensor.Numbers, Tensor.Floats, Tensor.Strings {

    String name();

    DataType datatype();

    long[] shape();

    /** Element {@code i} of a numeric tensor, as a double (exact for every FP32 value); a BYTES tensor has none. */
    double number(int i);

    /** The number of elements the shape holds. */
    static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "negative dimension in shape "
                        + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Checks that {@code shape} holds exactly {@code length} values (INVALID_ARGUMENT naming the input if not). */
    private static void requireSize(String name, long[] shape, int length) {
        long n = elements(shape);
        if (n != length) {
            throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "input " + name + ": shape "
                    + Arrays.toString(shape) + " holds " + n + " values, the data has " + length);
        }
    }

    /** A numeric tensor (every type but BYTES). */
    record Numbers(String name, DataType datatype, long[] shape, double[] data) implements Tensor {
        public Numbers {
            if (!datatype.numeric()) {
                throw new IllegalArgumentException(name + ": BYTES is not numeric");
            }
            requireSize(name, shape, data.length);
        }

        /** A float tensor, e.g. a model's probabilities. */
        public static Numbers fp32(String name, long[] shape, double[] data) {
            return new Numbers(name, DataType.FP32, shape, data);
        }

        @Override
        public double number(int i) {
            return data[i];
        }
    }

    /**
     * An FP32 tensor of finite values held as floats: what a protocol decodes a model's FP32 input into, so that its
     * values reach the forward pass without being converted or checked again. The constructor checks each value once
     * (INVALID_ARGUMENT naming the input and the first element that is NaN or infinite); whoever takes one need not.
     */
    record Floats(String name, long[] shape, float[] data) implements Tensor {
        public Floats {
            requireSize(name, shape, data.length);
            int bad = firstNonFinite(data);
            if (bad >= 0) {
                throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "input " + name + ": element " + bad + " is "
                        + data[bad] + "; only finite numbers are accepted");
            }
        }

        /** The index of the first NaN or infinite value of {@code data}, or -1 when all are finite. */
        public static int firstNonFinite(float[] data) {
            for (int i = 0; i < data.length; i++) {
                if (!Float.isFinite(data[i])) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public DataType datatype() {
            return DataType.FP32;
        }

        @Override
        public double number(int i) {
            return data[i];
        }
    }

    /** A BYTES tensor of strings, e.g. a model's class labels. */
    record Strings(String name, long[] shape, String[] data) implements Tensor {
        public Strings {
            requireSize(name, shape, data.length);
        }

        @Override
        public DataType datatype() {
            return DataType.BYTES;
        }

        @Override
        public double number(int i) {
            throw new UnsupportedOperationException(name + " is BYTES: its elements are strings");
        }
    }
}
