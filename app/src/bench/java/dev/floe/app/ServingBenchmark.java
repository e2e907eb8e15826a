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
import dev.floe.sparql.access.ApiKeys;
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
 * predictions accumulate. Writes {@code target/benchmark-serving.md}. {@code -Dfloe.bench.serving.only=overhead} measures
 * only the overhead tables at batch size 1 of both models (a minute or two, for comparing a change to serving's own code).
 */
class ServingBenchmark {

    static final int SIDE = 75;
    static final String KEY = "bench-write-key-0123456789";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final int WARMUP = 200;
    static final int SAMPLES = 1000;
    static final long PHASE_SECONDS = Long.getLong("floe.bench.phase.seconds", 10);
    /** "overhead": only the overhead tables (no batching, load or recording phases); unset: everything. */
    static final boolean OVERHEAD_ONLY = "overhead".equals(System.getProperty("floe.bench.serving.only"));

    @TempDir
    Path tmp;

    final BenchReport report = new BenchReport();

    void say(String format, Object... args) {
        report.say(format, args);
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

    /** A model's input for one patch: its pixels (channels x side x side) and its incidence angle (NaN: the model has none). */
    record Input(float[] pixels, int channels, int side, float angle) {
        boolean hasAngle() {
            return !Float.isNaN(angle);
        }
    }

    /** One patch as TF Serving's row format. */
    static String tfBody(Input in, String subject, String footprint) {
        StringBuilder b = new StringBuilder("{\"instances\": [{\"patch\": [");
        for (int c = 0; c < in.channels(); c++) {
            b.append(c == 0 ? "[" : ",[");
            for (int y = 0; y < in.side(); y++) {
                b.append(y == 0 ? "[" : ",[");
                for (int x = 0; x < in.side(); x++) {
                    b.append(x == 0 ? "" : ",").append(in.pixels()[(c * in.side() + y) * in.side() + x]);
                }
                b.append(']');
            }
            b.append(']');
        }
        b.append(']');
        if (in.hasAngle()) {
            b.append(", \"incidence_angle\": [").append(in.angle()).append(']');
        }
        if (subject != null) {
            b.append(", \"floe:subject\": \"").append(subject).append("\", \"floe:footprint\": \"").append(footprint).append('"');
        }
        return b.append("}]}").toString();
    }

    static String shape(Input in) {
        return "[1, " + in.channels() + ", " + in.side() + ", " + in.side() + "]";
    }

    static String oipJson(Input in) {
        StringBuilder b = new StringBuilder("{\"inputs\": [{\"name\": \"patch\", \"shape\": " + shape(in) + ", \"datatype\": \"FP32\", \"data\": [");
        for (int i = 0; i < in.pixels().length; i++) {
            b.append(i == 0 ? "" : ",").append(in.pixels()[i]);
        }
        b.append("]}");
        if (in.hasAngle()) {
            b.append(", {\"name\": \"incidence_angle\", \"shape\": [1, 1], \"datatype\": \"FP32\", \"data\": [").append(in.angle()).append("]}");
        }
        return b.append("]}").toString();
    }

    /** The binary request and the length of its JSON header. */
    record Binary(byte[] body, int headerLength) {
    }

    static Binary oipBinary(Input in) {
        String header = "{\"inputs\": [{\"name\": \"patch\", \"shape\": " + shape(in) + ", \"datatype\": \"FP32\", \"parameters\": "
                + "{\"binary_data_size\": " + in.pixels().length * 4 + "}}" + (in.hasAngle() ? ", {\"name\": \"incidence_angle\", \"shape\": [1, 1], "
                + "\"datatype\": \"FP32\", \"parameters\": {\"binary_data_size\": 4}}" : "")
                + "], \"outputs\": [{\"name\": \"probabilities\", \"parameters\": {\"binary_data\": true}}]}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(h.length + in.pixels().length * 4 + (in.hasAngle() ? 4 : 0)).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(h);
        for (float f : in.pixels()) {
            buf.putFloat(f);
        }
        if (in.hasAngle()) {
            buf.putFloat(in.angle());
        }
        return new Binary(buf.array(), h.length);
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

    /**
     * Bare forward-pass times (ms, p50) of a model's own network at batch size 1 and 32, on prepared inputs, and one
     * such pass at batch size 1 to run again between the measured requests.
     */
    record Bare(double one, double one99, double full, Runnable pass) {
    }

    static Bare bare(Path runFolder, ImageSamples raw, ModelFamily family) {
        ComputationGraph net = Experiments.loadModel(runFolder);
        Standardiser standardiser = Experiments.loadStandardiser(runFolder);
        ImageSamples adapted = family.adapt(raw);
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
        return new Bare(percentile(bare1, 0.5), percentile(bare1, 0.99), percentile(bare32, 0.5), () -> net.output(false, one));
    }

    /** The overhead table and the batching comparison of one served model; returns the saturation rate with batching. */
    double overheadAndBatching(String title, GeoStore store, ModelRegistry registry, String model, Input in, Bare bare,
                               EndpointConfig config) throws Exception {
        say("");
        say("## %s", title);
        try (ModelServer unbatched = new ModelServer(registry, BatchingOptions.none(1), null, null, null).start();
             EndpointServer plain = EndpointServer.start(store, config, null, null, unbatched)) {
            URI base = plain.baseUri();
            HttpRequest tf = json(base.resolve("v1/models/" + model + ":predict"), tfBody(in, null, null), null);
            HttpRequest oip = json(base.resolve("v2/models/" + model + "/infer"), oipJson(in), null);
            Binary bin = oipBinary(in);
            HttpRequest oipBin = binary(base.resolve("v2/models/" + model + "/infer"), bin.body(), bin.headerLength());
            java.util.Map<String, dev.floe.ml.api.Tensor> tensors = new java.util.LinkedHashMap<>();
            double[] px = new double[in.pixels().length];
            for (int i = 0; i < px.length; i++) {
                px[i] = in.pixels()[i];
            }
            tensors.put("patch", dev.floe.ml.api.Tensor.Numbers.fp32("patch", new long[] {1, in.channels(), in.side(), in.side()}, px));
            if (in.hasAngle()) {
                tensors.put("incidence_angle", dev.floe.ml.api.Tensor.Numbers.fp32("incidence_angle", new long[] {1, 1}, new double[] {in.angle()}));
            }
            dev.floe.ml.api.InferenceRequest direct = dev.floe.ml.api.InferenceRequest.of(dev.floe.ml.api.ModelSelector.of(model), tensors);
            List<Long> inProcess = new ArrayList<>();
            // the bare pass again between the measured requests, so that both meet the same load on a shared machine
            List<Long> bareBeside = new ArrayList<>();
            for (int i = 0; i < WARMUP + SAMPLES; i++) {
                long b = System.nanoTime();
                bare.pass().run();
                long t = System.nanoTime();
                unbatched.infer(direct);
                if (i >= WARMUP) {
                    inProcess.add(System.nanoTime() - t);
                    bareBeside.add(t - b);
                }
            }
            List<Long> tfTimes = new ArrayList<>();
            List<Long> oipTimes = new ArrayList<>();
            List<Long> binTimes = new ArrayList<>();
            // the three protocols in turn, so that none profits from the others' warming up of the HTTP stack
            for (int i = 0; i < 1000 + SAMPLES; i++) {
                long b = System.nanoTime();
                bare.pass().run();
                long bareNanos = System.nanoTime() - b;
                List<Long> tfOne = sequential(tf, 0, 1);
                List<Long> oipOne = sequential(oip, 0, 1);
                List<Long> binOne = sequential(oipBin, 0, 1);
                if (i >= 1000) {
                    bareBeside.add(bareNanos);
                    tfTimes.addAll(tfOne);
                    oipTimes.addAll(oipOne);
                    binTimes.addAll(binOne);
                }
            }
            say("");
            say("Overhead at batch size 1: p50 of %d sequential requests of each protocol on one connection, the three in turn, after "
                    + "1,000 warm-up rounds; no batching. Each request's overhead is its p50 minus that of the bare passes run between "
                    + "the requests (same load).", SAMPLES);
            say("");
            say("| path | p50 ms | p99 ms | p50 minus the bare forward pass, ms | goal |");
            say("|---|---|---|---|---|");
            double bareOne = percentile(bareBeside, 0.5);
            say("| bare DL4J `output()` (prepared inputs; alone, before the rest) | %.3f | %.3f | — | — |", bare.one(), bare.one99());
            say("| bare DL4J `output()` (prepared inputs; one before each in-process request and each round of the three below, %d in all) | %.3f | %.3f | — | — |",
                    bareBeside.size(), bareOne, percentile(bareBeside, 0.99));
            say("| `ModelServer.infer` in process (checks, normalisation, batch queue; no HTTP) | %.3f | %.3f | %.3f | — |",
                    percentile(inProcess, 0.5), percentile(inProcess, 0.99), percentile(inProcess, 0.5) - bareOne);
            say("| TF Serving REST `:predict`, JSON rows (%,d bytes) | %.3f | %.3f | %.3f | <= 1 ms |", tfBody(in, null, null).length(),
                    percentile(tfTimes, 0.5), percentile(tfTimes, 0.99), percentile(tfTimes, 0.5) - bareOne);
            say("| Open Inference Protocol `infer`, JSON tensors | %.3f | %.3f | %.3f | <= 1 ms |", percentile(oipTimes, 0.5),
                    percentile(oipTimes, 0.99), percentile(oipTimes, 0.5) - bareOne);
            say("| Open Inference Protocol `infer`, binary tensors (%,d bytes) | %.3f | %.3f | %.3f | <= 0.3 ms |", bin.body().length,
                    percentile(binTimes, 0.5), percentile(binTimes, 0.99), percentile(binTimes, 0.5) - bareOne);
        }
        if (OVERHEAD_ONLY) {
            return 0;
        }
        double without;
        try (ModelServer unbatched = new ModelServer(registry, BatchingOptions.none(2), null, null, null).start();
             EndpointServer plain = EndpointServer.start(store, config, null, null, unbatched)) {
            without = closedLoop(json(plain.baseUri().resolve("v1/models/" + model + ":predict"), tfBody(in, null, null), null), 8, PHASE_SECONDS);
        }
        double with;
        try (ModelServer batched = new ModelServer(registry, BatchingOptions.DEFAULTS, null, null, null).start();
             EndpointServer server = EndpointServer.start(store, config, null, null, batched)) {
            with = closedLoop(json(server.baseUri().resolve("v1/models/" + model + ":predict"), tfBody(in, null, null), null), 8, PHASE_SECONDS);
        }
        BatchingOptions twoThreads = new BatchingOptions(32, 1000, 10, 2);
        double withTwo;
        try (ModelServer batched = new ModelServer(registry, twoThreads, null, null, null).start();
             EndpointServer server = EndpointServer.start(store, config, null, null, batched)) {
            withTwo = closedLoop(json(server.baseUri().resolve("v1/models/" + model + ":predict"), tfBody(in, null, null), null), 8, PHASE_SECONDS);
        }
        say("");
        say("Batching: 8 clients back to back for %d s each (TF Serving JSON, one row a request); the bare forward pass of 32 rows "
                + "takes %.2f ms, of one %.3f ms (%.1f rows per one-row time).", PHASE_SECONDS, bare.full(), bare.one(), 32 * bare.one() / bare.full());
        say("");
        say("| server | requests/s | ratio |");
        say("|---|---|---|");
        say("| no batching (each request its own forward pass, 2 at a time) | %.0f | 1.00 |", without);
        say("| batching (%s) | %.0f | %.2f (goal >= 2) |", BatchingOptions.DEFAULTS, with, with / without);
        say("| batching (%s) | %.0f | %.2f |", twoThreads, withTwo, withTwo / without);
        return with;
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
        Path keys = Files.writeString(tmp.resolve("keys"), KEY + "\n");
        EndpointConfig config = EndpointConfig.loopback(0).withKeys(ApiKeys.read(keys), ApiKeys.NONE);

        say("# Model serving: floe against the bare DL4J forward pass");
        say("");
        say("One JVM (client and server), %s, %d cores, OMP_NUM_THREADS=%s.", System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"));

        // the s2-cnn of the demo: 4 x 15 x 15 Sentinel-2 patches, trained as ./floe demo trains it
        try (GeoStore s2 = GeoStore.open(tmp.resolve("s2"))) {
            DemoData.install(s2, line -> { }, dev.floe.triplify.ProgressListener.NONE);
            ModelVersion landCover = DemoModel.install(s2, null);
            ImageSamples raw = new Experiments(s2, null).trainingSet(DemoModel.MODEL).samples(dev.floe.ml.trainingset.Split.TRAIN);
            Bare bare = bare(s2.directory().resolve("experiments").resolve(landCover.runId()), raw, ModelFamily.S2_CNN);
            overheadAndBatching("s2-cnn (4 x 15 x 15, filters 16/32, dense 32): the demo's land-cover model", s2, new ModelRegistry(s2),
                    DemoModel.MODEL, new Input(raw.pixels()[0], 4, 15, Float.NaN), bare, config);
        }

        try (GeoStore store = GeoStore.open(storeDir)) {
            ModelRegistry registry = new ModelRegistry(store);
            ModelVersion version = registry.resolve(dev.floe.ml.api.ModelSelector.of("icebergs"));
            ImageSamples samples = new Experiments(store, null).trainingSet("bench").samples(dev.floe.ml.trainingset.Split.TRAIN);
            Input in = new Input(samples.pixels()[0], 2, SIDE, samples.extras()[0][0]);
            Bare bare = bare(storeDir.resolve("experiments").resolve(run), samples, ModelFamily.SAR_CNN);
            double with = overheadAndBatching("sar-cnn (2 x 75 x 75 + incidence angle, filters 16/32/64, dense 64), 120 synthetic records",
                    store, registry, "icebergs", in, bare, config);
            if (OVERHEAD_ONLY) {
                report.write("benchmark-serving.md");
                return;
            }

            try (ModelServer batched = new ModelServer(registry, BatchingOptions.DEFAULTS, new StorePredictions(new PredictionWriter(store)),
                    storeDir.resolve("models"), null).start();
                 EndpointServer server = EndpointServer.start(store, config, null, null, batched)) {
                URI b = server.baseUri();
                HttpRequest tfB = json(b.resolve("v1/models/icebergs:predict"), tfBody(in, null, null), null);
                OpenLoop at70 = openLoop(tfB, 0.7 * with, PHASE_SECONDS);
                say("");
                say("Open loop at 70 %% of the measured saturation (%.0f requests/s for %d s): answered %d, refused %d, failed %d; "
                        + "p50 %.2f ms, p99 %.2f ms; one full batch of 32 in the bare forward pass: %.2f ms, so p99 / that = %.2f (goal <= 3)",
                        0.7 * with, PHASE_SECONDS, at70.ok().size(), at70.refused().size(), at70.failed(),
                        percentile(at70.ok(), 0.5), percentile(at70.ok(), 0.99), bare.full(), percentile(at70.ok(), 0.99) / bare.full());

                long heapBefore = heapAfterGc();
                long rejectedBefore = batched.rejected();
                OpenLoop at200 = openLoop(tfB, 2 * with, PHASE_SECONDS);
                long heapAfter = heapAfterGc();
                say("");
                say("Overload, twice the saturation (%.0f requests/s) for %d s: answered %d (p50 %.1f ms, p99 %.1f ms), refused with 503 %d "
                        + "(p50 %.2f ms, p99 %.2f ms; counted by the server: %d), failed %d; heap after GC %.1f MB before, %.1f MB after",
                        2 * with, PHASE_SECONDS, at200.ok().size(), percentile(at200.ok(), 0.5), percentile(at200.ok(), 0.99),
                        at200.refused().size(), percentile(at200.refused(), 0.5), percentile(at200.refused(), 0.99),
                        batched.rejected() - rejectedBefore, at200.failed(), heapBefore / 1e6, heapAfter / 1e6);

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
                        HttpResponse<String> a = HTTP.send(json(b.resolve("v1/models/icebergs:predict"), tfBody(in, subject, wkt), KEY),
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
                            stage == 0 ? "Store with no other predictions" : "After 20,000 more predictions", acks.size(),
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
        report.write("benchmark-serving.md");
    }
}
