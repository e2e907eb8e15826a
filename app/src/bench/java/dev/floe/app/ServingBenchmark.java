package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.endpoint.security.ApiKeys;
import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.data.Standardiser;
import dev.floe.ml.experiment.Experiments;
import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.prediction.Prediction;
import dev.floe.ml.prediction.PredictionWriter;
import dev.floe.ml.registry.ModelRegistry;
import dev.floe.ml.registry.ModelVersion;
import dev.floe.ml.serving.BatchingOptions;
import dev.floe.ml.serving.ModelServer;
import dev.floe.ml.serving.StorePredictions;
import dev.floe.store.GeoStore;

/**
 * Model serving against the bare DL4J forward pass, measured in one run on a sar-cnn at its default size (2 x 75 x 75
 * patches and the incidence angle, filters 16/32/64, dense 64) trained on 120 seeded synthetic records: the HTTP
 * overhead of TF Serving's JSON :predict and of the Open Inference Protocol (JSON and binary tensors) at batch size 1;
 * batching with 8 concurrent clients against none; p99 at 70 % of the measured saturation rate; an overload at twice
 * that rate (refusals, their latency, the heap); and recorded predictions: the time from an acknowledged :predict
 * that names its patch to a geo:sfIntersects property-function query finding it, and the cost of a write as
 * predictions accumulate. Writes {@code target/benchmark-serving.md}.
 */
class ServingBenchmark {

    static final int SIDE = 75;
    static final String KEY = "bench-write-key-0123456789";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final int WARMUP = 200;
    static final int SAMPLES = 1000;
    static final long PHASE_SECONDS = Long.getLong("floe.bench.phase.seconds", 10);

    @TempDir
    Path tmp;

    final List<String> report = new ArrayList<>();

    void say(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        report.add(line);
    }

    /** {@code n} records of the Statoil/C-CORE format, icebergs bright in the centre of both bands, ships a bright row. */
    static Path records(Path file, int n) throws IOException {
        Random random = new Random(11);
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            boolean iceberg = i % 3 != 0;
            StringBuilder hh = new StringBuilder();
            StringBuilder hv = new StringBuilder();
            for (int p = 0; p < SIDE * SIDE; p++) {
                int y = p / SIDE;
                int x = p % SIDE;
                boolean target = iceberg ? Math.abs(y - 37) + Math.abs(x - 37) < 6 : y == 37 && Math.abs(x - 37) < 10;
                hh.append(p == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.2f", (target ? -8 : -28) + random.nextGaussian()));
                hv.append(p == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.2f", (target ? (iceberg ? -12 : -24) : -34) + random.nextGaussian()));
            }
            out.append(i == 0 ? "" : ",\n").append(String.format(Locale.ROOT,
                    "{\"id\": \"b%03d\", \"band_1\": [%s], \"band_2\": [%s], \"inc_angle\": %.2f, \"is_iceberg\": %d}",
                    i, hh, hv, 35 + random.nextDouble() * 10, iceberg ? 1 : 0));
        }
        Files.writeString(file, out.append("]"));
        return file;
    }

    static double percentile(List<Long> nanos, double q) {
        long[] a = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (a.length == 0) {
            return Double.NaN;
        }
        return a[Math.min(a.length - 1, (int) Math.ceil(q * a.length) - 1)] / 1e6;
    }

    /** One patch as TF Serving's row format. */
    static String tfBody(float[] patch, float angle, String subject, String footprint) {
        StringBuilder b = new StringBuilder("{\"instances\": [{\"patch\": [");
        for (int c = 0; c < 2; c++) {
            b.append(c == 0 ? "[" : ",[");
            for (int y = 0; y < SIDE; y++) {
                b.append(y == 0 ? "[" : ",[");
                for (int x = 0; x < SIDE; x++) {
                    b.append(x == 0 ? "" : ",").append(patch[(c * SIDE + y) * SIDE + x]);
                }
                b.append(']');
            }
            b.append(']');
        }
        b.append("], \"incidence_angle\": [").append(angle).append(']');
        if (subject != null) {
            b.append(", \"floe:subject\": \"").append(subject).append("\", \"floe:footprint\": \"").append(footprint).append('"');
        }
        return b.append("}]}").toString();
    }

    static String oipJson(float[] patch, float angle) {
        StringBuilder b = new StringBuilder("{\"inputs\": [{\"name\": \"patch\", \"shape\": [1, 2, 75, 75], \"datatype\": \"FP32\", \"data\": [");
        for (int i = 0; i < patch.length; i++) {
            b.append(i == 0 ? "" : ",").append(patch[i]);
        }
        return b.append("]}, {\"name\": \"incidence_angle\", \"shape\": [1, 1], \"datatype\": \"FP32\", \"data\": [").append(angle)
                .append("]}]}").toString();
    }

    static byte[] oipBinary(float[] patch, float angle) {
        String header = "{\"inputs\": [{\"name\": \"patch\", \"shape\": [1, 2, 75, 75], \"datatype\": \"FP32\", \"parameters\": "
                + "{\"binary_data_size\": " + patch.length * 4 + "}}, {\"name\": \"incidence_angle\", \"shape\": [1, 1], \"datatype\": \"FP32\", "
                + "\"parameters\": {\"binary_data_size\": 4}}], \"outputs\": [{\"name\": \"probabilities\", \"parameters\": {\"binary_data\": true}}]}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(h.length + patch.length * 4 + 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(h);
        for (float f : patch) {
            buf.putFloat(f);
        }
        buf.putFloat(angle);
        return buf.array();
    }

    static HttpRequest json(URI uri, String body, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return key == null ? b.build() : b.header("Authorization", "Bearer " + key).build();
    }

    static HttpRequest binary(URI uri, byte[] body, int headerLength) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/octet-stream")
                .header("Inference-Header-Content-Length", Integer.toString(headerLength))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    static List<Long> sequential(HttpRequest request, int warmup, int samples) throws Exception {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < warmup + samples; i++) {
            long t = System.nanoTime();
            HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long d = System.nanoTime() - t;
            if (r.statusCode() != 200) {
                throw new AssertionError(r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
            }
            if (i >= warmup) {
                out.add(d);
            }
        }
        return out;
    }

    /** Closed loop: {@code clients} threads sending back to back for {@code seconds}; returns requests per second. */
    static double closedLoop(HttpRequest request, int clients, long seconds) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                            done.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        Thread.sleep(2000); // warm-up
        long start = done.get();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000);
        long n = done.get() - start;
        double rate = n / ((System.nanoTime() - t0) / 1e9);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return rate;
    }

    record OpenLoop(List<Long> ok, List<Long> refused, long failed) {
    }

    /** Open loop: requests sent at {@code rate} per second for {@code seconds}, each timed from its send to its answer. */
    static OpenLoop openLoop(HttpRequest request, double rate, long seconds) throws InterruptedException {
        ConcurrentLinkedQueue<Long> ok = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> refused = new ConcurrentLinkedQueue<>();
        AtomicLong failed = new AtomicLong();
        long total = (long) (rate * seconds);
        CountDownLatch answered = new CountDownLatch((int) total);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        long period = (long) (1e9 / rate);
        AtomicLong sent = new AtomicLong();
        clock.scheduleAtFixedRate(() -> {
            if (sent.getAndIncrement() >= total) {
                return;
            }
            long t = System.nanoTime();
            HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                long d = System.nanoTime() - t;
                if (e != null) {
                    failed.incrementAndGet();
                } else if (r.statusCode() == 200) {
                    ok.add(d);
                } else if (r.statusCode() == 503) {
                    refused.add(d);
                } else {
                    failed.incrementAndGet();
                }
                answered.countDown();
            });
        }, 0, period, TimeUnit.NANOSECONDS);
        answered.await(seconds + 60, TimeUnit.SECONDS);
        clock.shutdownNow();
        return new OpenLoop(new ArrayList<>(ok), new ArrayList<>(refused), failed.get());
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    String csv(URI sparql, String query) throws IOException, InterruptedException {
        URI uri = URI.create(sparql + "?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(uri).header("Accept", "text/csv").GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void serving() throws Exception {
        Path json = records(tmp.resolve("bench.json"), 120);
        Path nt = tmp.resolve("bench.nt");
        Path storeDir = tmp.resolve("store");
        assertEquals(0, CommandLineTest.floe("triplify", "--input", json.toString(), "--out", nt.toString(), "--quiet").exit());
        assertEquals(0, CommandLineTest.floe("load", "--store", storeDir.toString(), nt.toString(), "--quiet").exit());
        assertEquals(0, CommandLineTest.floe("trainingset", "create", "--store", storeDir.toString(), "--query",
                MlCommandsTest.SAR_QUERY, "--name", "bench", "--seed", "1", "--quiet").exit());
        CommandLineTest.Run trained = CommandLineTest.floe("train", "--store", storeDir.toString(), "--trainingset", "bench",
                "--model", "sar-cnn", "--epochs", "1", "--batch-size", "16", "--seed", "3", "--quiet");
        assertEquals(0, trained.exit(), trained.err());
        String run = trained.out().split("\t")[0];
        assertEquals(0, CommandLineTest.floe("models", "register", "icebergs", "--run", run, "--store", storeDir.toString()).exit());

        try (GeoStore store = GeoStore.open(storeDir)) {
            ModelRegistry registry = new ModelRegistry(store);
            ModelVersion version = registry.resolve(dev.floe.ml.api.ModelSelector.of("icebergs"));
            ImageSamples samples = new Experiments(store, null).trainingSet("bench").samples(dev.floe.ml.trainingset.Split.TRAIN);
            float[] patch = samples.pixels()[0];
            float angle = samples.extras()[0][0];
            say("# Model serving: floe against the bare DL4J forward pass");
            say("");
            say("sar-cnn (2 x 75 x 75 + incidence angle; filters 16/32/64, dense 64), version %d of \"icebergs\"; one JVM, %s, %d cores.",
                    version.version(), System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors());

            // the bare forward pass: the network and its standardised inputs, prepared once, as the baseline
            Path runFolder = storeDir.resolve("experiments").resolve(run);
            ComputationGraph net = Experiments.loadModel(runFolder);
            Standardiser standardiser = Experiments.loadStandardiser(runFolder);
            ImageSamples adapted = ModelFamily.SAR_CNN.adapt(samples);
            INDArray[] one = standardiser.inputs(adapted, new int[] {0});
            int[] idx32 = new int[32];
            Arrays.setAll(idx32, i -> i);
            INDArray[] batch32 = standardiser.inputs(adapted, idx32);
            List<Long> bare1 = new ArrayList<>();
            List<Long> bare32 = new ArrayList<>();
            for (int i = 0; i < WARMUP + SAMPLES; i++) {
                long t = System.nanoTime();
                net.output(false, one);
                if (i >= WARMUP) {
                    bare1.add(System.nanoTime() - t);
                }
            }
            for (int i = 0; i < 50 + 200; i++) {
                long t = System.nanoTime();
                net.output(false, batch32);
                if (i >= 50) {
                    bare32.add(System.nanoTime() - t);
                }
            }
            double forward1 = percentile(bare1, 0.5);
            double forward32 = percentile(bare32, 0.5);

            Path keys = Files.writeString(tmp.resolve("keys"), KEY + "\n");
            EndpointConfig config = EndpointConfig.loopback(0).withKeys(ApiKeys.read(keys), ApiKeys.NONE);
            try (ModelServer unbatched = new ModelServer(registry, BatchingOptions.none(1), null, null, null).start();
                 EndpointServer plain = EndpointServer.start(store, config, null, null, unbatched)) {
                URI base = plain.baseUri();
                HttpRequest tf = json(base.resolve("v1/models/icebergs:predict"), tfBody(patch, angle, null, null), null);
                HttpRequest oip = json(base.resolve("v2/models/icebergs/infer"), oipJson(patch, angle), null);
                byte[] bin = oipBinary(patch, angle);
                int headerLength = bin.length - patch.length * 4 - 4;
                HttpRequest oipBin = binary(base.resolve("v2/models/icebergs/infer"), bin, headerLength);
                List<Long> tfTimes = sequential(tf, WARMUP, SAMPLES);
                List<Long> oipTimes = sequential(oip, WARMUP, SAMPLES);
                List<Long> binTimes = sequential(oipBin, WARMUP, SAMPLES);
                say("");
                say("## Overhead at batch size 1 (p50 of %d sequential requests on one connection, after %d warm-up; no batching)", SAMPLES, WARMUP);
                say("");
                say("| path | p50 ms | p99 ms | p50 minus the bare forward pass, ms | goal |");
                say("|---|---|---|---|---|");
                say("| bare DL4J `output()` (prepared inputs) | %.3f | %.3f | — | — |", forward1, percentile(bare1, 0.99));
                say("| TF Serving REST `:predict`, JSON rows (%,d bytes) | %.3f | %.3f | %.3f | <= 1 ms |", tfBody(patch, angle, null, null).length(),
                        percentile(tfTimes, 0.5), percentile(tfTimes, 0.99), percentile(tfTimes, 0.5) - forward1);
                say("| Open Inference Protocol `infer`, JSON tensors | %.3f | %.3f | %.3f | <= 1 ms |", percentile(oipTimes, 0.5),
                        percentile(oipTimes, 0.99), percentile(oipTimes, 0.5) - forward1);
                say("| Open Inference Protocol `infer`, binary tensors (%,d bytes) | %.3f | %.3f | %.3f | <= 0.3 ms |", bin.length,
                        percentile(binTimes, 0.5), percentile(binTimes, 0.99), percentile(binTimes, 0.5) - forward1);

                double without = closedLoop(tf, 8, PHASE_SECONDS);
                try (ModelServer batched = new ModelServer(registry, BatchingOptions.DEFAULTS, new StorePredictions(new PredictionWriter(store)),
                        storeDir.resolve("models"), null).start();
                     EndpointServer server = EndpointServer.start(store, config, null, null, batched)) {
                    URI b = server.baseUri();
                    HttpRequest tfB = json(b.resolve("v1/models/icebergs:predict"), tfBody(patch, angle, null, null), null);
                    double with = closedLoop(tfB, 8, PHASE_SECONDS);
                    long passes0 = batched.forwardPasses();
                    say("");
                    say("## Batching: 8 clients back to back for %d s each (TF Serving JSON, one row a request)", PHASE_SECONDS);
                    say("");
                    say("| server | requests/s | ratio |");
                    say("|---|---|---|");
                    say("| no batching (max_batch_size 1) | %.0f | 1.00 |", without);
                    say("| batching (max_batch_size 32, batch_timeout_micros 1000, max_enqueued_batches 100, num_batch_threads 1) | %.0f | %.2f (goal >= 2) |",
                            with, with / without);

                    OpenLoop at70 = openLoop(tfB, 0.7 * with, PHASE_SECONDS);
                    say("");
                    say("## Open loop at 70 %% of the measured saturation (%.0f requests/s for %d s)", 0.7 * with, PHASE_SECONDS);
                    say("");
                    say("answered %d, refused %d, failed %d; p50 %.2f ms, p99 %.2f ms; one full batch of 32 in the bare forward pass: "
                            + "%.2f ms, so p99 / that = %.2f (goal <= 3)", at70.ok().size(), at70.refused().size(), at70.failed(),
                            percentile(at70.ok(), 0.5), percentile(at70.ok(), 0.99), forward32, percentile(at70.ok(), 0.99) / forward32);

                    long heapBefore = heapAfterGc();
                    long rejectedBefore = batched.rejected();
                    OpenLoop at200 = openLoop(tfB, 2 * with, PHASE_SECONDS);
                    long heapAfter = heapAfterGc();
                    say("");
                    say("## Overload: twice the saturation (%.0f requests/s) for %d s", 2 * with, PHASE_SECONDS);
                    say("");
                    say("answered %d (p99 %.1f ms), refused with 503 %d (p50 %.2f ms, p99 %.2f ms; counted by the server: %d), failed %d; "
                            + "heap after GC %.1f MB before, %.1f MB after", at200.ok().size(), percentile(at200.ok(), 0.99),
                            at200.refused().size(), percentile(at200.refused(), 0.5), percentile(at200.refused(), 0.99),
                            batched.rejected() - rejectedBefore, at200.failed(), heapBefore / 1e6, heapAfter / 1e6);
                    say("forward passes in the batching runs: %d", batched.forwardPasses() - passes0);

                    // predictions to the graph
                    say("");
                    say("## Recorded predictions: acknowledgement to a geo:sfIntersects property-function query finding it");
                    say("");
                    PredictionWriter writer = new PredictionWriter(store);
                    List<Long> visible = new ArrayList<>();
                    List<Long> acks = new ArrayList<>();
                    long period = 1_000_000_000L / 50;
                    Random r = new Random(5);
                    for (int stage = 0; stage < 2; stage++) {
                        visible.clear();
                        acks.clear();
                        long next = System.nanoTime();
                        for (int i = 0; i < 50 * PHASE_SECONDS; i++) {
                            double lon = -180 + r.nextDouble() * 360;
                            double lat = -80 + r.nextDouble() * 160;
                            String wkt = String.format(Locale.ROOT, "POINT(%.5f %.5f)", lon, lat);
                            String subject = "https://example.org/bench/patch/" + stage + "/" + i;
                            long t = System.nanoTime();
                            HttpResponse<String> a = HTTP.send(json(b.resolve("v1/models/icebergs:predict"), tfBody(patch, angle, subject, wkt), KEY),
                                    HttpResponse.BodyHandlers.ofString());
                            long acked = System.nanoTime();
                            assertEquals(200, a.statusCode(), a.body());
                            acks.add(acked - t);
                            String box = String.format(Locale.ROOT, "POLYGON((%1$.5f %2$.5f, %3$.5f %2$.5f, %3$.5f %4$.5f, %1$.5f %4$.5f, %1$.5f %2$.5f))",
                                    lon - 0.001, lat - 0.001, lon + 0.001, lat + 0.001);
                            String q = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> PREFIX sosa: <http://www.w3.org/ns/sosa/> "
                                    + "SELECT ?p WHERE { ?p sosa:hasFeatureOfInterest <" + subject + "> ; geo:hasGeometry ?g . "
                                    + "?g geo:sfIntersects \"" + box + "\"^^geo:wktLiteral }";
                            while (csv(server.sparqlUri(), q).split("\r\n").length < 2) {
                                Thread.onSpinWait();
                            }
                            visible.add(System.nanoTime() - acked);
                            next += period;
                            long sleep = next - System.nanoTime();
                            if (sleep > 0) {
                                TimeUnit.NANOSECONDS.sleep(sleep);
                            }
                        }
                        say("%s: %d requests at 50/s, each recording one prediction: acknowledgement p50 %.2f ms, p95 %.2f ms; "
                                        + "acknowledgement to found p50 %.2f ms, p95 %.2f ms (goal p95 <= 250 ms)",
                                stage == 0 ? "store with no other predictions" : "after 20,000 more predictions", acks.size(),
                                percentile(acks, 0.5), percentile(acks, 0.95), percentile(visible, 0.5), percentile(visible, 0.95));
                        if (stage == 0) {
                            Instant at = Instant.now();
                            long t0 = System.nanoTime();
                            for (int k = 0; k < 20; k++) {
                                List<Prediction> many = new ArrayList<>();
                                for (int j = 0; j < 1000; j++) {
                                    many.add(Prediction.of("https://example.org/bench/bulk/" + k + "/" + j, version.iri(), version.classes(),
                                            new double[] {0.3, 0.7}, at).withFootprint(String.format(Locale.ROOT, "POINT(%.4f %.4f)",
                                            -180 + r.nextDouble() * 360, -80 + r.nextDouble() * 160)));
                                }
                                writer.write(many);
                            }
                            say("(20,000 predictions written in batches of 1,000 in %.1f s)", (System.nanoTime() - t0) / 1e9);
                        }
                    }
                }
            }
        }
        Path out = Path.of("target", "benchmark-serving.md");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
    }
}
