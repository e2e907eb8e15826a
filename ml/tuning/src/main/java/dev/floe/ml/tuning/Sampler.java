package dev.floe.ml.tuning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.commons.math3.random.SobolSequenceGenerator;

/**
 * Chooses the hyperparameters of a study's trials, all of them up front from the study seed, so that trial {@code i}
 * of a study has the same values whatever order trials finish in, and a resumed study continues with the same ones.
 */
public enum Sampler {

    /** Independent uniform points of the unit cube (java.util.Random of the seed). */
    RANDOM {
        @Override
        public List<Map<String, Object>> sample(SearchSpace space, int n, long seed) {
            Random random = new Random(seed);
            List<Map<String, Object>> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double[] u = new double[space.dimensions()];
                for (int d = 0; d < u.length; d++) {
                    u[d] = random.nextDouble();
                }
                out.add(space.at(u));
            }
            return out;
        }
    },

    /**
     * The cross product of each parameter's grid (every choice and small integer range; ceil(n^(1/d)) points over a
     * real or large range, ends included), in order; when it holds more than n points, n of them evenly spaced along
     * it. The seed plays no part.
     */
    GRID {
        @Override
        public List<Map<String, Object>> sample(SearchSpace space, int n, long seed) {
            int points = Math.max(2, (int) Math.ceil(Math.pow(n, 1.0 / space.dimensions()) - 1e-9));
            List<List<Object>> axes = new ArrayList<>();
            long total = 1;
            for (Parameter p : space.parameters()) {
                List<Object> axis = p.grid(points);
                axes.add(axis);
                total *= axis.size();
            }
            List<Map<String, Object>> out = new ArrayList<>();
            int count = (int) Math.min(n, total);
            for (int i = 0; i < count; i++) {
                long index = total <= n ? i : Math.round((double) i * (total - 1) / Math.max(1, count - 1));
                Map<String, Object> values = new LinkedHashMap<>();
                long rest = index;
                for (int d = axes.size() - 1; d >= 0; d--) { // last parameter varies fastest
                    List<Object> axis = axes.get(d);
                    values.put(space.parameters().get(d).name(), axis.get((int) (rest % axis.size())));
                    rest /= axis.size();
                }
                Map<String, Object> ordered = new LinkedHashMap<>();
                space.parameters().forEach(p -> ordered.put(p.name(), values.get(p.name())));
                out.add(ordered);
            }
            return out;
        }
    },

    /**
     * Points of commons-math3's Sobol sequence (low discrepancy: fills the cube more evenly than random points), after
     * skipping (seed mod 1024) points so that studies with other seeds see other points.
     */
    SOBOL {
        @Override
        public List<Map<String, Object>> sample(SearchSpace space, int n, long seed) {
            SobolSequenceGenerator sobol = new SobolSequenceGenerator(space.dimensions());
            sobol.skipTo((int) Math.floorMod(seed, 1024L) + 1); // point 0 is the cube's corner: never used
            List<Map<String, Object>> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(space.at(sobol.nextVector()));
            }
            return out;
        }
    };

    /** The hyperparameters of trials 0 .. n-1 (fewer for a grid smaller than n). */
    public abstract List<Map<String, Object>> sample(SearchSpace space, int n, long seed);
}
