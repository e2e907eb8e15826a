package dev.floe.endpoint.serving;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.floe.ml.api.DataType;
import dev.floe.ml.api.ModelVersionInfo;
import dev.floe.ml.api.ServingException;
import dev.floe.ml.api.Tensor;
import dev.floe.ml.api.TensorSpec;

/**
 * Types and checks decoded inputs against a model version's signature, so that a client learns in its own terms what
 * is wrong before any forward pass: every input named and none unknown, the declared datatype the model's, the
 * shape fitting (-1 fits any size), the values finite and within the datatype (FP32 values become the floats the model
 * takes, {@link Tensor.Floats}, each checked once), and every input with the same number of rows. Stateless.
 */
final class SignatureBinding {

    private SignatureBinding() {
    }

    /** The inputs in signature order, typed. */
    static Map<String, Tensor> bind(ModelVersionInfo info, List<DecodedTensor> decoded) {
        List<TensorSpec> specs = info.signature().inputs();
        String model = "model " + info.model() + " version " + info.version();
        Map<String, DecodedTensor> byName = new LinkedHashMap<>();
        for (DecodedTensor d : decoded) {
            String name = d.name();
            if (name == null) {
                if (specs.size() != 1) {
                    throw invalid("name each input: " + model + " takes " + names(specs));
                }
                name = specs.get(0).name();
            }
            if (byName.put(name, d) != null) {
                throw invalid("input " + name + " is given twice");
            }
        }
        Set<String> known = new HashSet<>();
        specs.forEach(s -> known.add(s.name()));
        for (String name : byName.keySet()) {
            if (!known.contains(name)) {
                throw invalid("unknown input " + name + ": " + model + " takes " + names(specs));
            }
        }
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        Long rows = null;
        String first = null;
        for (TensorSpec spec : specs) {
            DecodedTensor d = byName.get(spec.name());
            if (d == null) {
                throw invalid("missing input " + spec + " (" + model + " takes " + names(specs) + ")");
            }
            Tensor t = typed(spec, d);
            long n = t.shape().length == 0 ? 1 : t.shape()[0];
            if (rows == null) {
                rows = n;
                first = spec.name();
            } else if (rows != n) {
                throw invalid("the inputs disagree on the number of rows: " + first + " has " + rows + ", "
                        + spec.name() + " has " + n);
            }
            inputs.put(spec.name(), t);
        }
        if (rows != null && rows == 0) {
            throw invalid("the request holds no rows");
        }
        return inputs;
    }

    private static Tensor typed(TensorSpec spec, DecodedTensor d) {
        String name = spec.name();
        if (d.declared() != null && d.declared() != spec.datatype()) {
            throw invalid("input " + name + " is " + d.declared() + "; the model takes " + spec.datatype());
        }
        long[] want = spec.shape();
        long[] got = d.shape();
        boolean fits = want.length == got.length;
        for (int i = 0; fits && i < want.length; i++) {
            fits = want[i] < 0 || want[i] == got[i];
        }
        if (!fits) {
            throw invalid("input " + name + " has shape " + Arrays.toString(got) + "; the model takes "
                    + Arrays.toString(want) + " (-1: any size)");
        }
        Elements e = d.elements();
        if (spec.datatype() == DataType.BYTES) {
            if (e.size() > 0 && !e.hasStrings()) {
                throw invalid("input " + name + " holds numbers; the model takes strings (BYTES)");
            }
            return new Tensor.Strings(name, got, e.strings());
        }
        if (e.hasStrings()) {
            throw invalid("input " + name + " holds strings; the model takes numbers (" + spec.datatype() + ")");
        }
        if (spec.datatype() == DataType.FP32) {
            return fp32(name, got, e);
        }
        double[] data = e.numbers();
        check(name, spec.datatype(), data);
        return new Tensor.Numbers(name, spec.datatype(), got, data);
    }

    /**
     * FP32 values as the floats the model takes, each checked once: {@link Tensor.Floats} refuses the first that is not
     * finite, and only then is it told apart from a finite number beyond FP32's range, which rounds to infinity.
     */
    private static Tensor fp32(String name, long[] shape, Elements e) {
        float[] floats = e.floats();
        try {
            return new Tensor.Floats(name, shape, floats);
        } catch (ServingException notFinite) {
            int i = Tensor.Floats.firstNonFinite(floats);
            if (i >= 0 && !e.hasFloats()) {
                double v = e.number(i);
                if (Double.isFinite(v)) {
                    throw invalid("input " + name + ": element " + i + " (" + v + ") is beyond the range of FP32");
                }
                throw invalid("input " + name + ": element " + i + " is " + v + "; only finite numbers are accepted");
            }
            throw notFinite;
        }
    }

    /** Checks the values of a type other than FP32 in place. */
    private static void check(String name, DataType type, double[] data) {
        for (int i = 0; i < data.length; i++) {
            double v = data[i];
            if (!Double.isFinite(v)) {
                throw invalid("input " + name + ": element " + i + " is " + v + "; only finite numbers are accepted");
            }
            switch (type) {
                case FP64, FP16 -> { }
                case BOOL -> {
                    if (v != 0 && v != 1) {
                        throw invalid("input " + name + ": element " + i + " (" + v + ") is not a boolean");
                    }
                }
                default -> {
                    if (v != Math.rint(v) || v < min(type) || v > max(type)) {
                        throw invalid("input " + name + ": element " + i + " (" + v + ") is not a " + type + " value");
                    }
                }
            }
        }
    }

    private static double min(DataType type) {
        return type.name().startsWith("U") ? 0 : -Math.pow(2, type.elementBytes() * 8 - 1);
    }

    private static double max(DataType type) {
        int bits = type.elementBytes() * 8;
        return type.name().startsWith("U") ? Math.pow(2, bits) - 1 : Math.pow(2, bits - 1) - 1;
    }

    private static String names(List<TensorSpec> specs) {
        List<String> all = new ArrayList<>();
        specs.forEach(s -> all.add(s.toString()));
        return String.join(", ", all);
    }

    private static ServingException invalid(String message) {
        return new ServingException(ServingException.Kind.INVALID_ARGUMENT, message);
    }
}
