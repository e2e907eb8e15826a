package dev.floe.ml.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ml.api.InferenceRequest;
import dev.floe.ml.registry.ModelVersion;

class PredictionLogTest {

    @TempDir
    Path dir;

    final List<String> written = new ArrayList<>();

    final PredictionSink sink = new PredictionSink() {
        @Override
        public List<String> record(ModelVersion version, List<InferenceRequest.Subject> subjects, float[][] probabilities,
                                   String requestId, Instant at) {
            synchronized (written) {
                for (int i = 0; i < subjects.size(); i++) {
                    written.add(version.model() + "/" + version.version() + " " + subjects.get(i).iri() + " " + probabilities[i][0]
                            + " " + requestId + " " + at);
                }
            }
            return iris(version, subjects, requestId);
        }

        @Override
        public List<String> iris(ModelVersion version, List<InferenceRequest.Subject> subjects, String requestId) {
            return subjects.stream().map(s -> s.iri() + "#p").toList();
        }
    };

    static ModelVersion version(String model, long v) {
        return new ModelVersion(model, v, "https://w3id.org/floe/data/model/" + model + "/version/" + v, "run", "run-iri", "set",
                "s2-cnn", 4, 15, 15, List.of(), List.of("a", "b"), "0".repeat(64), "2026-12-07T00:00:00Z", "test", null, null);
    }

    static List<InferenceRequest.Subject> about(String iri) {
        return List.of(new InferenceRequest.Subject(iri, null));
    }

    @Test
    void appendedPredictionsReachTheStoreInOrderAndTheLogStartsAfresh() throws Exception {
        try (PredictionLog log = new PredictionLog(dir, sink, e -> version(e.model(), e.version()))) {
            log.append(version("land-cover", 1), about("https://example.org/p/1"), new float[][] {{0.25f, 0.75f}}, "r1",
                    Instant.parse("2026-12-07T10:00:00Z"));
            log.append(version("land-cover", 2), about("https://example.org/p/2"), new float[][] {{0.5f, 0.5f}}, null,
                    Instant.parse("2026-12-07T10:00:01Z"));
            log.flush();
            assertNull(log.lastFailure());
        }
        assertEquals(List.of("land-cover/1 https://example.org/p/1 0.25 r1 2026-12-07T10:00:00Z",
                "land-cover/2 https://example.org/p/2 0.5 null 2026-12-07T10:00:01Z"), written);
        assertEquals(0, Files.size(dir.resolve("predictions.log")), "everything applied: the log is empty again");
        assertEquals("2", Files.readString(dir.resolve("predictions.applied")));
    }

    @Test
    void noFolderNorLogIsCreatedBeforeTheFirstRecording() throws Exception {
        Path models = dir.resolve("models");
        try (PredictionLog log = new PredictionLog(models, sink, e -> version(e.model(), e.version()))) {
            assertFalse(Files.exists(models), "a log that recorded nothing leaves no folder");
            log.append(version("land-cover", 1), about("https://example.org/p/1"), new float[][] {{0.25f, 0.75f}}, "r1",
                    Instant.parse("2026-12-07T10:00:00Z"));
            assertTrue(Files.exists(models.resolve("predictions.log")));
            log.flush();
        }
        assertEquals(List.of("land-cover/1 https://example.org/p/1 0.25 r1 2026-12-07T10:00:00Z"), written);
        assertEquals("1", Files.readString(models.resolve("predictions.applied")));
    }

    @Test
    void whatAKilledProcessLoggedButDidNotWriteIsWrittenOnceAtStartAndATornLastLineIsIgnored() throws IOException {
        // as a process leaves it when killed: entries 1-3 forced to disk, entry 1 noted as written, entry 4 torn mid-line
        String entry = "{\"seq\":%d,\"model\":\"land-cover\",\"version\":1,\"subjects\":[{\"iri\":\"https://example.org/p/%d\","
                + "\"footprintWkt\":null}],\"probabilities\":[[0.%d,0.1]],\"requestId\":\"r%d\",\"at\":\"2026-12-07T10:00:0%dZ\"}\n";
        Files.writeString(dir.resolve("predictions.log"), entry.formatted(1, 1, 1, 1, 1) + entry.formatted(2, 2, 2, 2, 2)
                + entry.formatted(3, 3, 3, 3, 3) + "{\"seq\":4,\"model\":\"land-co");
        Files.writeString(dir.resolve("predictions.applied"), "1");
        try (PredictionLog log = new PredictionLog(dir, sink, e -> version(e.model(), e.version()))) {
            assertEquals(List.of("land-cover/1 https://example.org/p/2 0.2 r2 2026-12-07T10:00:02Z",
                    "land-cover/1 https://example.org/p/3 0.3 r3 2026-12-07T10:00:03Z"), written);
            assertEquals("3", Files.readString(dir.resolve("predictions.applied")));
            log.append(version("land-cover", 1), about("https://example.org/p/5"), new float[][] {{0.9f, 0.1f}}, "r5",
                    Instant.parse("2026-12-07T10:00:05Z"));
            log.flush();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertEquals("4", Files.readString(dir.resolve("predictions.applied")), "numbering goes on after the replayed entries");
        written.clear();
        new PredictionLog(dir, sink, e -> version(e.model(), e.version())).close();
        assertEquals(List.of(), written, "a second start writes nothing again");
    }

    @Test
    void aRefusedEntryIsCountedAndTheLogGoesOn() throws Exception {
        PredictionSink refusing = new PredictionSink() {
            @Override
            public List<String> record(ModelVersion version, List<InferenceRequest.Subject> subjects, float[][] probabilities,
                                       String requestId, Instant at) {
                if (probabilities[0][0] > 1) {
                    throw new IllegalArgumentException("probability 1.5 is not in [0, 1]");
                }
                return sink.record(version, subjects, probabilities, requestId, at);
            }

            @Override
            public List<String> iris(ModelVersion version, List<InferenceRequest.Subject> subjects, String requestId) {
                return sink.iris(version, subjects, requestId);
            }
        };
        try (PredictionLog log = new PredictionLog(dir, refusing, e -> version(e.model(), e.version()))) {
            log.append(version("m", 1), about("https://example.org/p/1"), new float[][] {{1.5f}}, "bad", Instant.EPOCH);
            log.append(version("m", 1), about("https://example.org/p/2"), new float[][] {{0.5f}}, "good", Instant.EPOCH);
            log.flush();
            assertEquals("1 failed: entry 1 (m version 1): probability 1.5 is not in [0, 1]", log.lastFailure());
        }
        assertEquals(List.of("m/1 https://example.org/p/2 0.5 good 1970-01-01T00:00:00Z"), written);
    }
}
