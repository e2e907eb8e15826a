package dev.floe.ml.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Cuts the served rows of one model version into windows and checks each full window with a {@link DriftMonitor}
 * calibrated for its size: either every {@code size} rows, or every {@code every} of request time (windows aligned on
 * multiples of {@code every} since the epoch, so that two runs over the same log cut the same windows; a time window
 * with fewer than {@code minRows} rows is skipped and counted, as its statistics would be noise). Not thread-safe:
 * one caller feeds it.
 */
public final class DriftWindows {

    private final String model;
    private final long version;
    private final String versionIri;
    private final IntFunction<DriftMonitor> monitors;
    private final int size;
    private final Duration every;
    private final int minRows;
    private final List<double[]> features = new ArrayList<>();
    private final List<float[]> probabilities = new ArrayList<>();
    private Instant start;
    private Instant end;
    private long bucket = Long.MIN_VALUE;
    private long skipped;

    private DriftWindows(String model, long version, String versionIri, IntFunction<DriftMonitor> monitors, int size,
                         Duration every, int minRows) {
        this.model = model;
        this.version = version;
        this.versionIri = versionIri;
        this.monitors = monitors;
        this.size = size;
        this.every = every;
        this.minRows = minRows;
    }

    /** Windows of {@code size} rows; {@code monitors} gives the monitor for a window size. */
    public static DriftWindows ofRows(String model, long version, String versionIri, IntFunction<DriftMonitor> monitors, int size) {
        if (size < 2) {
            throw new IllegalArgumentException("a drift window holds at least 2 rows, not " + size);
        }
        return new DriftWindows(model, version, versionIri, monitors, size, null, 0);
    }

    /** Windows of {@code every} of request time, each checked when it has at least {@code minRows} rows. */
    public static DriftWindows ofTime(String model, long version, String versionIri, IntFunction<DriftMonitor> monitors,
                                      Duration every, int minRows) {
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("a drift window lasts a positive time, not " + every);
        }
        return new DriftWindows(model, version, versionIri, monitors, 0, every, Math.max(2, minRows));
    }

    /**
     * Adds one row answered at {@code time} (rows come in time order); returns the report of the window it completed
     * (a window of rows), or of the time window it closed, else null.
     */
    public WindowReport add(Instant time, double[] rowFeatures, float[] rowProbabilities) {
        WindowReport closed = null;
        if (every != null) {
            long b = Math.floorDiv(time.toEpochMilli(), every.toMillis());
            if (b != bucket) {
                closed = finish();
                bucket = b;
            }
        }
        if (features.isEmpty()) {
            start = time;
        }
        features.add(rowFeatures);
        probabilities.add(rowProbabilities);
        end = time;
        if (every == null && features.size() == size) {
            closed = check();
        }
        return closed;
    }

    /**
     * Ends the open window: a time window with enough rows is checked (its report returned), a window of rows that is
     * not full is left unchecked (null).
     */
    public WindowReport finish() {
        if (features.isEmpty()) {
            return null;
        }
        if (every == null) {
            return null;
        }
        if (features.size() < minRows) {
            skipped++;
            features.clear();
            probabilities.clear();
            return null;
        }
        return check();
    }

    private WindowReport check() {
        DriftReport report = monitors.apply(features.size()).check(List.copyOf(features), List.copyOf(probabilities));
        WindowReport w = new WindowReport(model, version, versionIri, start, end, report);
        features.clear();
        probabilities.clear();
        return w;
    }

    /** Rows in the open window. */
    public int open() {
        return features.size();
    }

    /** Time windows skipped for having too few rows. */
    public long skipped() {
        return skipped;
    }
}
