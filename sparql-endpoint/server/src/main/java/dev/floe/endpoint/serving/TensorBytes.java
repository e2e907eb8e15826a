package dev.floe.endpoint.serving;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import dev.floe.ml.api.DataType;
import dev.floe.ml.api.ServingException;
import dev.floe.ml.api.Tensor;

/**
 * Tensors in the binary tensor extension of the Open Inference Protocol (Triton's {@code binary_tensor_data}): the
 * elements in row-major order, little-endian, each of its datatype's size; a BYTES element is a 4-byte length and
 * that many bytes of UTF-8. FP16 is not taken: a client sends FP32. Stateless.
 */
final class TensorBytes {

    private TensorBytes() {
    }

    /** The elements of input {@code name} from {@code length} bytes at {@code offset}. */
    static Elements decode(String name, DataType type, byte[] bytes, int offset, int length) {
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, length).order(ByteOrder.LITTLE_ENDIAN);
        if (type == DataType.BYTES) {
            Elements e = new Elements(name);
            while (b.hasRemaining()) {
                if (b.remaining() < 4) {
                    throw invalid("input " + name + ": its BYTES data ends inside an element's 4-byte length");
                }
                int n = b.getInt();
                if (n < 0 || n > b.remaining()) {
                    throw invalid("input " + name + ": a BYTES element of " + Integer.toUnsignedString(n)
                            + " bytes runs past the " + b.remaining() + " bytes left");
                }
                e.add(new String(bytes, b.position(), n, StandardCharsets.UTF_8));
                b.position(b.position() + n);
            }
            return e;
        }
        if (type == DataType.FP16) {
            throw invalid("input " + name + ": FP16 is not supported; send FP32");
        }
        if (length % type.elementBytes() != 0) {
            throw invalid("input " + name + ": binary_data_size " + length + " is not a multiple of " + type.elementBytes()
                    + " bytes (one " + type + ")");
        }
        if (type == DataType.FP32) {
            // straight into the floats a model's FP32 input is held in: no doubles, no second copy
            float[] floats = new float[length / 4];
            b.asFloatBuffer().get(floats);
            return Elements.ofFloats(name, floats);
        }
        double[] values = new double[length / type.elementBytes()];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (type) {
                case BOOL -> b.get() != 0 ? 1 : 0;
                case UINT8 -> Byte.toUnsignedInt(b.get());
                case UINT16 -> Short.toUnsignedInt(b.getShort());
                case UINT32 -> Integer.toUnsignedLong(b.getInt());
                case UINT64 -> unsigned(b.getLong());
                case INT8 -> b.get();
                case INT16 -> b.getShort();
                case INT32 -> b.getInt();
                case INT64 -> b.getLong();
                case FP64 -> b.getDouble();
                default -> throw new IllegalStateException(type.name());
            };
        }
        return Elements.ofNumbers(name, values);
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2 + (v & 1);
    }

    /** The size of {@code t} in bytes. */
    static int size(Tensor t) {
        if (t instanceof Tensor.Strings s) {
            int n = 0;
            for (String v : s.data()) {
                n += 4 + v.getBytes(StandardCharsets.UTF_8).length;
            }
            return n;
        }
        return Math.toIntExact(Tensor.elements(t.shape()) * t.datatype().elementBytes());
    }

    /** Puts the elements of {@code t} into {@code b} (little-endian). */
    static void encode(Tensor t, ByteBuffer b) {
        b.order(ByteOrder.LITTLE_ENDIAN);
        if (t instanceof Tensor.Strings s) {
            for (String v : s.data()) {
                byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
                b.putInt(utf8.length).put(utf8);
            }
            return;
        }
        if (t instanceof Tensor.Floats f) {
            b.asFloatBuffer().put(f.data());
            b.position(b.position() + 4 * f.data().length);
            return;
        }
        for (double v : ((Tensor.Numbers) t).data()) {
            switch (t.datatype()) {
                case BOOL, UINT8, INT8 -> b.put((byte) (long) v);
                case UINT16, INT16 -> b.putShort((short) (long) v);
                case UINT32, INT32 -> b.putInt((int) (long) v);
                case UINT64, INT64 -> b.putLong((long) v);
                case FP32 -> b.putFloat((float) v);
                case FP64 -> b.putDouble(v);
                default -> throw invalid("output " + t.name() + ": " + t.datatype() + " cannot be sent in binary");
            }
        }
    }

    private static ServingException invalid(String message) {
        return new ServingException(ServingException.Kind.INVALID_ARGUMENT, message);
    }
}
