package dev.floe.ml.tuning;

import java.nio.file.Path;
import java.util.Map;

import dev.floe.ml.train.EpochMetrics;

/** Trains one trial's model epoch by epoch, and saves and restores it: the part of a study that knows the model. */
public interface TrialTrainer {

    /**
     * The trial's model: fresh from {@code seed}, or (when {@code checkpoint} is not null) as it was saved after {@code
     * epochsDone} epochs.
     */
    TrialRun open(Map<String, Object> params, long seed, Path checkpoint, int epochsDone);

    /** One trial's model in training. */
    interface TrialRun {

        /** Trains epoch {@code epoch} (1-based) and measures it. */
        EpochMetrics epoch(int epoch);

        /** Saves everything training needs to continue (weights and updater state) to {@code file}. */
        void checkpoint(Path file);
    }
}
