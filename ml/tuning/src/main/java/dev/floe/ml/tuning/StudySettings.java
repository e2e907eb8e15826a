package dev.floe.ml.tuning;

/**
 * How a study searches ({@code study.json}): the training set and model family, the search space (its YAML text, so
 * the study does not depend on the file staying put), the strategy, the number of trials, parallel workers, the epoch
 * budget of one trial, the metric, the seed, and the scheduler's constants: eta and the first rung of ASHA and
 * Hyperband, the grace epochs, patience and smoothing window of the median rule.
 */
public record StudySettings(String name, String trainingSet, String model, String space, String spaceSource, Strategy strategy,
                            int trials, int parallel, int maxEpochs, String metric, long seed, int eta, int minEpochs,
                            int patience, int window) {

    public static final String FILE = "study.json";

    public StudySettings {
        if (trials < 1 || parallel < 1 || maxEpochs < 1) {
            throw new SpaceException("trials, parallel and max epochs must be positive, got " + trials + ", " + parallel
                    + " and " + maxEpochs);
        }
    }

    /** The scheduler these settings call for. */
    public Scheduler scheduler() {
        return switch (strategy) {
            case ASHA -> new Asha(minEpochs, maxEpochs, eta);
            case HYPERBAND -> new Hyperband(minEpochs, maxEpochs, eta);
            case RANDOM, GRID, SOBOL -> new MedianStopping(maxEpochs, minEpochs, patience, window, 2);
        };
    }

    /** The sampler that chooses the trials' hyperparameters. */
    public Sampler sampler() {
        return switch (strategy) {
            case GRID -> Sampler.GRID;
            case SOBOL -> Sampler.SOBOL;
            case RANDOM, ASHA, HYPERBAND -> Sampler.RANDOM;
        };
    }
}
