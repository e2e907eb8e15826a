package dev.floe.ml.api;

import java.util.Locale;

/**
 * Element types of served tensors, named as the Open Inference Protocol (KServe v2, Triton) names them, with the
 * TensorFlow {@code DT_*} name TF Serving's metadata uses and the size of one element in the binary tensor extension
 * (0 for BYTES, whose elements carry their own 4-byte length).
 */
public enum DataType {
    BOOL("DT_BOOL", 1), UINT8("DT_UINT8", 1), UINT16("DT_UINT16", 2), UINT32("DT_UINT32", 4), UINT64("DT_UINT64", 8),
    INT8("DT_INT8", 1), INT16("DT_INT16", 2), INT32("DT_INT32", 4), INT64("DT_INT64", 8),
    FP16("DT_HALF", 2), FP32("DT_FLOAT", 4), FP64("DT_DOUBLE", 8), BYTES("DT_STRING", 0);

    private final String tensorFlowName;
    private final int bytes;

    DataType(String tensorFlowName, int bytes) {
        this.tensorFlowName = tensorFlowName;
        this.bytes = bytes;
    }

    /** TensorFlow's name, e.g. {@code DT_FLOAT}. */
    public String tensorFlowName() {
        return tensorFlowName;
    }

    /** Bytes per element in the binary tensor extension; 0 for {@link #BYTES}. */
    public int elementBytes() {
        return bytes;
    }

    /** True for the types whose values are numbers (everything but BYTES). */
    public boolean numeric() {
        return this != BYTES;
    }

    /** The type named {@code name} (Open Inference Protocol spelling, any case). */
    public static DataType parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "unknown datatype " + name
                    + " (one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES)");
        }
    }
}
