package dev.floe.ml.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.floe.ml.MlDataException;
import dev.floe.ml.monitoring.ReferenceProfile.HeldOut;
import dev.floe.ml.monitoring.ReferenceProfile.ValidationRow;

/**
 * Builds a {@link ReferenceProfile} in one pass over the training and validation rows: counts and reservoirs as the
 * rows arrive; the decile histograms at the end, from the reference rows (the feature distributions are not known
 * before the last row, and the reservoir is a uniform sample of them, large enough for deciles).
 *
 * <p>The two reservoirs draw from two generators split off one seeded generator, so the training sample does not
 * depend on how many validation rows were interleaved with it. Not thread-safe.
 */
final class ProfileBuilder implements ReferenceProfile.Builder {

    private final List<String> featureNames;
    private final List<String> classes;
    private final long seed;
    private final Reservoir<double[]> training;
    private final Reservoir<ValidationRow> validation;
    private final long[] classPrior;
    private final long[] predicted;
    private final long[] maxProbability;
    private final Histogram maxProbabilityBins = Histogram.on(ReferenceProfile.MAX_PROBABILITY_EDGES, new double[0]);

    ProfileBuilder(List<String> featureNames, List<String> classes, long seed, int trainingSample,
            int validationSample) {
        this.featureNames = List.copyOf(featureNames);
        this.classes = List.copyOf(classes);
        this.seed = seed;
        SplittableRandom random = new SplittableRandom(seed);
        this.training = new Reservoir<>(trainingSample, random.split());
        this.validation = new Reservoir<>(validationSample, random.split());
        this.classPrior = new long[classes.size()];
        this.predicted = new long[classes.size()];
        this.maxProbability = new long[ReferenceProfile.MAX_PROBABILITY_EDGES.length + 1];
    }

    @Override
    public void training(double[] features, int label) {
        String row = "training row " + training.seen();
        checkFeatures(row, features);
        if (label < 0 || label >= classes.size()) {
            throw new IllegalArgumentException(row + " has the class index " + label + "; the classes are 0 to "
                    + (classes.size() - 1) + " " + classes);
        }
        classPrior[label]++;
        training.offer(features.clone());
    }

    @Override
    public void validation(double[] features, float[] probabilities) {
        String row = "validation row " + validation.seen();
        checkFeatures(row, features);
        if (probabilities.length != classes.size()) {
            throw new IllegalArgumentException(row + " has " + probabilities.length + " probabilities, not "
                    + classes.size() + " (one per class " + classes + ")");
        }
        int top = 0;
        for (int k = 0; k < probabilities.length; k++) {
            if (!Float.isFinite(probabilities[k])) {
                throw new MlDataException(row + ": the probability of " + classes.get(k) + " is " + probabilities[k]);
            }
            if (probabilities[k] > probabilities[top]) {
                top = k;
            }
        }
        predicted[top]++;
        maxProbability[maxProbabilityBins.bin(probabilities[top])]++;
        validation.offer(new ValidationRow(features, probabilities));
    }

    @Override
    public ReferenceProfile build() {
        if (training.seen() < 2) {
            throw new MlDataException("a reference profile needs at least 2 training rows, not " + training.seen());
        }
        List<double[]> sample = training.items();
        List<ValidationRow> validationSample = validation.items();
        HeldOut heldOut = validation.seen() >= ReferenceProfile.MIN_VALIDATION_ROWS ? HeldOut.VALIDATION
                : HeldOut.TRAINING;
        List<double[]> reference = heldOut == HeldOut.VALIDATION ? sample : sample.subList(0, sample.size() / 2);
        List<Histogram> histograms = new ArrayList<>(featureNames.size());
        double[] column = new double[reference.size()];
        for (int f = 0; f < featureNames.size(); f++) {
            for (int i = 0; i < column.length; i++) {
                column[i] = reference.get(i)[f];
            }
            histograms.add(Histogram.ofDeciles(column));
        }
        return new ReferenceProfile(featureNames, classes, seed, training.seen(), validation.seen(), heldOut,
                classPrior, predicted, new Histogram(ReferenceProfile.MAX_PROBABILITY_EDGES, maxProbability),
                histograms, sample, validationSample);
    }

    private void checkFeatures(String row, double[] features) {
        if (features.length != featureNames.size()) {
            throw new IllegalArgumentException(row + " has " + features.length + " features, not "
                    + featureNames.size() + " " + featureNames);
        }
        for (int f = 0; f < features.length; f++) {
            if (!Double.isFinite(features[f])) {
                throw new MlDataException(row + ": the feature " + featureNames.get(f) + " is " + features[f]);
            }
        }
    }
}
