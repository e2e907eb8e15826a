package dev.floe.ml.trainingset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import dev.floe.ml.MlDataException;

/**
 * Seeded stratified split: each class's samples, sorted by id (so the answer does not depend on the order
 * a SPARQL engine returns rows in) and shuffled with the seed, are cut by the ratios. Per class the counts
 * are apportioned by largest remainder (ties to the earlier split), so they are exact and sum to the
 * class size. A class that would leave a split with a non-zero ratio empty is an error: that class could
 * not be evaluated.
 */
public final class StratifiedSplitter {

    private StratifiedSplitter() {
    }

    /** Sample id to split, for {@code labels} (sample id to class). */
    public static Map<String, Split> split(Map<String, String> labels, SplitRatios ratios, long seed) {
        Map<String, List<String>> byClass = new TreeMap<>();
        labels.forEach((sample, label) -> byClass.computeIfAbsent(label, k -> new ArrayList<>()).add(sample));
        Map<String, Split> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : byClass.entrySet()) {
            List<String> samples = e.getValue();
            Collections.sort(samples);
            // one generator per class, derived from the seed and the class name, so adding a class does not
            // reshuffle the others
            Collections.shuffle(samples, new Random(seed * 31 + e.getKey().hashCode()));
            int[] counts = counts(samples.size(), ratios);
            for (Split s : Split.values()) {
                if (ratios.of(s) > 0 && counts[s.ordinal()] == 0) {
                    throw new MlDataException("class \"" + e.getKey() + "\" has " + samples.size() + " sample"
                            + (samples.size() == 1 ? "" : "s") + ", too few for the " + s.label() + " split at " + ratios
                            + " (it would be empty); add samples or change --split");
                }
            }
            int k = 0;
            for (Split s : Split.values()) {
                for (int i = 0; i < counts[s.ordinal()]; i++) {
                    out.put(samples.get(k++), s);
                }
            }
        }
        return out;
    }

    /** Largest-remainder apportionment of {@code n} by the ratios. */
    static int[] counts(int n, SplitRatios ratios) {
        Split[] splits = Split.values();
        int[] counts = new int[3];
        double[] rest = new double[3];
        int given = 0;
        for (Split s : splits) {
            double exact = n * ratios.of(s);
            counts[s.ordinal()] = (int) Math.floor(exact + 1e-9);
            rest[s.ordinal()] = exact - counts[s.ordinal()];
            given += counts[s.ordinal()];
        }
        while (given < n) {
            int best = 0;
            for (int i = 1; i < 3; i++) {
                if (rest[i] > rest[best] + 1e-9) {
                    best = i;
                }
            }
            counts[best]++;
            rest[best] = -1;
            given++;
        }
        return counts;
    }
}
