package dev.floe.app;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.floe.ml.MlDataException;
import dev.floe.ml.api.ModelSelector;
import dev.floe.ml.monitoring.DriftReport;
import dev.floe.ml.monitoring.DriftReportRdf;
import dev.floe.ml.monitoring.InferenceLog;
import dev.floe.ml.monitoring.InferenceRecord;
import dev.floe.ml.monitoring.LogMonitor;
import dev.floe.ml.registry.ModelRegistry;
import dev.floe.store.GeoStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code floe monitor --model M}: checks the inference log of a store's model for drift against each version's
 * training profile, window by window; prints one line per window and writes each report into the store as a {@code
 * floe:DriftReport}. {@code floe serve} does the same in the background as requests come; this reads what is logged.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = "Check a served model's inference log for drift against its training data, window by window; "
                + "write each window's floe:DriftReport into the store.")
final class MonitorCommand implements Callable<Integer> {

    @ParentCommand
    Floe floe;

    @Option(names = "--store", defaultValue = "floe-data", description = "store directory (default: ${DEFAULT-VALUE})")
    Path store;

    @Option(names = "--model", required = true, paramLabel = "NAME[:ALIAS|/VERSION]",
            description = "the registered model: NAME (every version in the log), NAME/VERSION or NAME:ALIAS (the version the "
                    + "alias points at now)")
    String spec;

    @Option(names = "--window", defaultValue = "500", paramLabel = "N",
            description = "rows per window (default: ${DEFAULT-VALUE}); a last window that is not full is not checked")
    int window;

    @Option(names = "--every", paramLabel = "DURATION",
            description = "windows of request time instead of rows, e.g. 10m, 1h, PT30M (aligned on multiples of it)")
    String every;

    @Option(names = "--min-rows", defaultValue = "100", paramLabel = "N",
            description = "with --every: skip a window of fewer rows, whose statistics are noise (default: ${DEFAULT-VALUE})")
    int minRows;

    @Option(names = "--quiet", description = "no progress on stderr")
    boolean quiet;

    @Override
    public Integer call() {
        if (window < 2) {
            throw new UsageException("--window is at least 2 rows, not " + window);
        }
        Duration period = every == null ? null : duration(every);
        Path dir = Stores.existing("--store", store);
        Path logs = dir.resolve(InferenceLog.FOLDER);
        if (!Files.isDirectory(logs)) {
            throw new MlDataException(store + " has no inference log (" + logs + "): floe serve writes it while it serves models");
        }
        PrintStream out = floe.out();
        try (GeoStore geoStore = Stores.open(store, "the server watches the models it serves for drift itself: curl {URL}v1/models/"
                + PredictCommand.selector(spec).model() + "/monitoring, or stop it and run this again")) {
            ModelRegistry registry = new ModelRegistry(geoStore);
            ModelSelector selector = PredictCommand.selector(spec);
            String model = selector.model();
            if (!registry.models().contains(model)) {
                throw new MlDataException("no registered model called " + model + " in " + store + " (models: "
                        + String.join(", ", registry.models()) + ")");
            }
            // an unknown version or alias fails here, naming those there are
            Long version = selector.version() == null && selector.alias() == null ? null : registry.resolve(selector).version();
            out.println("window\tversion\tstart\tend\trows\tdrifted\tfeatures that drifted");
            long[] shown = {0};
            ProgressPrinter progress = new ProgressPrinter(floe.err(), quiet, "floe monitor: logged requests read");
            long[] read = {0};
            LogMonitor.Summary s;
            try (Stream<InferenceRecord> records = InferenceLog.read(logs).peek(r -> progress.progress(++read[0], 0, 0))) {
                s = new LogMonitor(registry::version, ServingMonitor.SEED).run(records, model, version, window, period, minRows, w -> {
                    DriftReportRdf.write(geoStore, w);
                    DriftReport r = w.report();
                    out.println(++shown[0] + "\t" + w.version() + "\t" + w.start() + "\t" + w.end() + "\t" + r.windowSize() + "\t"
                            + (r.drifted() ? "yes" : "no") + "\t" + (r.driftedFeatures().isEmpty() ? "-" : String.join(", ", r.driftedFeatures())));
                });
            }
            progress.done();
            if (s.records() == 0) {
                throw new MlDataException("the inference log in " + logs + " has no requests to " + model
                        + (version == null ? "" : " version " + version));
            }
            floe.err().printf(Locale.ROOT, "floe monitor: %d requests to %s (%d failed, not checked), %d rows; %d windows checked, "
                            + "%d drifted; %s%s%s; reports in the store as floe:DriftReport%n", s.records(), model, s.failed(), s.rows(),
                    s.windows(), s.drifted(),
                    s.openRows() == 0 ? "no rows left over" : s.openRows() + " rows in a last window that is not full, not checked",
                    s.skippedWindows() == 0 ? "" : "; " + s.skippedWindows() + " time windows of fewer than " + minRows + " rows skipped",
                    s.unprofiled().isEmpty() ? "" : "; versions without a reference profile, not checked: "
                            + s.unprofiled().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        return 0;
    }

    /** {@code 10m}, {@code 2h}, {@code 90s}, {@code 1d} or an ISO-8601 duration ({@code PT30M}). */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.matches("[0-9]{1,9}[smhd]")) {
                long v = Long.parseLong(t.substring(0, t.length() - 1));
                d = switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(v);
                    case 'm' -> Duration.ofMinutes(v);
                    case 'h' -> Duration.ofHours(v);
                    default -> Duration.ofDays(v);
                };
            } else {
                d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            }
            if (d.toMillis() < 1000) {
                throw new UsageException("--every is at least one second, not " + text);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new UsageException("--every " + text + " is not a duration (e.g. 10m, 1h, 30s, PT30M)");
        }
    }
}
