package dev.floe.app;

import static dev.floe.app.ServingBenchmark.Input;
import static dev.floe.app.ServingBenchmark.OpenLoop;
import static dev.floe.app.ServingBenchmark.PHASE_SECONDS;
import static dev.floe.app.ServingBenchmark.closedLoop;
import static dev.floe.app.ServingBenchmark.heapAfterGc;
import static dev.floe.app.ServingBenchmark.json;
import static dev.floe.app.ServingBenchmark.openLoop;
import static dev.floe.app.ServingBenchmark.percentile;
import static dev.floe.app.ServingBenchmark.tfBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.ml.TrainingSet;
import dev.floe.ml.api.InferenceRequest;
import dev.floe.ml.api.ModelSelector;
import dev.floe.ml.api.Tensor;
import dev.floe.ml.batch.PatchFile;
import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.experiment.Experiments;
import dev.floe.ml.experiment.RunRecord;
import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.monitoring.DriftReport;
import dev.floe.ml.monitoring.DriftWatch;
import dev.floe.ml.monitoring.InferenceLog;
import dev.floe.ml.monitoring.InferenceLogOptions;
import dev.floe.ml.monitoring.WindowReport;
import dev.floe.ml.registry.ModelRegistry;
import dev.floe.ml.registry.ModelVersion;
import dev.floe.ml.s2.S2Item;
import dev.floe.ml.s2.S2Patches;
import dev.floe.ml.serving.BatchingOptions;
import dev.floe.ml.serving.InferenceLogging;
import dev.floe.ml.serving.ModelServer;
import dev.floe.ml.train.TrainingOptions;
import dev.floe.ml.trainingset.Split;
import dev.floe.ml.trainingset.SparqlSource;
import dev.floe.ml.trainingset.SplitRatios;
import dev.floe.ml.trainingset.TrainingQuery;
import dev.floe.store.GeoStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Monitoring measured on the real Sentinel-2 products of ../shared/data (tiles 33TWM and 33TWL, five dates each): an
 * s2-cnn trained on the two clearest 33TWM dates, then served with the inference log and the background drift
 * monitor (windows of 500 requests of one patch each), streaming held-out 33TWM patches (the training set's test
 * split, drawn with replacement) for 200 windows, then 33TWL patches (another tile), 33TWM again, and the patches of
 * the cloudiest 33TWM date. For each statistic and for the fixed textbook thresholds (KS p &lt; 0.05, PSI &gt; 0.1,
 * chi-square p &lt; 0.05), on the same windows: the alert rate in distribution, and after each shift the delay (the
 * first alerting window, 1 being the first window of the new stream) and the power (the share of its windows that
 * alert). Then the cost: p99 of TF Serving :predict over HTTP at 70 % of the saturation, with and without logging,
 * and twice the saturation with logging (heap, log records written and dropped). Writes
 * {@code target/benchmark-monitoring.md}.
 */
class MonitoringBenchmark {

    static final int WINDOW = 500;
    static final int IN_DISTRIBUTION_WINDOWS = Integer.getInteger("floe.bench.monitoring.windows", 200);
    static final int SHIFT_WINDOWS = 10;

    @TempDir
    Path tmp;

    final BenchReport report = new BenchReport();

    void say(String format, Object... args) {
        report.say(format, args);
    }

    static Path catalog() {
        String base = System.getProperty("floe.shared.data");
        Path p = (base == null ? Path.of("..", "..", "shared", "data") : Path.of(base)).resolve("stac/mapchete-eo-s2-l2a/catalog.json");
        assertTrue(Files.isRegularFile(p), "the Sentinel-2 catalog of ../shared/data (or -Dfloe.shared.data=DIR): " + p.toAbsolutePath());
        return p;
    }

    /** One product: its id, tile, patches file and the share of its patches Sen2Cor labels cloud or cirrus. */
    record Product(String id, String tile, Path patches, double cloud) {
    }

    /** The rules compared: a name and whether a window's report alerts by it. */
    static Map<String, Predicate<DriftReport>> rules() {
        Map<String, Predicate<DriftReport>> rules = new LinkedHashMap<>();
        rules.put("floe, all tests (calibrated, Bonferroni)", DriftReport::drifted);
        for (String s : List.of("ks", "wasserstein", "js", "psi", "chi2", "bbsd")) {
            rules.put("floe, " + s + " alone (calibrated)", r -> r.tests().stream().anyMatch(t -> t.statistic().equals(s) && t.drifted()));
        }
        rules.put("textbook KS p < 0.05 (any feature)", r -> textbook(r, "ks"));
        rules.put("textbook PSI > 0.1 (any feature)", r -> textbook(r, "psi"));
        rules.put("textbook chi-square p < 0.05 (predicted class)", r -> textbook(r, "chi2"));
        rules.put("textbook KS p < 0.05 on class probabilities (bbsd)", r -> textbook(r, "bbsd"));
        return rules;
    }

    static boolean textbook(DriftReport r, String statistic) {
        return r.tests().stream().anyMatch(t -> t.statistic().equals(statistic) && t.textbookDrifted());
    }

    static Map<String, Tensor> input(float[] pixels) {
        double[] d = new double[pixels.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = pixels[i];
        }
        return Map.of("patch", Tensor.Numbers.fp32("patch", new long[] {1, 4, 15, 15}, d));
    }

    @Test
    void monitoring() throws Exception {
        List<Product> products = new ArrayList<>();
        for (Path item : S2Item.items(catalog())) {
            String id = item.getFileName().toString().replace(".json", "");
            Path nt = tmp.resolve("patches-" + id + ".nt");
            S2Patches.Summary s = new S2Patches(15, 0.5).cut(List.of(item), nt, null);
            int cloud = s.perClass().getOrDefault("cloud medium probability", 0) + s.perClass().getOrDefault("cloud high probability", 0)
                    + s.perClass().getOrDefault("thin cirrus", 0);
            products.add(new Product(id, id.contains("33TWM") ? "33TWM" : "33TWL", nt, (double) cloud / Math.max(1, s.patches())));
        }
        List<Product> twm = products.stream().filter(p -> p.tile().equals("33TWM")).sorted((a, b) -> Double.compare(a.cloud(), b.cloud())).toList();
        List<Product> twl = products.stream().filter(p -> p.tile().equals("33TWL")).toList();
        assertEquals(5, twm.size(), products.toString());
        List<Product> training = twm.subList(0, 2);
        Product cloudiest = twm.get(twm.size() - 1);

        say("# Monitoring: drift on real Sentinel-2 patches, and what logging costs serving");
        say("");
        say("One JVM, %s, %d cores, OMP_NUM_THREADS=%s. Products (share of patches labelled cloud or cirrus): %s.",
                System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"),
                products.stream().map(p -> String.format(Locale.ROOT, "%s %.2f", p.id(), p.cloud())).collect(Collectors.joining(", ")));

        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            store.load(training.stream().map(Product::patches).toList());
            String query = """
                    PREFIX floe: <https://w3id.org/floe/ontology#>
                    SELECT ?sample ?label ?raster WHERE {
                      { SELECT ?label WHERE { ?l2 a floe:Label ; floe:labelClass ?label ; floe:sample ?s2 . }
                        GROUP BY ?label HAVING (COUNT(?s2) >= 10) }
                      ?l a floe:Label ; floe:labelClass ?label ; floe:sample ?sample .
                      ?sample a floe:Patch ; floe:rasterFile ?raster .
                    }""";
            TrainingSet set = TrainingSet.create("land-cover", new TrainingQuery(query, "the two clearest 33TWM dates"), SparqlSource.store(store),
                    TrainingSet.folderIn(store.directory(), "land-cover"), SplitRatios.DEFAULT, 42, null);
            long t0 = System.nanoTime();
            ModelFamily family = ModelFamily.S2_CNN;
            RunRecord run = new Experiments(store, null).train(set, family, family.defaultFilters(), family.defaultDense(), 0.001,
                    new TrainingOptions(4, 64, 42));
            ModelRegistry registry = new ModelRegistry(store);
            ModelVersion version = registry.register("land-cover", run.id(), "benchmark");
            ImageSamples heldOut = set.samples(Split.TEST);
            say("Trained on %s and %s: %d patches (%d train, %d validation, %d test held out), %d classes, 4 epochs in %.0f s; "
                            + "test accuracy %.3f.", training.get(0).id(), training.get(1).id(), set.manifest().total(),
                    set.samples(Split.TRAIN).size(), set.samples(Split.VALIDATION).size(), heldOut.size(), version.classes().size(),
                    (System.nanoTime() - t0) / 1e9, run.test().accuracy());

            List<float[]> twlPatches = new ArrayList<>();
            for (Product p : twl) {
                PatchFile.read(p.patches()).forEach(x -> twlPatches.add(x.pixels()));
            }
            List<float[]> cloudyPatches = PatchFile.read(cloudiest.patches()).stream().map(PatchFile.Patch::pixels).toList();
            List<float[]> heldOutPatches = List.of(heldOut.pixels());

            // the stream, in segments of whole windows, one patch a request, through the server's own logging and monitor
            record Segment(String name, List<float[]> patches, int windows) {
            }
            List<Segment> segments = List.of(new Segment("held-out 33TWM", heldOutPatches, IN_DISTRIBUTION_WINDOWS),
                    new Segment("33TWL (another tile)", twlPatches, SHIFT_WINDOWS),
                    new Segment("held-out 33TWM again", heldOutPatches, SHIFT_WINDOWS),
                    new Segment("cloudiest 33TWM date (" + cloudiest.id() + ")", cloudyPatches, SHIFT_WINDOWS));
            List<WindowReport> windows = Collections.synchronizedList(new ArrayList<>());
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            Random draw = new Random(7);
            long streamStart = System.nanoTime();
            long requests = 0;
            List<Map<String, Integer>> predictedBySegment = new ArrayList<>();
            try (InferenceLog log = new InferenceLog(tmp.resolve("logs"), InferenceLogOptions.defaults(), meters);
                 DriftWatch watch = new DriftWatch(registry::version, WINDOW, ServingMonitor.SEED, windows::add, meters, null)) {
                InferenceLogging logging = new InferenceLogging(log, 0.01, null, watch);
                try (ModelServer server = new ModelServer(registry, BatchingOptions.none(1), null, null, null, meters, logging).start()) {
                    for (Segment s : segments) {
                        Map<String, Integer> predicted = new java.util.TreeMap<>();
                        for (int i = 0; i < s.windows() * WINDOW; i++) {
                            var answer = server.infer(InferenceRequest.of(ModelSelector.of("land-cover"),
                                    input(s.patches().get(draw.nextInt(s.patches().size())))));
                            predicted.merge(((Tensor.Strings) answer.output("class")).data()[0], 1, Integer::sum);
                            requests++;
                        }
                        predictedBySegment.add(predicted);
                    }
                }
                log.flush();
                watch.flush();
                assertEquals(requests, log.written(), "every request logged");
            }
            int total = segments.stream().mapToInt(Segment::windows).sum();
            assertEquals(total, windows.size());
            say("Streamed %,d requests (%d windows of %d) in %.0f s through ModelServer with the inference log (1 %% of inputs in full) "
                    + "and the drift monitor.", requests, total, WINDOW, (System.nanoTime() - streamStart) / 1e9);
            for (int k = 0; k < segments.size(); k++) {
                say("Predicted classes, %s: %s", segments.get(k).name(), predictedBySegment.get(k));
            }
            say("");
            say("| rule | in distribution: alerts / windows (%%) | 33TWL: delay, power | 33TWM again: alerts | cloudiest date: delay, power |");
            say("|---|---|---|---|---|");
            for (Map.Entry<String, Predicate<DriftReport>> rule : rules().entrySet()) {
                int[] start = new int[segments.size()];
                for (int k = 1; k < segments.size(); k++) {
                    start[k] = start[k - 1] + segments.get(k - 1).windows();
                }
                List<Boolean> alerts = windows.stream().map(w -> rule.getValue().test(w.report())).toList();
                int inDist = count(alerts, start[0], segments.get(0).windows());
                say("| %s | %d / %d (%.1f %%) | %s | %d / %d | %s |", rule.getKey(), inDist, segments.get(0).windows(),
                        100.0 * inDist / segments.get(0).windows(), delayAndPower(alerts, start[1], SHIFT_WINDOWS),
                        count(alerts, start[2], SHIFT_WINDOWS), SHIFT_WINDOWS, delayAndPower(alerts, start[3], SHIFT_WINDOWS));
            }
            Map<String, Long> drifted = windows.subList(IN_DISTRIBUTION_WINDOWS, IN_DISTRIBUTION_WINDOWS + SHIFT_WINDOWS).stream()
                    .flatMap(w -> w.report().driftedFeatures().stream()).collect(Collectors.groupingBy(f -> f, java.util.TreeMap::new,
                            Collectors.counting()));
            say("");
            say("Features that drifted in the 33TWL windows (windows): %s", drifted);

            cost(store, registry, heldOutPatches.get(0));
        }
        report.write("benchmark-monitoring.md");
    }

    static int count(List<Boolean> alerts, int from, int n) {
        int c = 0;
        for (int i = from; i < from + n; i++) {
            c += alerts.get(i) ? 1 : 0;
        }
        return c;
    }

    static String delayAndPower(List<Boolean> alerts, int from, int n) {
        int first = -1;
        for (int i = from; i < from + n && first < 0; i++) {
            if (alerts.get(i)) {
                first = i - from + 1;
            }
        }
        return (first < 0 ? "none" : "window " + first) + ", " + count(alerts, from, n) + " / " + n;
    }

    /** p99 over HTTP at 70 % of saturation with and without the log, in turns; then twice the saturation with it. */
    void cost(GeoStore store, ModelRegistry registry, float[] patch) throws Exception {
        EndpointConfig config = EndpointConfig.loopback(0);
        say("");
        say("## Cost: TF Serving :predict over HTTP (s2-cnn, one patch a request), with and without the inference log and monitor");
        say("");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (InferenceLog log = new InferenceLog(tmp.resolve("cost-logs"), InferenceLogOptions.defaults(), meters);
             DriftWatch watch = new DriftWatch(registry::version, WINDOW, ServingMonitor.SEED, w -> { }, meters, null);
             ModelServer plain = new ModelServer(registry, BatchingOptions.DEFAULTS, null, null, null).start();
             ModelServer logged = new ModelServer(registry, BatchingOptions.DEFAULTS, null, null, null, meters,
                     new InferenceLogging(log, 0.01, null, watch)).start();
             EndpointServer off = EndpointServer.start(store, config, null, null, plain);
             EndpointServer on = EndpointServer.start(store, config, null, null, logged)) {
            String body = tfBody(new Input(patch, 4, 15, Float.NaN), null, null);
            HttpRequest requestOff = json(off.baseUri().resolve("v1/models/land-cover:predict"), body, null);
            HttpRequest requestOn = json(on.baseUri().resolve("v1/models/land-cover:predict"), body, null);
            double saturation = closedLoop(requestOn, 8, PHASE_SECONDS);
            say("Saturation with logging (8 clients back to back, %d s): %.0f requests/s.", PHASE_SECONDS, saturation);
            List<Double> p99Off = new ArrayList<>();
            List<Double> p99On = new ArrayList<>();
            for (int turn = 0; turn < 3; turn++) {
                OpenLoop a = openLoop(requestOff, 0.7 * saturation, PHASE_SECONDS);
                OpenLoop b = openLoop(requestOn, 0.7 * saturation, PHASE_SECONDS);
                p99Off.add(percentile(a.ok(), 0.99));
                p99On.add(percentile(b.ok(), 0.99));
                say("Turn %d at 70 %% (%.0f requests/s, %d s): without the log p50 %.2f ms, p99 %.2f ms (%d answered, %d refused); "
                                + "with it p50 %.2f ms, p99 %.2f ms (%d answered, %d refused)", turn + 1, 0.7 * saturation, PHASE_SECONDS,
                        percentile(a.ok(), 0.5), percentile(a.ok(), 0.99), a.ok().size(), a.refused().size(),
                        percentile(b.ok(), 0.5), percentile(b.ok(), 0.99), b.ok().size(), b.refused().size());
            }
            double off99 = p99Off.stream().mapToDouble(Double::doubleValue).sorted().skip(1).findFirst().orElseThrow();
            double on99 = p99On.stream().mapToDouble(Double::doubleValue).sorted().skip(1).findFirst().orElseThrow();
            say("Median p99 of the three turns: %.2f ms without, %.2f ms with the log: ratio %.3f (goal <= 1.05).", off99, on99,
                    on99 / off99);

            log.flush();
            long writtenBefore = log.written();
            long droppedBefore = log.dropped();
            long failedBefore = log.failed();
            long heapBefore = heapAfterGc();
            OpenLoop over = openLoop(requestOn, 2 * saturation, PHASE_SECONDS);
            log.flush();
            long heapAfter = heapAfterGc();
            long seen = over.ok().size() + over.refused().size();
            say("Twice the saturation (%.0f requests/s, %d s) with the log: %d answered, %d refused with 503, %d failed; log records "
                            + "written %d, dropped %d (counted), failed %d, for %d requests the server saw; heap after GC %.1f MB before, "
                            + "%.1f MB after.", 2 * saturation, PHASE_SECONDS, over.ok().size(), over.refused().size(), over.failed(),
                    log.written() - writtenBefore, log.dropped() - droppedBefore, log.failed() - failedBefore, seen,
                    heapBefore / 1e6, heapAfter / 1e6);
        }
    }
}
