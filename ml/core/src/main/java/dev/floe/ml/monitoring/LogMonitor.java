package dev.floe.ml.monitoring;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.floe.ml.MlDataException;
import dev.floe.ml.registry.ModelVersion;

/**
 * {@code floe monitor}'s work: reads a model's requests from the inference log, cuts each version's answered rows
 * into windows (of rows or of time, {@link DriftWindows}) and checks every window against the version's reference
 * profile, calibrating one {@link DriftMonitor} per version and window size. Requests that failed, and rows of versions
 * without a profile, are counted, not checked.
 */
public final class LogMonitor {

    /** What one run read and found; {@code unprofiled} are versions without a reference profile. */
    public record Summary(long records, long failed, long rows, long windows, long drifted, long skippedWindows, long openRows,
                          java.util.Set<Long> versions, java.util.Set<Long> unprofiled) {
    }

    private final BiFunction<String, Long, ModelVersion> versions;
    private final long seed;
    private final Map<String, DriftMonitor> monitors = new HashMap<>();

    /** Versions from {@code versions} (model, number); calibration draws seeded by {@code seed}. */
    public LogMonitor(BiFunction<String, Long, ModelVersion> versions, long seed) {
        this.versions = versions;
        this.seed = seed;
    }

    /**
     * Checks {@code model}'s requests in {@code records} (oldest first), of version {@code version} only when given:
     * windows of {@code windowRows} rows, or of {@code every} request time when that is given (time windows of fewer
     * than {@code minRows} rows are skipped). Each checked window goes to {@code out}.
     */
    public Summary run(Stream<InferenceRecord> records, String model, Long version, int windowRows, Duration every, int minRows,
                       Consumer<WindowReport> out) {
        Map<Long, DriftWindows> windows = new HashMap<>();
        TreeSet<Long> seen = new TreeSet<>();
        TreeSet<Long> unprofiled = new TreeSet<>();
        long[] n = new long[6]; // records, failed, rows, windows, drifted, open rows
        Consumer<WindowReport> counted = w -> {
            n[3]++;
            if (w.report().drifted()) {
                n[4]++;
            }
            out.accept(w);
        };
        Iterator<InferenceRecord> it = records.iterator();
        while (it.hasNext()) {
            InferenceRecord r = it.next();
            if (!r.model().equals(model) || version != null && r.version() != version) {
                continue;
            }
            n[0]++;
            if (r.status() != 200 || r.rows().isEmpty()) {
                n[1]++;
                continue;
            }
            seen.add(r.version());
            DriftWindows w = windows.computeIfAbsent(r.version(), v -> windows(model, v, windowRows, every, minRows, unprofiled));
            for (InferenceRecord.Row row : r.rows()) {
                n[2]++;
                if (w == null || row.probabilities() == null) {
                    continue;
                }
                WindowReport report = w.add(r.time(), row.features(), row.probabilities());
                if (report != null) {
                    counted.accept(report);
                }
            }
        }
        long skipped = 0;
        for (DriftWindows w : windows.values()) {
            if (w == null) {
                continue;
            }
            WindowReport last = w.finish();
            if (last != null) {
                counted.accept(last);
            }
            skipped += w.skipped();
            n[5] += w.open();
        }
        return new Summary(n[0], n[1], n[2], n[3], n[4], skipped, n[5], seen, unprofiled);
    }

    private DriftWindows windows(String model, long v, int windowRows, Duration every, int minRows, TreeSet<Long> unprofiled) {
        ModelVersion mv;
        try {
            mv = versions.apply(model, v);
        } catch (RuntimeException e) {
            throw new MlDataException("the inference log names " + model + " version " + v + ", which the registry does not have: "
                    + e.getMessage(), e);
        }
        ReferenceProfile profile = ReferenceProfile.of(mv);
        if (profile == null) {
            unprofiled.add(v);
            return null;
        }
        java.util.function.IntFunction<DriftMonitor> monitor = size -> monitors.computeIfAbsent(model + "\u0000" + v + "\u0000" + size,
                k -> new DriftMonitor(profile, size, seed));
        return every != null ? DriftWindows.ofTime(model, v, mv.iri(), monitor, every, minRows)
                : DriftWindows.ofRows(model, v, mv.iri(), monitor, windowRows);
    }
}
