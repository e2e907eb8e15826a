package dev.floe.ml.tuning;

import java.util.ArrayList;
import java.util.List;

/**
 * One dimension of a {@link SearchSpace}: a name and the values it may take. {@link #at} maps a point u of [0, 1)
 * (from a random, grid or Sobol sampler) to a value, so every sampler works on the unit cube.
 */
public sealed interface Parameter {

    String name();

    /** The value at {@code u} in [0, 1). */
    Object at(double u);

    /** {@code points} values spread over the range for grid search (every value of a choice or a small integer range). */
    List<Object> grid(int points);

    /** log(value) uniform between {@code low} and {@code high}, both positive: learning rates. */
    record LogUniform(String name, double low, double high) implements Parameter {
        @Override
        public Object at(double u) {
            if (u <= 0 || u >= 1) { // the ends exactly, not exp(log(end)) off by an ulp: grids show the bounds given
                return u <= 0 ? low : high;
            }
            return Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)));
        }

        @Override
        public List<Object> grid(int points) {
            return spread(this, points);
        }
    }

    /** A real value uniform between {@code low} and {@code high}. */
    record Uniform(String name, double low, double high) implements Parameter {
        @Override
        public Object at(double u) {
            return low + u * (high - low);
        }

        @Override
        public List<Object> grid(int points) {
            return spread(this, points);
        }
    }

    /** An integer uniform between {@code low} and {@code high}, both included. */
    record IntRange(String name, int low, int high) implements Parameter {
        @Override
        public Object at(double u) {
            return Math.min(high, low + (int) Math.floor(u * (high - low + 1)));
        }

        @Override
        public List<Object> grid(int points) {
            if (high - low + 1 <= points) {
                List<Object> all = new ArrayList<>();
                for (int v = low; v <= high; v++) {
                    all.add(v);
                }
                return all;
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < points; i++) {
                int v = (int) Math.round(low + (double) i * (high - low) / (points - 1));
                if (!out.contains(v)) {
                    out.add(v);
                }
            }
            return out;
        }
    }

    /** One of a list of values (numbers or strings). */
    record Choice(String name, List<Object> values) implements Parameter {
        public Choice {
            values = List.copyOf(values);
        }

        @Override
        public Object at(double u) {
            return values.get(Math.min(values.size() - 1, (int) Math.floor(u * values.size())));
        }

        @Override
        public List<Object> grid(int points) {
            return values;
        }
    }

    /** {@code points} values from low to high, both ends included (one point: the middle). */
    private static List<Object> spread(Parameter p, int points) {
        List<Object> out = new ArrayList<>();
        if (points == 1) {
            out.add(p.at(0.5));
            return out;
        }
        for (int i = 0; i < points; i++) {
            out.add(p.at((double) i / (points - 1)));
        }
        return out;
    }
}
