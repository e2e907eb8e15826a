package dev.floe.ml.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ml.MlDataException;
import dev.floe.ml.registry.ModelVersion;

/** floe monitor's reading of a log: which requests count, how windows are cut, what is skipped and why. */
class LogMonitorTest {

    @TempDir
    Path dir;

    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    /** Version 1 of "m" has a profile of one channel x (five summary features) and two classes; version 9 has none. */
    ModelVersion version(long v) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("v" + v));
        if (v == 1) {
            ReferenceProfile.Builder b = ReferenceProfile.builder(new PatchSummary(List.of("x"), 4, List.of(), Double.NaN).featureNames(),
                    List.of("a", "b"), 5);
            Random r = new Random(1);
            for (int i = 0; i < 1000; i++) {
                b.training(row(r), i % 2);
            }
            for (int i = 0; i < 300; i++) {
                float p = (float) r.nextDouble();
                b.validation(row(r), new float[] {p, 1 - p});
            }
            b.build().write(folder.resolve(ModelVersion.PROFILE));
        }
        return new ModelVersion("m", v, "https://example.org/m/" + v, "run", "https://example.org/run", "https://example.org/set",
                "sar-cnn", 1, 2, 2, List.of(), List.of("a", "b"), "0".repeat(64), T0.toString(), "test", null, folder);
    }

    static double[] row(Random r) {
        double m = r.nextGaussian();
        return new double[] {m, 1 + 0.1 * r.nextGaussian(), m - 1.5, m + 1.5, 0};
    }

    static InferenceRecord request(String id, long version, Instant at, int status, Random r) {
        List<InferenceRecord.Row> rows = status != 200 ? List.of() : List.of(InferenceRecord.Row.summarised(null, null, null,
                List.of("x"), List.of(), row(r), new float[] {0.4f, 0.6f}, "b", 0.6f, null));
        return new InferenceRecord(id, "m", version, null, "java", at, 100, status, status == 200 ? null : "refused", rows);
    }

    @Test
    void timeWindowsAreCheckedWhenFullEnoughAndEveryOtherRequestIsCounted() throws Exception {
        ModelVersion v1 = version(1);
        ModelVersion v9 = version(9);
        Random r = new Random(2);
        List<InferenceRecord> log = new ArrayList<>();
        // 12 rows in 10:00-10:10, 3 in 10:10-10:20 (skipped: under 5), 15 in 10:20-10:30; a refusal; another model's request;
        // two requests of version 9, which has no profile
        for (int i = 0; i < 12; i++) {
            log.add(request("a" + i, 1, T0.plusSeconds(30 * i), 200, r));
        }
        for (int i = 0; i < 3; i++) {
            log.add(request("b" + i, 1, T0.plusSeconds(600 + 30 * i), 200, r));
        }
        log.add(request("bad", 1, T0.plusSeconds(700), 400, r));
        log.add(new InferenceRecord("other", "n", 1, null, "java", T0.plusSeconds(701), 1, 200, null, List.of()));
        for (int i = 0; i < 15; i++) {
            log.add(request("c" + i, 1, T0.plusSeconds(1200 + 30 * i), 200, r));
        }
        log.add(request("old-1", 9, T0.plusSeconds(1700), 200, r));
        log.add(request("old-2", 9, T0.plusSeconds(1701), 200, r));
        List<WindowReport> reports = new ArrayList<>();
        LogMonitor.Summary s = new LogMonitor((m, v) -> v == 1 ? v1 : v9, 42).run(log.stream(), "m", null, 500, Duration.ofMinutes(10), 5,
                reports::add);
        assertEquals(List.of(12, 15), reports.stream().map(w -> w.report().windowSize()).toList());
        assertEquals(T0, reports.get(0).start());
        assertEquals(T0.plusSeconds(1200), reports.get(1).start());
        assertEquals("https://example.org/m/1", reports.get(0).versionIri());
        assertEquals(new LogMonitor.Summary(33, 1, 32, 2, s.drifted(), 1, 0, new java.util.TreeSet<>(Set.of(1L, 9L)),
                new java.util.TreeSet<>(Set.of(9L))), s);
    }

    @Test
    void windowsOfRowsLeaveAPartialLastWindowUncheckedAndOneVersionCanBeChosen() throws Exception {
        ModelVersion v1 = version(1);
        Random r = new Random(3);
        List<InferenceRecord> log = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            log.add(request("a" + i, 1, T0.plusSeconds(i), 200, r));
        }
        log.add(request("old", 9, T0.plusSeconds(30), 200, r));
        List<WindowReport> reports = new ArrayList<>();
        LogMonitor.Summary s = new LogMonitor((m, v) -> v1, 42).run(log.stream(), "m", 1L, 10, null, 0, reports::add);
        assertEquals(2, reports.size());
        assertEquals(25, s.records());
        assertEquals(5, s.openRows());
    }

    @Test
    void aLoggedVersionTheRegistryDoesNotKnowIsAnError() {
        Random r = new Random(4);
        MlDataException e = assertThrows(MlDataException.class, () -> new LogMonitor((m, v) -> {
            throw new IllegalArgumentException("model m has no version 3 (versions [1])");
        }, 42).run(Stream.of(request("x", 3, T0, 200, r)), "m", null, 10, null, 0, w -> { }));
        assertEquals("the inference log names m version 3, which the registry does not have: model m has no version 3 (versions [1])",
                e.getMessage());
    }
}
