package dev.floe.ml.monitoring;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import dev.floe.geo.AtomicFiles;
import dev.floe.ml.MlDataException;

/**
 * What a model version saw in training, written beside it so that the drift monitor can tell later whether served
 * inputs and outputs still look like it: for the input's summary features ({@link PatchSummary}) a uniform sample
 * of training rows and per feature a histogram on fixed bins (the deciles of that sample); the class prior (true
 * labels of the training split); for the validation split the counts of predicted classes, a histogram of the top
 * probability and a uniform sample of rows with the model's probabilities.
 *
 * <p>The samples play fixed roles, so that a statistic is never calibrated on the rows it compares against (which
 * would make its thresholds too tight): the training sample is the <em>reference</em> of the input tests and the
 * validation sample's features are their <em>held-out</em> rows; the first half of the validation sample is the
 * reference of the output tests, its second half their held-out rows. When the validation split is too small
 * (fewer than {@link #MIN_VALIDATION_ROWS} rows, e.g. a small test set), the training sample is split instead: its
 * first half is the reference, its second half held out ({@link #heldOut()} says {@link HeldOut#TRAINING}); there
 * are then too few outputs to calibrate a threshold on and the output tests are left out.
 *
 * <p>Immutable; serialised by Jackson as one JSON object ({@link #write}, {@link #read}).
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
@JsonPropertyOrder({"featureNames", "classes", "seed", "trainingRows", "validationRows", "heldOut", "classPrior",
        "predictedClasses", "maxProbability", "histograms", "trainingSample", "validationSample"})
public final class ReferenceProfile {

    /** The profile's file name in a model version's folder. */
    public static final String FILE = "reference-profile.json";

    /** The default size of the training sample: enough for deciles and for KS against windows of hundreds. */
    public static final int TRAINING_SAMPLE = 2_000;

    /** The default size of the validation sample. */
    public static final int VALIDATION_SAMPLE = 2_000;

    /** Below this many validation rows, half the training sample is held out instead (see the class comment). */
    public static final int MIN_VALIDATION_ROWS = 50;

    /** The edges of the top-probability histogram: twenty bins of 0.05. */
    static final double[] MAX_PROBABILITY_EDGES = {0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6,
            0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Where the held-out rows come from. */
    public enum HeldOut {
        /** The validation sample: the usual case. */
        VALIDATION,
        /** The second half of the training sample: the validation split was too small. */
        TRAINING
    }

    /** One validation row: its summary features and the model's class probabilities. */
    public record ValidationRow(double[] features, float[] probabilities) {

        public ValidationRow {
            if (features == null || probabilities == null) {
                throw new IllegalArgumentException("a validation row needs its features and probabilities");
            }
            features = features.clone();
            probabilities = probabilities.clone();
        }

        @Override
        public double[] features() {
            return features.clone();
        }

        @Override
        public float[] probabilities() {
            return probabilities.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ValidationRow r && Arrays.equals(features, r.features)
                    && Arrays.equals(probabilities, r.probabilities);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(features) + Arrays.hashCode(probabilities);
        }

        @Override
        public String toString() {
            return "ValidationRow[" + Arrays.toString(features) + " -> " + Arrays.toString(probabilities) + "]";
        }
    }

    /** Takes the training and validation rows one by one, then builds the profile. Not thread-safe. */
    public interface Builder {
        /** One training-split row (summary features in the profile's order) and its true class (index). */
        void training(double[] features, int label);

        /** One validation-split row and the model's probabilities for it (in the order of the classes). */
        void validation(double[] features, float[] probabilities);

        /** The profile of the rows so far; an {@link MlDataException} when there are fewer than two training rows. */
        ReferenceProfile build();
    }

    private final List<String> featureNames;
    private final List<String> classes;
    private final long seed;
    private final long trainingRows;
    private final long validationRows;
    private final HeldOut heldOut;
    private final long[] classPrior;
    private final long[] predictedClasses;
    private final Histogram maxProbability;
    private final List<Histogram> histograms;
    private final List<double[]> trainingSample;
    private final List<ValidationRow> validationSample;

    @JsonCreator
    ReferenceProfile(@JsonProperty("featureNames") List<String> featureNames,
            @JsonProperty("classes") List<String> classes, @JsonProperty("seed") long seed,
            @JsonProperty("trainingRows") long trainingRows, @JsonProperty("validationRows") long validationRows,
            @JsonProperty("heldOut") HeldOut heldOut, @JsonProperty("classPrior") long[] classPrior,
            @JsonProperty("predictedClasses") long[] predictedClasses,
            @JsonProperty("maxProbability") Histogram maxProbability,
            @JsonProperty("histograms") List<Histogram> histograms,
            @JsonProperty("trainingSample") List<double[]> trainingSample,
            @JsonProperty("validationSample") List<ValidationRow> validationSample) {
        this.featureNames = List.copyOf(required(featureNames, "featureNames"));
        this.classes = List.copyOf(required(classes, "classes"));
        this.seed = seed;
        this.trainingRows = trainingRows;
        this.validationRows = validationRows;
        this.heldOut = required(heldOut, "heldOut");
        this.classPrior = required(classPrior, "classPrior").clone();
        this.predictedClasses = required(predictedClasses, "predictedClasses").clone();
        this.maxProbability = required(maxProbability, "maxProbability");
        this.histograms = List.copyOf(required(histograms, "histograms"));
        this.trainingSample = copyRows(required(trainingSample, "trainingSample"));
        this.validationSample = List.copyOf(required(validationSample, "validationSample"));
        check();
    }

    /**
     * A builder of the profile of rows with the given features and classes, with samples of the default sizes drawn
     * with {@code seed}: the same rows in the same order and the same seed give the same profile.
     */
    public static Builder builder(List<String> featureNames, List<String> classes, long seed) {
        return builder(featureNames, classes, seed, TRAINING_SAMPLE, VALIDATION_SAMPLE);
    }

    /** A builder as {@link #builder(List, List, long)} with samples of at most the given numbers of rows. */
    public static Builder builder(List<String> featureNames, List<String> classes, long seed, int trainingSample,
            int validationSample) {
        return new ProfileBuilder(featureNames, classes, seed, trainingSample, validationSample);
    }

    /** The summary features, in the order of every row. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The classes, in the order of the model's probabilities. */
    public List<String> classes() {
        return classes;
    }

    /** The seed the samples were drawn with (the monitor draws its calibration chunks with its own). */
    public long seed() {
        return seed;
    }

    /** The number of rows in the training split. */
    public long trainingRows() {
        return trainingRows;
    }

    /** The number of rows in the validation split. */
    public long validationRows() {
        return validationRows;
    }

    /** Where the held-out rows come from. */
    public HeldOut heldOut() {
        return heldOut;
    }

    /** The number of training rows of each class (the class prior, unnormalised). */
    public long[] classPrior() {
        return classPrior.clone();
    }

    /** The number of validation rows the model predicted each class for. */
    public long[] predictedClasses() {
        return predictedClasses.clone();
    }

    /** The top probability of each validation row, on bins of 0.05. */
    public Histogram maxProbability() {
        return maxProbability;
    }

    /** Per feature (in the order of {@link #featureNames()}) the histogram of the reference rows on their deciles. */
    public List<Histogram> histograms() {
        return histograms;
    }

    /** The uniform sample of training rows. */
    public List<double[]> trainingSample() {
        return copyRows(trainingSample);
    }

    /** The uniform sample of validation rows with their probabilities. */
    public List<ValidationRow> validationSample() {
        return validationSample;
    }

    /** The rows the input tests compare a window with: the training sample, or its first half. */
    public List<double[]> referenceRows() {
        return heldOut == HeldOut.VALIDATION ? trainingSample() : copyRows(firstHalf(trainingSample));
    }

    /** The rows the input tests' thresholds are calibrated on: the validation sample's, or the training's second half. */
    public List<double[]> heldOutRows() {
        if (heldOut == HeldOut.TRAINING) {
            return copyRows(secondHalf(trainingSample));
        }
        List<double[]> rows = new ArrayList<>(validationSample.size());
        for (ValidationRow r : validationSample) {
            rows.add(r.features());
        }
        return rows;
    }

    /** The probabilities the output tests compare a window with: the first half of the validation sample; none. */
    public List<float[]> referenceOutputs() {
        return heldOut == HeldOut.VALIDATION ? probabilities(firstHalf(validationSample)) : List.of();
    }

    /** The probabilities the output tests' thresholds are calibrated on: the validation sample's second half; none. */
    public List<float[]> heldOutOutputs() {
        return heldOut == HeldOut.VALIDATION ? probabilities(secondHalf(validationSample)) : List.of();
    }

    /** Writes the profile as JSON to {@code file}, all or nothing (a temporary sibling renamed into place). */
    public void write(Path file) {
        try {
            AtomicFiles.write(file, out -> {
                JSON.writeValue(out, this);
                return null;
            });
        } catch (IOException e) {
            throw new MlDataException("cannot write the reference profile " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The profile registered with {@code version} (its folder's {@value #FILE}), or null when it has none: a version
     * registered from a run of floe before monitoring.
     */
    public static ReferenceProfile of(dev.floe.ml.registry.ModelVersion version) {
        Path file = version.folder() == null ? null : version.folder().resolve(FILE);
        return file != null && java.nio.file.Files.exists(file) ? read(file) : null;
    }

    /** Reads a profile that {@link #write} wrote; an {@link MlDataException} names the file and what is wrong. */
    public static ReferenceProfile read(Path file) {
        try {
            return JSON.readValue(file.toFile(), ReferenceProfile.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new MlDataException(file + ": not a reference profile: " + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new MlDataException(file + ": not a reference profile" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MlDataException("cannot read the reference profile " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReferenceProfile p && featureNames.equals(p.featureNames) && classes.equals(p.classes)
                && seed == p.seed && trainingRows == p.trainingRows && validationRows == p.validationRows
                && heldOut == p.heldOut && Arrays.equals(classPrior, p.classPrior)
                && Arrays.equals(predictedClasses, p.predictedClasses) && maxProbability.equals(p.maxProbability)
                && histograms.equals(p.histograms) && Arrays.deepEquals(trainingSample.toArray(),
                        p.trainingSample.toArray())
                && validationSample.equals(p.validationSample);
    }

    @Override
    public int hashCode() {
        return Objects.hash(featureNames, classes, seed, trainingRows, validationRows, heldOut,
                Arrays.hashCode(classPrior), Arrays.hashCode(predictedClasses), maxProbability, histograms,
                Arrays.deepHashCode(trainingSample.toArray()), validationSample);
    }

    @Override
    public String toString() {
        return "ReferenceProfile[" + featureNames.size() + " features, classes " + classes + ", " + trainingRows
                + " training rows (" + trainingSample.size() + " sampled), " + validationRows + " validation rows ("
                + validationSample.size() + " sampled), held out from " + heldOut + "]";
    }

    private void check() {
        int f = featureNames.size();
        int c = classes.size();
        if (f == 0 || new HashSet<>(featureNames).size() != f) {
            throw new IllegalArgumentException("the feature names must be distinct and not empty: " + featureNames);
        }
        if (c == 0 || new HashSet<>(classes).size() != c) {
            throw new IllegalArgumentException("the classes must be distinct and not empty: " + classes);
        }
        if (classPrior.length != c || predictedClasses.length != c) {
            throw new IllegalArgumentException("the class prior and predicted classes must have " + c
                    + " counts (one per class), not " + classPrior.length + " and " + predictedClasses.length);
        }
        if (histograms.size() != f) {
            throw new IllegalArgumentException(f + " features but " + histograms.size() + " histograms");
        }
        int minimum = heldOut == HeldOut.TRAINING ? 2 : 1;
        if (trainingSample.size() < minimum) {
            throw new IllegalArgumentException("a training sample of " + trainingSample.size()
                    + " rows; at least " + minimum + " are needed");
        }
        if (heldOut == HeldOut.VALIDATION && validationSample.size() < 2) {
            throw new IllegalArgumentException("held out from the validation sample, which has only "
                    + validationSample.size() + " rows");
        }
        for (int i = 0; i < trainingSample.size(); i++) {
            checkRow("training sample row " + i, trainingSample.get(i), f);
        }
        for (int i = 0; i < validationSample.size(); i++) {
            ValidationRow r = validationSample.get(i);
            checkRow("validation sample row " + i, r.features, f);
            if (r.probabilities.length != c) {
                throw new IllegalArgumentException("validation sample row " + i + " has " + r.probabilities.length
                        + " probabilities, not " + c + " (one per class)");
            }
        }
    }

    private static void checkRow(String what, double[] row, int features) {
        if (row == null || row.length != features) {
            throw new IllegalArgumentException(what + " has " + (row == null ? 0 : row.length) + " features, not "
                    + features);
        }
        for (double v : row) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(what + " has the value " + v);
            }
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("no " + field);
        }
        return value;
    }

    private static List<double[]> copyRows(List<double[]> rows) {
        return rows.stream().map(r -> r == null ? new double[0] : r.clone()).toList();
    }

    private static <T> List<T> firstHalf(List<T> rows) {
        return rows.subList(0, rows.size() / 2);
    }

    private static <T> List<T> secondHalf(List<T> rows) {
        return rows.subList(rows.size() / 2, rows.size());
    }

    private static List<float[]> probabilities(List<ValidationRow> rows) {
        List<float[]> out = new ArrayList<>(rows.size());
        for (ValidationRow r : rows) {
            out.add(r.probabilities());
        }
        return out;
    }
}
