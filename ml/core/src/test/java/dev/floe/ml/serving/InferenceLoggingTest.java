package dev.floe.ml.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ml.TrainedRuns;
import dev.floe.ml.api.InferenceRequest;
import dev.floe.ml.api.ModelMonitoring;
import dev.floe.ml.api.ModelSelector;
import dev.floe.ml.api.ServingException;
import dev.floe.ml.api.Tensor;
import dev.floe.ml.monitoring.DriftWatch;
import dev.floe.ml.monitoring.InferenceLog;
import dev.floe.ml.monitoring.InferenceLogOptions;
import dev.floe.ml.monitoring.InferenceRecord;
import dev.floe.ml.monitoring.WindowReport;
import dev.floe.ml.registry.ModelRegistry;
import dev.floe.ml.registry.ModelVersion;
import dev.floe.store.GeoStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** What a model server logs of each request it answers or refuses, and how the background drift monitor sees it. */
class InferenceLoggingTest {

    @TempDir
    Path dir;

    static final int AREA = TrainedRuns.SIDE * TrainedRuns.SIDE;

    /** One row: HH is 1, 2, ..., 64; HV is -3 everywhere; the incidence angle 38.5. */
    static Map<String, Tensor> row() {
        double[] patch = new double[2 * AREA];
        for (int k = 0; k < AREA; k++) {
            patch[k] = k + 1;
            patch[AREA + k] = -3;
        }
        return Map.of("patch", Tensor.Numbers.fp32("patch", new long[] {1, 2, 8, 8}, patch),
                "incidence_angle", Tensor.Numbers.fp32("incidence_angle", new long[] {1, 1}, new double[] {38.5}));
    }

    static List<InferenceRecord> read(Path logs) {
        try (Stream<InferenceRecord> s = InferenceLog.read(logs)) {
            return s.toList();
        }
    }

    @Test
    void everyRequestIsLoggedWithItsOutcomeAndTheSummaryOfEachInputChannel() throws Exception {
        Path logs = dir.resolve("logs");
        try (GeoStore store = TrainedRuns.storeWithSet(Files.createDirectories(dir.resolve("store")))) {
            ModelRegistry registry = new ModelRegistry(store);
            ModelVersion v = registry.register("icebergs", TrainedRuns.train(store, 7).id(), "test");
            registry.setAlias("icebergs", "champion", v.version(), "test");
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (InferenceLog log = new InferenceLog(logs, InferenceLogOptions.defaults(), meters)) {
                InferenceLogging logging = new InferenceLogging(log, 1.0, subject -> "https://example.org/product/1", null);
                try (ModelServer server = new ModelServer(registry, BatchingOptions.none(1), null, null, null, meters, logging).start()) {
                    var answer = server.infer(new InferenceRequest(ModelSelector.alias("icebergs", "champion"), row(), "r-1", List.of(),
                            InferenceRequest.Recording.SYNC, "tfserving:predict"));
                    assertThrows(ServingException.class, () -> server.infer(InferenceRequest.of(ModelSelector.of("icebergs"),
                            Map.of("patch", row().get("patch")))));
                    assertThrows(ServingException.class, () -> server.infer(InferenceRequest.of(ModelSelector.of("penguins"), row())));
                    server.refused(ModelSelector.of("icebergs"), "v2:infer", 400, "malformed JSON at line 1, column 9", System.nanoTime());
                    log.flush();
                    List<InferenceRecord> records = read(logs);
                    assertEquals(4, records.size());

                    InferenceRecord ok = records.get(0);
                    assertEquals("r-1", ok.requestId());
                    assertEquals("icebergs", ok.model());
                    assertEquals(v.version(), ok.version());
                    assertEquals("champion", ok.alias());
                    assertEquals("tfserving:predict", ok.protocol());
                    assertEquals(200, ok.status());
                    assertNull(ok.error());
                    assertTrue(ok.latencyMicros() > 0);
                    assertEquals(1, ok.rows().size());
                    InferenceRecord.Row row = ok.rows().get(0);
                    // HH 1..64: mean 32.5, population std sqrt((64^2 - 1) / 12), p5 at position 3.15 -> 4.15, p95 at 59.85 -> 60.85
                    assertEquals(new InferenceRecord.ChannelSummary("HH", 32.5, r(Math.sqrt(4095.0 / 12)), 4.15, 60.85, 0),
                            rounded(row.channels().get(0)));
                    assertEquals(new InferenceRecord.ChannelSummary("HV", -3, 0, -3, -3, 0), rounded(row.channels().get(1)));
                    assertEquals(List.of(new InferenceRecord.Extra(v.extras().get(0), 38.5)), row.extras());
                    double[] p = ((Tensor.Numbers) answer.output("probabilities")).data();
                    assertArrayEquals(new float[] {(float) p[0], (float) p[1]}, row.probabilities());
                    assertEquals(((Tensor.Strings) answer.output("class")).data()[0], row.predictedClass());
                    float[] input = row.input();
                    assertNotNull(input, "a sample rate of 1 logs every input in full");
                    assertEquals(2 * AREA, input.length);
                    assertEquals(64f, input[63]);
                    assertEquals(-3f, input[64]);

                    InferenceRecord invalid = records.get(1);
                    assertEquals(400, invalid.status());
                    assertEquals("java", invalid.protocol());
                    assertEquals("missing input incidence_angle (FP32 [-1, 1])", invalid.error());
                    assertEquals(List.of(), invalid.rows(), "inputs that do not fit the signature are not summarised");

                    InferenceRecord unknown = records.get(2);
                    assertEquals(404, unknown.status());
                    assertEquals(0, unknown.version());
                    assertEquals("penguins", unknown.model());

                    InferenceRecord refused = records.get(3);
                    assertEquals(400, refused.status());
                    assertEquals("v2:infer", refused.protocol());
                    assertEquals(v.version(), refused.version(), "the version that would have answered");
                    assertEquals("malformed JSON at line 1, column 9", refused.error());
                    assertEquals(2, meters.get("floe.inference").tags("model", "icebergs", "outcome", "invalid_argument").timer().count(),
                            "a refusal of the protocol's is counted like one of the model's");

                    ModelMonitoring m = server.monitoring("icebergs");
                    assertEquals(4, m.logWritten());
                    assertEquals(0, m.logDropped());
                    assertEquals(4.0, meters.get("floe.inference.log.records").tags("outcome", "written").functionCounter().count());
                    assertEquals(ServingException.Kind.NOT_FOUND, assertThrows(ServingException.class,
                            () -> server.monitoring("penguins")).kind());
                }
            }
        }
        try (Stream<Path> files = Files.list(logs)) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(".avro")).count(), "closing the log finishes its file");
        }
    }

    @Test
    void theBackgroundMonitorChecksEveryFullWindowOfAnsweredRows() throws Exception {
        try (GeoStore store = TrainedRuns.storeWithSet(Files.createDirectories(dir.resolve("store")))) {
            ModelRegistry registry = new ModelRegistry(store);
            ModelVersion v = registry.register("icebergs", TrainedRuns.train(store, 7).id(), "test");
            assertTrue(Files.exists(v.folder().resolve(ModelVersion.PROFILE)), "training writes a reference profile, registering copies it");
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            List<WindowReport> reports = new ArrayList<>();
            try (InferenceLog log = new InferenceLog(dir.resolve("logs"), InferenceLogOptions.defaults(), meters);
                 DriftWatch watch = new DriftWatch(registry::version, 4, 42, reports::add, meters, null)) {
                InferenceLogging logging = new InferenceLogging(log, 0, null, watch);
                try (ModelServer server = new ModelServer(registry, BatchingOptions.none(1), null, null, null, meters, logging).start()) {
                    for (int i = 0; i < 9; i++) {
                        server.infer(InferenceRequest.of(ModelSelector.of("icebergs"), row()));
                    }
                    server.infer(InferenceRequest.of(ModelSelector.of("icebergs"), Map.of("patch", row().get("patch")))).version();
                } catch (ServingException refused) {
                    // the last request is refused: it is logged, not counted in a window
                }
                log.flush();
                watch.flush();
                assertEquals(2, reports.size(), "nine answered rows fill two windows of four");
                assertEquals(4, reports.get(0).report().windowSize());
                assertEquals(v.iri(), reports.get(0).versionIri());
                ModelMonitoring.VersionDrift d = watch.status("icebergs").get(0);
                assertEquals(9, d.rows());
                assertEquals(1, d.rowsInWindow());
                assertEquals(2, d.windows());
                assertTrue(d.profile());
                // nine copies of one row are nothing like the training data
                assertEquals(2, d.driftedWindows());
                assertEquals(2.0, meters.get("floe.drift.windows").tags("drifted", "true").counter().count());
            }
        }
    }

    private static InferenceRecord.ChannelSummary rounded(InferenceRecord.ChannelSummary c) {
        return new InferenceRecord.ChannelSummary(c.channel(), r(c.mean()), r(c.std()), r(c.p5()), r(c.p95()), r(c.noData()));
    }

    private static double r(double x) {
        return Math.round(x * 1e9) / 1e9;
    }
}
