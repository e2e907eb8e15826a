package dev.floe.endpoint.serving;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.floe.ml.api.ServingException;

/**
 * The elements of one input tensor as a request gives them, flat and in row-major order, before the model's signature
 * says their type: numbers (booleans as 0 and 1) or strings, never both; FP32 binary data stays the floats it was
 * decoded into. Grows as a request is read; not thread-safe.
 */
final class Elements {

    private final String input;
    private double[] numbers = new double[16];
    private int count;
    private List<String> strings;
    /** FP32 values decoded as such (the binary tensor extension); null otherwise. */
    private float[] floats;

    /** {@code input} names the input in messages. */
    Elements(String input) {
        this.input = input;
    }

    /** The FP32 values of input {@code input}, taken as they are (not copied). */
    static Elements ofFloats(String input, float[] values) {
        Elements e = new Elements(input);
        e.floats = values;
        return e;
    }

    /** The numbers of input {@code input}, taken as they are (not copied). */
    static Elements ofNumbers(String input, double[] values) {
        Elements e = new Elements(input);
        e.numbers = values;
        e.count = values.length;
        return e;
    }

    void add(double value) {
        widen();
        if (strings != null) {
            throw mixed();
        }
        if (count == numbers.length) {
            numbers = Arrays.copyOf(numbers, Math.max(16, count * 2));
        }
        numbers[count++] = value;
    }

    void add(String value) {
        if (count > 0 || floats != null) {
            throw mixed();
        }
        if (strings == null) {
            strings = new ArrayList<>();
        }
        strings.add(value);
    }

    /** Takes {@code n} numbers at once (the binary tensor extension). */
    void addAll(double[] values) {
        for (double v : values) {
            add(v);
        }
    }

    /** Repeats the elements added so far {@code times} times in all (TF Serving's classify context). */
    void repeat(int times) {
        widen();
        if (strings != null) {
            List<String> one = List.copyOf(strings);
            for (int i = 1; i < times; i++) {
                strings.addAll(one);
            }
        } else {
            double[] one = Arrays.copyOf(numbers, count);
            for (int i = 1; i < times; i++) {
                addAll(one);
            }
        }
    }

    int size() {
        return floats != null ? floats.length : strings != null ? strings.size() : count;
    }

    boolean hasStrings() {
        return strings != null;
    }

    double[] numbers() {
        widen();
        return count == numbers.length ? numbers : Arrays.copyOf(numbers, count);
    }

    /**
     * The numbers rounded to FP32, in one pass over what was read (no intermediate copy); FP32 binary data as it was
     * decoded. Range and finiteness are the caller's to check.
     */
    float[] floats() {
        if (floats != null) {
            return floats;
        }
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) numbers[i];
        }
        return out;
    }

    /** True when the elements are FP32 binary data, held as the floats they were decoded into. */
    boolean hasFloats() {
        return floats != null;
    }

    /** Number {@code i} as it was read (for messages). */
    double number(int i) {
        return floats != null ? floats[i] : numbers[i];
    }

    /** Holds FP32 binary data as doubles from now on, for the rare caller that needs them (an input that is not FP32). */
    private void widen() {
        if (floats != null) {
            numbers = new double[Math.max(16, floats.length)];
            for (int i = 0; i < floats.length; i++) {
                numbers[i] = floats[i];
            }
            count = floats.length;
            floats = null;
        }
    }

    String[] strings() {
        return strings == null ? new String[0] : strings.toArray(String[]::new);
    }

    private ServingException mixed() {
        return new ServingException(ServingException.Kind.INVALID_ARGUMENT, "input " + input
                + " mixes numbers and strings");
    }
}
