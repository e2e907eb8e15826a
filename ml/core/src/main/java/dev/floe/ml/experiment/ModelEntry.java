package dev.floe.ml.experiment;

/** One trained model as the store records it: run, family, training set, test accuracy and baseline, file, end time. */
public record ModelEntry(String run, String architecture, String trainingSet, Double testAccuracy,
                         Double majorityBaseline, String modelFile, String ended) {
}
