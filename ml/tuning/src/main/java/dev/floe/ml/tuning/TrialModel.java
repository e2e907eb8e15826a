package dev.floe.ml.tuning;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.model.CnnSpec;
import dev.floe.ml.model.ModelFamily;

/**
 * The model and batch size a trial's hyperparameters give: the family's defaults with what the trial sets. Names:
 * {@code learning_rate} (Adam), {@code batch_size}, {@code dense} (width of the dense layers), {@code filters} (of the
 * first convolution block; each further block doubles them) and {@code blocks} (how many convolution blocks).
 */
public record TrialModel(int[] filters, int dense, double learningRate, int batchSize) {

    /** The default batch size of {@code floe train}. */
    public static final int DEFAULT_BATCH = 32;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;

    enum Kind { REAL, INTEGER }

    private static final List<String> NAMES = List.of("learning_rate", "batch_size", "dense", "filters", "blocks");

    public TrialModel {
        filters = filters.clone();
    }

    /** The hyperparameters a space may name (the same for every family: both are CNNs of {@link CnnSpec}'s shape). */
    public static List<String> parameterNames() {
        return NAMES;
    }

    static Kind kindOf(String name) {
        return name.equals("learning_rate") ? Kind.REAL : Kind.INTEGER;
    }

    /** {@code family}'s default model with the values of {@code params} in their place. */
    public static TrialModel of(ModelFamily family, Map<String, Object> params) {
        int[] defaults = family.defaultFilters();
        int blocks = params.containsKey("blocks") ? ((Number) params.get("blocks")).intValue() : defaults.length;
        int first = params.containsKey("filters") ? ((Number) params.get("filters")).intValue() : defaults[0];
        int[] filters = new int[blocks];
        for (int i = 0; i < blocks; i++) {
            filters[i] = first << i;
        }
        int dense = params.containsKey("dense") ? ((Number) params.get("dense")).intValue() : family.defaultDense();
        double lr = params.containsKey("learning_rate") ? ((Number) params.get("learning_rate")).doubleValue() : DEFAULT_LEARNING_RATE;
        int batch = params.containsKey("batch_size") ? ((Number) params.get("batch_size")).intValue() : DEFAULT_BATCH;
        return new TrialModel(filters, dense, lr, batch);
    }

    /** The network for {@code adapted} samples (after {@link ModelFamily#adapt}). */
    public CnnSpec spec(ModelFamily family, ImageSamples adapted) {
        return family.spec(adapted, filters, dense, learningRate);
    }

    @Override
    public int[] filters() {
        return filters.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrialModel t && Arrays.equals(filters, t.filters) && dense == t.dense
                && learningRate == t.learningRate && batchSize == t.batchSize;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(filters) * 31 + dense;
    }

    @Override
    public String toString() {
        return "filters " + Arrays.toString(filters) + ", dense " + dense + ", learning rate " + learningRate + ", batch " + batchSize;
    }
}
