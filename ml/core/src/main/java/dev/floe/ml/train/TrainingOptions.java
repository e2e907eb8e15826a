package dev.floe.ml.train;

import dev.floe.ml.MlDataException;

/** How long and how to train: epochs, minibatch size and the seed of weights and shuffling. */
public record TrainingOptions(int epochs, int batchSize, long seed) {

    public TrainingOptions {
        if (epochs < 1 || batchSize < 1) {
            throw new MlDataException("epochs and batch size must be positive, got " + epochs + " and " + batchSize);
        }
    }
}
