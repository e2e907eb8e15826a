package dev.floe.ml.monitoring;

import java.util.List;

/**
 * What the drift monitor found in one window: every test it ran, and whether any of them exceeded its calibrated
 * threshold. {@code driftedFeatures} lists the features of the drifted tests once each, in the order of the tests.
 */
public record DriftReport(int windowSize, boolean drifted, List<String> driftedFeatures, List<Test> tests) {

    public DriftReport {
        driftedFeatures = List.copyOf(driftedFeatures);
        tests = List.copyOf(tests);
    }

    /**
     * One test of one window. {@code statistic}: "ks", "wasserstein", "js", "psi", "chi2", "bbsd"; {@code feature}: a
     * feature name, "predicted class", or "p(<class>)" for the black-box tests. {@code pValue} is null when the
     * statistic has none. {@code drifted}: {@code value > threshold}, the threshold calibrated on held-out reference
     * data. {@code textbookDrifted}: the fixed textbook rule where one exists (KS and bbsd p &lt; 0.05, PSI &gt; 0.1,
     * chi-square p &lt; 0.05), else false; reported beside the calibrated decision for comparison only.
     */
    public record Test(String statistic, String feature, double value, double threshold, boolean drifted,
            Double pValue, boolean textbookDrifted) {
    }
}
