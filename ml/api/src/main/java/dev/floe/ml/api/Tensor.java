package dev.floe.ml.api;

import java.util.Arrays;

/**
 * A named, typed, shaped tensor as the serving protocols exchange it, its elements flat in row-major order.
 * Numbers are held as doubles, which represent every FP32 and every integer up to 2^53 exactly; BYTES elements as
 * strings (UTF-8 on the wire). Arrays are taken as they are, not copied: treat them as read-only.
 */
public sealed interface Tensor permits Tensor.Numbers, Tensor.Strings {

    String name();

    DataType datatype();

    long[] shape();

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

    /** A numeric tensor (every type but BYTES). */
    record Numbers(String name, DataType datatype, long[] shape, double[] data) implements Tensor {
        public Numbers {
            if (!datatype.numeric()) {
                throw new IllegalArgumentException(name + ": BYTES is not numeric");
            }
            if (elements(shape) != data.length) {
                throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "input " + name + ": shape "
                        + Arrays.toString(shape) + " holds " + elements(shape) + " values, the data has " + data.length);
            }
        }

        /** A float tensor, e.g. a model's probabilities. */
        public static Numbers fp32(String name, long[] shape, double[] data) {
            return new Numbers(name, DataType.FP32, shape, data);
        }
    }

    /** A BYTES tensor of strings, e.g. a model's class labels. */
    record Strings(String name, long[] shape, String[] data) implements Tensor {
        public Strings {
            if (elements(shape) != data.length) {
                throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "input " + name + ": shape "
                        + Arrays.toString(shape) + " holds " + elements(shape) + " values, the data has " + data.length);
            }
        }

        @Override
        public DataType datatype() {
            return DataType.BYTES;
        }
    }
}
