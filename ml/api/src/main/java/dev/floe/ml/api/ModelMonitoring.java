package dev.floe.ml.api;

import java.time.Instant;
import java.util.List;

/**
 * How one served model is watched: the inference log's counts (for the whole server: records written, dropped because
 * its queue was full, failed), the monitor's window size, and per version the rows seen, the windows checked against
 * its training profile, how many drifted, and the last window's report.
 */
public record ModelMonitoring(String model, long logWritten, long logDropped, long logFailed, int windowSize,
                              List<VersionDrift> versions) {

    public ModelMonitoring {
        versions = List.copyOf(versions);
    }

    /**
     * One version: whether it has a reference profile (a version registered from a run without one cannot be
     * checked), the rows logged, the rows waiting in the open window, the windows checked and drifted, the last report
     * (null before the first window is full).
     */
    public record VersionDrift(long version, boolean profile, long rows, int rowsInWindow, long windows, long driftedWindows,
                               Window last) {
    }

    /** One checked window: its report's IRI in the store, first and last request time, size, verdict and tests. */
    public record Window(String report, Instant start, Instant end, int size, boolean drifted, List<String> driftedFeatures,
                         List<Test> tests) {
        public Window {
            driftedFeatures = List.copyOf(driftedFeatures);
            tests = List.copyOf(tests);
        }
    }

    /** One statistic of one feature: value, calibrated threshold, verdict, p-value (null when it has none). */
    public record Test(String statistic, String feature, double value, double threshold, boolean drifted, Double pValue) {
    }
}
