package dev.floe.endpoint.serving;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.floe.ml.api.ServingException;

/**
 * The elements of one input tensor as a request gives them, flat and in row-major order, before the model's signature
 * says their type: numbers (booleans as 0 and 1) or strings, never both. Grows as a request is read; not thread-safe.
 */
final class Elements {

    private final String input;
    private double[] numbers = new double[16];
    private int count;
    private List<String> strings;

    /** {@code input} names the input in messages. */
    Elements(String input) {
        this.input = input;
    }

    void add(double value) {
        if (strings != null) {
            throw mixed();
        }
        if (count == numbers.length) {
            numbers = Arrays.copyOf(numbers, Math.max(16, count * 2));
        }
        numbers[count++] = value;
    }

    void add(String value) {
        if (count > 0) {
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
        return strings != null ? strings.size() : count;
    }

    boolean hasStrings() {
        return strings != null;
    }

    double[] numbers() {
        return count == numbers.length ? numbers : Arrays.copyOf(numbers, count);
    }

    String[] strings() {
        return strings == null ? new String[0] : strings.toArray(String[]::new);
    }

    private ServingException mixed() {
        return new ServingException(ServingException.Kind.INVALID_ARGUMENT, "input " + input
                + " mixes numbers and strings");
    }
}
