package dev.floe.ml.monitoring;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import dev.floe.ml.api.ModelMonitoring;
import dev.floe.ml.registry.ModelVersion;

/**
 * The background drift monitor of a server: cuts the rows of the logged requests each model version answered (status
 * 200) into windows of {@code windowSize} rows, checks each full window against the version's reference profile
 * ({@link DriftMonitor}, calibrated once per version) and hands the {@link WindowReport} on (to the store, in {@code
 * floe serve}). Rows arrive from the inference log's writer thread and are checked on this watch's own thread, through
 * a bounded queue: neither serving nor logging ever waits for a check; rows that find the queue full are counted as
 * dropped. A version without a profile (registered from a run of floe before monitoring) is counted but not checked.
 *
 * <p>Meters (into the server's registry): {@code floe.drift.windows} (windows checked, tag {@code drifted}), {@code
 * floe.drift.score} (per statistic, the largest value / threshold of the last window: 1 or more is an alert) and
 * {@code floe.drift.dropped}, each per model and version.
 */
public final class DriftWatch implements AutoCloseable {

    /** Records waiting for this watch's thread; beyond it rows are dropped and counted. */
    private static final int QUEUE = 10_000;

    private final BiFunction<String, Long, ModelVersion> versions;
    private final int windowSize;
    private final long seed;
    private final Consumer<WindowReport> reports;
    private final MeterRegistry meters;
    private final PrintStream log;
    private final ThreadPoolExecutor thread;
    private final AtomicLong dropped = new AtomicLong();
    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** One version's windows and counts; fed by the watch's thread only, read by status(). */
    private static final class State {
        final String model;
        final long version;
        final DriftWindows windows;
        final Map<String, Double> scores = new ConcurrentHashMap<>();
        volatile int open;
        volatile long rows;
        volatile long checked;
        volatile long drifted;
        volatile WindowReport last;

        State(String model, long version, DriftWindows windows) {
            this.model = model;
            this.version = version;
            this.windows = windows;
        }
    }

    /**
     * Watches windows of {@code windowSize} rows of the versions {@code versions} looks up (model, number), with
     * calibration seeded by {@code seed}; each checked window goes to {@code reports}; load and failure messages to
     * {@code log} (null: quiet).
     */
    public DriftWatch(BiFunction<String, Long, ModelVersion> versions, int windowSize, long seed, Consumer<WindowReport> reports,
                      MeterRegistry meters, PrintStream log) {
        if (windowSize < 2) {
            throw new IllegalArgumentException("a drift window holds at least 2 rows, not " + windowSize);
        }
        this.versions = versions;
        this.windowSize = windowSize;
        this.seed = seed;
        this.reports = reports;
        this.meters = meters;
        this.log = log;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "floe-drift-watch");
            t.setDaemon(true);
            return t;
        }, (r, executor) -> dropped.incrementAndGet());
        FunctionCounter.builder("floe.drift.dropped", dropped, AtomicLong::get)
                .description("logged requests the drift monitor had no room for").register(meters);
    }

    public int windowSize() {
        return windowSize;
    }

    /** Takes one logged request; returns at once (the check runs on the watch's thread). */
    public void accept(InferenceRecord record) {
        if (record.status() != 200 || record.rows().isEmpty()) {
            return;
        }
        thread.execute(() -> {
            try {
                add(record);
            } catch (RuntimeException e) {
                if (log != null) {
                    log.println("floe: drift monitor of " + record.model() + " version " + record.version() + ": " + e.getMessage());
                }
            }
        });
    }

    /** Waits until every request taken so far is in its window (tests, shutdown). */
    public void flush() {
        try {
            thread.submit(() -> { }).get();
        } catch (Exception e) {
            throw new IllegalStateException("the drift monitor failed: " + e.getMessage(), e);
        }
    }

    private void add(InferenceRecord record) {
        State s = state(record.model(), record.version());
        for (InferenceRecord.Row row : record.rows()) {
            s.rows++;
            if (s.windows == null || row.probabilities() == null) {
                continue;
            }
            WindowReport w = s.windows.add(record.time(), row.features(), row.probabilities());
            s.open = s.windows.open();
            if (w != null) {
                checked(s, w);
            }
        }
    }

    private void checked(State s, WindowReport w) {
        DriftReport report = w.report();
        s.checked++;
        if (report.drifted()) {
            s.drifted++;
        }
        s.last = w;
        Tags tags = Tags.of("model", s.model, "version", Long.toString(s.version));
        Counter.builder("floe.drift.windows").description("windows of served rows checked against the training profile")
                .tags(tags.and("drifted", Boolean.toString(report.drifted()))).register(meters).increment();
        Map<String, Double> worst = new java.util.TreeMap<>();
        for (DriftReport.Test t : report.tests()) {
            double ratio = t.threshold() > 0 ? t.value() / t.threshold() : t.drifted() ? Double.MAX_VALUE : 0;
            worst.merge(t.statistic(), ratio, Math::max);
        }
        worst.forEach((statistic, ratio) -> {
            if (s.scores.put(statistic, ratio) == null) {
                Gauge.builder("floe.drift.score", s.scores, m -> m.getOrDefault(statistic, Double.NaN))
                        .description("the largest statistic / threshold of the last window (1 or more: drift)")
                        .tags(tags.and("statistic", statistic)).register(meters);
            }
        });
        reports.accept(w);
    }

    private State state(String model, long version) {
        return states.computeIfAbsent(model + "\u0000" + version, k -> {
            ModelVersion v = versions.apply(model, version);
            ReferenceProfile profile = ReferenceProfile.of(v);
            DriftWindows windows = null;
            if (profile != null) {
                DriftMonitor monitor = new DriftMonitor(profile, windowSize, seed);
                windows = DriftWindows.ofRows(model, version, v.iri(), n -> monitor, windowSize);
            } else if (log != null) {
                log.println("floe: " + model + " version " + version + " has no reference profile (trained before floe "
                        + "monitored models): its requests are logged, not checked for drift");
            }
            return new State(model, version, windows);
        });
    }

    /** The versions of {@code model} this watch has seen, by number. */
    public List<ModelMonitoring.VersionDrift> status(String model) {
        List<ModelMonitoring.VersionDrift> out = new ArrayList<>();
        for (State s : states.values()) {
            if (!s.model.equals(model)) {
                continue;
            }
            WindowReport w = s.last;
            ModelMonitoring.Window last = null;
            if (w != null) {
                List<ModelMonitoring.Test> tests = w.report().tests().stream().map(t -> new ModelMonitoring.Test(t.statistic(),
                        t.feature(), t.value(), t.threshold(), t.drifted(), t.pValue())).toList();
                last = new ModelMonitoring.Window(DriftReportRdf.iri(w), w.start(), w.end(), w.report().windowSize(),
                        w.report().drifted(), w.report().driftedFeatures(), tests);
            }
            out.add(new ModelMonitoring.VersionDrift(s.version, s.windows != null, s.rows, s.open, s.checked, s.drifted, last));
        }
        out.sort(java.util.Comparator.comparingLong(ModelMonitoring.VersionDrift::version));
        return out;
    }

    /** Checks what is queued, then stops; a partial window is left unchecked. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
