package dev.floe.ml.monitoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.apache.commons.math3.distribution.GammaDistribution;

import dev.floe.ml.MlDataException;

/**
 * Tells whether a window of served rows still looks like a model version's {@link ReferenceProfile}. Each window is
 * tested per input feature by four statistics against the reference rows: two-sample Kolmogorov-Smirnov D ("ks"),
 * Wasserstein-1 divided by the reference's standard deviation ("wasserstein"), and on the reference's decile bins
 * Jensen-Shannon divergence ("js") and the population stability index ("psi"); on the outputs by a chi-square test of
 * the predicted classes against the reference's ("chi2", feature "predicted class") and by black-box shift detection,
 * KS of each class's probability against the reference's ("bbsd", feature "p(class)"). The output tests are left out
 * when the profile has no validation outputs to hold out ({@link ReferenceProfile.HeldOut#TRAINING}).
 *
 * <p><b>Thresholds.</b> The textbook thresholds (KS p &lt; 0.05, PSI &gt; 0.1) ignore that a window is tested by
 * dozens of correlated tests, and that summary features with ties and windows of hundreds of rows make p-values
 * uncalibrated: they alarm on most windows or on none. Instead the constructor draws {@code chunks} windows of
 * {@code windowSize} rows (with replacement, seeded) from the profile's held-out rows, never from the reference rows
 * the tests compare with (a chunk of the reference itself looks closer to it than new data from the same
 * distribution would), and runs every test on each. A test's threshold is the {@code 1 - alpha / k} quantile of the
 * gamma distribution with the mean and variance of its statistic over the chunks: {@code k} the number of tests in
 * a window (Bonferroni), {@code alpha} the family-wise false-alarm rate per window.
 *
 * <p>Why a gamma and not the mean plus {@code z} standard deviations of a normal: the statistics are positive and
 * skewed to the right, and with a few dozen tests the threshold lies deep in their tail ({@code alpha / k} about
 * 0.00005, {@code z} about 3.9), where a normal tail is far too thin: P(chi-square(9) &gt; mean + 3.9 sd) is 0.0025,
 * fifty times what was aimed at. PSI, JS and the chi-square statistic are nearly scaled chi-squares, which a gamma
 * with their mean and variance matches (Satterthwaite's approximation); for the distances (KS D, W1) its exponential
 * tail is heavier than theirs, so it errs on the quiet side. Measured on seeded Gaussian features (7 features, 3
 * classes, 8 profiles, 2,000 in-distribution windows of 500 rows): mean + z sd alarmed on 4.3 % of the windows, the
 * same rule on the logarithm of the statistics on none but with chi-square thresholds eight times the exact quantile,
 * the gamma on 0.35 %; with the gamma a shift of one feature by 0.15 sd alarmed on 25 % of the windows, 0.25 sd on
 * 90 %, 0.5 sd on all, and moving 15 % of one class's probability to another on 97 %.
 *
 * <p>The default alpha, 0.00135, is the normal tail beyond 3 standard deviations, the classic control-chart limit:
 * about one false alarm in 740 in-distribution windows if the tests were calibrated exactly, which leaves room within
 * the goal of at most 1 % for a held-out sample that is finite (its own deviation from the population is shared by
 * every chunk) and for windows of served requests that are not independent draws. Bonferroni is conservative here
 * (the four tests of one feature are strongly correlated), which the shift detection can afford. 200 chunks estimate
 * a mean and variance to a few percent in a fraction of a second.
 *
 * <p><b>Constant features.</b> A feature that is constant in the reference (a no-data fraction that is always 0)
 * has statistics of exactly 0 on every chunk, so its thresholds are 0 (plus a floating-point allowance of 1e-9): a
 * window that repeats the value does not alarm, a window with any other value does, however rare, since the model
 * never saw one. Window values within 1e-9 (relative) of the constant count as equal to it, so that a summary
 * recomputed with another summation order does not alarm.
 *
 * <p>Immutable after construction; {@link #check} is safe to call from several threads.
 */
public final class DriftMonitor {

    /** The default number of calibration chunks. */
    public static final int CALIBRATION_CHUNKS = 200;

    /** The default family-wise false-alarm rate per window: the one-sided normal tail beyond 3 sd. */
    public static final double FALSE_ALARM_RATE = 0.00135;

    /** The textbook significance level of the KS, bbsd and chi-square tests. */
    public static final double TEXTBOOK_P = 0.05;

    /** The textbook PSI threshold of a shift ("0.1 to 0.25: moderate"). */
    public static final double TEXTBOOK_PSI = 0.1;

    /** Relative floating-point noise: the threshold allowance, and the tolerance of a constant feature. */
    static final double NOISE = 1e-9;

    private static final String[] FEATURE_STATISTICS = {"ks", "wasserstein", "js", "psi"};

    private final ReferenceProfile profile;
    private final int windowSize;
    private final List<FeatureReference> features;
    private final List<String> classes;
    private final double[][] referenceOutputs;
    private final long[] referencePredicted;
    private final List<String> testStatistics;
    private final List<String> testFeatures;
    private final double[] thresholds;

    /** The reference of one feature: its sorted reference values, scale, constant value (NaN: not constant), bins. */
    private record FeatureReference(String name, double[] sorted, double scale, double constant, Histogram bins) {
    }

    /** One window's rows as the tests read them: sorted feature and probability columns, predicted class counts. */
    private record Window(double[][] features, double[][] outputs, long[] predicted) {
    }

    /** A monitor of windows of {@code windowSize} rows with the default calibration, drawn with {@code seed}. */
    public DriftMonitor(ReferenceProfile profile, int windowSize, long seed) {
        this(profile, windowSize, seed, CALIBRATION_CHUNKS);
    }

    /** A monitor calibrated on {@code chunks} windows drawn from the held-out rows. */
    public DriftMonitor(ReferenceProfile profile, int windowSize, long seed, int chunks) {
        this(profile, windowSize, seed, chunks, FALSE_ALARM_RATE);
    }

    /** A monitor calibrated on {@code chunks} windows for a family-wise false-alarm rate of {@code falseAlarmRate}. */
    public DriftMonitor(ReferenceProfile profile, int windowSize, long seed, int chunks, double falseAlarmRate) {
        if (windowSize < 1) {
            throw new IllegalArgumentException("a window has at least one row, not " + windowSize);
        }
        if (chunks < 2) {
            throw new IllegalArgumentException("calibration needs at least 2 chunks, not " + chunks);
        }
        if (!(falseAlarmRate > 0 && falseAlarmRate < 1)) {
            throw new IllegalArgumentException("the false-alarm rate is a probability in (0, 1), not " + falseAlarmRate);
        }
        this.profile = profile;
        this.windowSize = windowSize;
        this.classes = profile.classes();
        this.features = featureReferences(profile);
        List<float[]> outputs = profile.referenceOutputs();
        this.referenceOutputs = outputs.isEmpty() ? null : sortedColumns(outputs, classes.size());
        this.referencePredicted = outputs.isEmpty() ? null : predictedCounts(outputs, classes.size());
        List<String> statistics = new ArrayList<>();
        List<String> tested = new ArrayList<>();
        for (FeatureReference f : features) {
            for (String s : FEATURE_STATISTICS) {
                statistics.add(s);
                tested.add(f.name());
            }
        }
        if (referenceOutputs != null) {
            statistics.add("chi2");
            tested.add("predicted class");
            for (String c : classes) {
                statistics.add("bbsd");
                tested.add("p(" + c + ")");
            }
        }
        this.testStatistics = List.copyOf(statistics);
        this.testFeatures = List.copyOf(tested);
        this.thresholds = calibrate(chunks, falseAlarmRate, seed);
    }

    /** The number of rows of a window. */
    public int windowSize() {
        return windowSize;
    }

    /** The profile the windows are compared with. */
    public ReferenceProfile profile() {
        return profile;
    }

    /**
     * One window: the rows' features (featureNames order) and the model's probabilities (classes order), {@link
     * #windowSize()} rows of each.
     */
    public DriftReport check(List<double[]> features, List<float[]> probabilities) {
        if (features.size() != windowSize || probabilities.size() != windowSize) {
            throw new IllegalArgumentException("a window of " + windowSize + " rows, not " + features.size()
                    + " feature rows and " + probabilities.size() + " probability rows");
        }
        for (int i = 0; i < windowSize; i++) {
            checkRow(i, features.get(i), probabilities.get(i));
        }
        Window window = window(features, referenceOutputs == null ? null : probabilities);
        double[] values = new double[thresholds.length];
        double[] pValues = new double[thresholds.length];
        Arrays.fill(pValues, Double.NaN);
        evaluate(window, values, pValues);
        List<DriftReport.Test> tests = new ArrayList<>(values.length);
        Set<String> drifted = new LinkedHashSet<>();
        for (int t = 0; t < values.length; t++) {
            String statistic = testStatistics.get(t);
            boolean alarm = values[t] > thresholds[t];
            Double p = Double.isNaN(pValues[t]) ? null : pValues[t];
            boolean textbook = statistic.equals("psi") ? values[t] > TEXTBOOK_PSI : p != null && p < TEXTBOOK_P;
            if (alarm) {
                drifted.add(testFeatures.get(t));
            }
            tests.add(new DriftReport.Test(statistic, testFeatures.get(t), values[t], thresholds[t], alarm, p,
                    textbook));
        }
        return new DriftReport(windowSize, !drifted.isEmpty(), List.copyOf(drifted), tests);
    }

    private double[] calibrate(int chunks, double alpha, long seed) {
        List<double[]> heldOut = profile.heldOutRows();
        List<float[]> heldOutOutputs = profile.heldOutOutputs();
        SplittableRandom random = new SplittableRandom(seed);
        int k = testStatistics.size();
        double[][] samples = new double[chunks][];
        for (int b = 0; b < chunks; b++) {
            List<double[]> rows = new ArrayList<>(windowSize);
            for (int i = 0; i < windowSize; i++) {
                rows.add(heldOut.get(random.nextInt(heldOut.size())));
            }
            List<float[]> outputs = null;
            if (referenceOutputs != null) {
                outputs = new ArrayList<>(windowSize);
                for (int i = 0; i < windowSize; i++) {
                    outputs.add(heldOutOutputs.get(random.nextInt(heldOutOutputs.size())));
                }
            }
            double[] values = new double[k];
            evaluate(window(rows, outputs), values, null);
            samples[b] = values;
        }
        double[] threshold = new double[k];
        for (int t = 0; t < k; t++) {
            threshold[t] = threshold(samples, t, alpha / k);
        }
        return threshold;
    }

    /**
     * The threshold of test {@code t}: the {@code 1 - tail} quantile of the gamma distribution with the mean and
     * variance of the statistic over the chunks; without variance (a constant feature: 0 on every chunk) the mean.
     */
    private static double threshold(double[][] samples, int t, double tail) {
        double mean = 0;
        for (double[] values : samples) {
            mean += values[t];
        }
        mean /= samples.length;
        double squares = 0;
        for (double[] values : samples) {
            squares += (values[t] - mean) * (values[t] - mean);
        }
        double variance = squares / (samples.length - 1);
        double q = mean;
        if (variance > 0 && mean > 0) {
            q = new GammaDistribution(null, mean * mean / variance, variance / mean).inverseCumulativeProbability(1 - tail);
        }
        return q + NOISE * Math.max(1, q);
    }

    /** Runs every test on the window; p-values too when {@code pValues} is not null (calibration needs none). */
    private void evaluate(Window w, double[] values, double[] pValues) {
        int t = 0;
        for (int f = 0; f < features.size(); f++) {
            FeatureReference ref = features.get(f);
            double[] sorted = w.features()[f];
            double d = DriftStatistics.ks(ref.sorted(), sorted);
            long[] counts = ref.bins().count(sorted);
            long[] expected = ref.bins().counts();
            values[t] = d;
            values[t + 1] = DriftStatistics.wasserstein(ref.sorted(), sorted) / ref.scale();
            values[t + 2] = DriftStatistics.jensenShannon(expected, counts);
            values[t + 3] = DriftStatistics.psi(expected, counts);
            if (pValues != null) {
                pValues[t] = DriftStatistics.ksPValue(d, ref.sorted().length, sorted.length);
            }
            t += FEATURE_STATISTICS.length;
        }
        if (referenceOutputs == null) {
            return;
        }
        DriftStatistics.ChiSquare chi = DriftStatistics.chiSquare(referencePredicted, w.predicted());
        values[t] = chi.statistic();
        if (pValues != null) {
            pValues[t] = chi.pValue();
        }
        t++;
        for (int c = 0; c < classes.size(); c++, t++) {
            double d = DriftStatistics.ks(referenceOutputs[c], w.outputs()[c]);
            values[t] = d;
            if (pValues != null) {
                pValues[t] = DriftStatistics.ksPValue(d, referenceOutputs[c].length, w.outputs()[c].length);
            }
        }
    }

    private Window window(List<double[]> rows, List<float[]> outputs) {
        double[][] columns = new double[features.size()][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] row = rows.get(i);
            for (int f = 0; f < columns.length; f++) {
                columns[f][i] = row[f];
            }
        }
        for (int f = 0; f < columns.length; f++) {
            double c = features.get(f).constant();
            if (!Double.isNaN(c)) {
                double tolerance = NOISE * Math.max(1, Math.abs(c));
                for (int i = 0; i < columns[f].length; i++) {
                    if (Math.abs(columns[f][i] - c) <= tolerance) {
                        columns[f][i] = c;
                    }
                }
            }
            Arrays.sort(columns[f]);
        }
        if (outputs == null) {
            return new Window(columns, null, null);
        }
        return new Window(columns, sortedColumns(outputs, classes.size()), predictedCounts(outputs, classes.size()));
    }

    private void checkRow(int i, double[] features, float[] probabilities) {
        List<String> names = profile.featureNames();
        if (features.length != names.size() || probabilities.length != classes.size()) {
            throw new IllegalArgumentException("window row " + i + " has " + features.length + " features and "
                    + probabilities.length + " probabilities, not " + names.size() + " and " + classes.size());
        }
        for (int f = 0; f < features.length; f++) {
            if (!Double.isFinite(features[f])) {
                throw new MlDataException("window row " + i + ": the feature " + names.get(f) + " is " + features[f]);
            }
        }
        for (int c = 0; c < probabilities.length; c++) {
            if (!Float.isFinite(probabilities[c])) {
                throw new MlDataException("window row " + i + ": the probability of " + classes.get(c) + " is "
                        + probabilities[c]);
            }
        }
    }

    private static List<FeatureReference> featureReferences(ReferenceProfile profile) {
        List<double[]> rows = profile.referenceRows();
        List<String> names = profile.featureNames();
        List<FeatureReference> out = new ArrayList<>(names.size());
        for (int f = 0; f < names.size(); f++) {
            double[] column = new double[rows.size()];
            double sum = 0;
            for (int i = 0; i < column.length; i++) {
                column[i] = rows.get(i)[f];
                sum += column[i];
            }
            double mean = sum / column.length;
            double squares = 0;
            for (double v : column) {
                squares += (v - mean) * (v - mean);
            }
            Arrays.sort(column);
            // the population sd of the reference; a constant feature keeps W1 in its own unit (its threshold is 0)
            double sd = Math.sqrt(squares / column.length);
            boolean constant = column[0] == column[column.length - 1];
            out.add(new FeatureReference(names.get(f), column, sd > 0 ? sd : 1, constant ? column[0] : Double.NaN,
                    profile.histograms().get(f)));
        }
        return out;
    }

    private static double[][] sortedColumns(List<float[]> outputs, int classes) {
        double[][] columns = new double[classes][outputs.size()];
        for (int i = 0; i < outputs.size(); i++) {
            float[] p = outputs.get(i);
            for (int c = 0; c < classes; c++) {
                columns[c][i] = p[c];
            }
        }
        for (double[] column : columns) {
            Arrays.sort(column);
        }
        return columns;
    }

    /** The number of rows whose top probability is each class's (the first on a tie, as the model's "class"). */
    private static long[] predictedCounts(List<float[]> outputs, int classes) {
        long[] counts = new long[classes];
        for (float[] p : outputs) {
            int top = 0;
            for (int c = 1; c < classes; c++) {
                if (p[c] > p[top]) {
                    top = c;
                }
            }
            counts[top]++;
        }
        return counts;
    }
}
