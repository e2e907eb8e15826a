package dev.floe.ml.trainingset;

import java.util.List;
import java.util.Map;

/**
 * What a materialised training set is ({@code trainingset.json} in its folder): its name and IRI, when and
 * from where it was made, the query, seed and split ratios, the classes, the feature variables, the shape of
 * its rasters (null when it has none), and the sample count per split and class.
 */
public record Manifest(String name, String iri, String created, String source, String query, long seed,
                       String splitRatios, List<String> classes, List<String> features, int[] rasterShape,
                       Map<String, Map<String, Integer>> counts) {

    public static final String FILE = "trainingset.json";

    /** All samples. */
    public int total() {
        return counts.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
    }

    /** Samples in one split. */
    public int total(Split split) {
        return counts.getOrDefault(split.label(), Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }
}
