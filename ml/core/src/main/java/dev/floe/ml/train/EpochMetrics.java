package dev.floe.ml.train;

/**
 * What one epoch achieved: the loss (mean cross-entropy) and accuracy on the whole training split after
 * the epoch, the same on the validation split (NaN when there is none), and the throughput of the epoch.
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                           double validationAccuracy, double samplesPerSecond) {
}
