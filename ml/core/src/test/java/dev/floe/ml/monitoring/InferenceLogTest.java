package dev.floe.ml.monitoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class InferenceLogTest {

    private static final Instant T0 = Instant.parse("2025-06-01T10:15:30.123Z");
    private static final InferenceLogOptions SMALL = new InferenceLogOptions(64, 128L << 20, Duration.ofHours(1), Duration.ofSeconds(1));

    @TempDir
    Path dir;

    /** An S2 request of one row: two channels, no extras, its answer. */
    private static InferenceRecord s2(String id) {
        return new InferenceRecord(id, "s2-cnn", 3, "production", "tfserving:predict", T0, 1830, 200, null, List.of(
                new InferenceRecord.Row("https://floe.dev/patch/" + id, "https://floe.dev/product/S2A_1", "https://floe.dev/prediction/" + id,
                        List.of(new InferenceRecord.ChannelSummary("B02", 0.08, 0.01, 0.065, 0.1, 0),
                                new InferenceRecord.ChannelSummary("B08", 0.3, 0.05, 0.2, 0.41, 0.25)),
                        List.of(), new float[] {0.1f, 0.7f, 0.2f}, "forest", 0.7f, null)));
    }

    private List<String> ids() {
        try (Stream<InferenceRecord> records = InferenceLog.read(dir)) {
            return records.map(InferenceRecord::requestId).toList();
        }
    }

    private List<String> finishedFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> names(String... ids) {
        return List.of(ids);
    }

    private static List<String> range(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "r" + i).toList();
    }

    @Test
    void readsBackEveryFieldOfEveryRecordAsLogged() {
        float[] sampled = new float[2 * 75 * 75];
        for (int i = 0; i < sampled.length; i++) {
            sampled[i] = -30 + i % 97 * 0.25f;
        }
        List<InferenceRecord> logged = List.of(
                s2("a"),
                // SAR, two rows, the first sampled with its full input, the second without subject or product
                new InferenceRecord("b", "sar-cnn", 7, null, "v2:infer", Instant.parse("2025-06-01T10:15:31.456Z"), 95_000, 200, null, List.of(
                        new InferenceRecord.Row("https://floe.dev/sar/1", null, "https://floe.dev/prediction/b1",
                                List.of(new InferenceRecord.ChannelSummary("HH", -12.5, 3.25, -18, -7.5, 0),
                                        new InferenceRecord.ChannelSummary("HV", -20.5, 2.5, -25, -16, 0.5)),
                                List.of(new InferenceRecord.Extra("incidence_angle", 38.5)),
                                new float[] {0.9f, 0.1f}, "ship", 0.9f, sampled),
                        new InferenceRecord.Row(null, null, null, List.of(), List.of(new InferenceRecord.Extra("incidence_angle", 41)),
                                new float[] {0.25f, 0.75f}, "iceberg", 0.75f, null))),
                // a failed request: no outputs
                new InferenceRecord("c", "sar-cnn", 0, "staging", "tfserving:classify", Instant.parse("2025-06-01T10:15:32Z"), 120, 400,
                        "input patch has shape [1, 2, 75, 74], the signature wants [-1, 2, 75, 75]",
                        List.of(new InferenceRecord.Row(null, null, null, List.of(), List.of(), null, null, null, null))),
                // no rows at all
                new InferenceRecord("d", "s2-cnn", 3, null, "v2:infer", Instant.parse("2025-06-01T10:15:33Z"), 7, 503, "s2-cnn is loading", List.of()));

        try (InferenceLog log = new InferenceLog(dir, SMALL, new SimpleMeterRegistry())) {
            logged.forEach(r -> assertTrue(log.offer(() -> r)));
        }
        try (Stream<InferenceRecord> read = InferenceLog.read(dir)) {
            assertEquals(logged, read.toList());
        }
    }

    @Test
    void aFinishedFileReadsWithAvrosGenericReaderAlone() throws IOException {
        try (InferenceLog log = new InferenceLog(dir, SMALL, new SimpleMeterRegistry())) {
            log.offer(() -> s2("a"));
        }
        List<String> files = finishedFiles();
        assertEquals(1, files.size(), files.toString());
        assertTrue(files.get(0).matches("inference-\\d{8}T\\d{6}Z-000001\\.avro"), files.get(0));

        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(dir.resolve(files.get(0)).toFile(), new GenericDatumReader<>())) {
            assertEquals("deflate", reader.getMetaString("avro.codec"));
            assertEquals("dev.floe.ml.monitoring.InferenceRecord", reader.getSchema().getFullName());
            assertEquals("timestamp-millis", reader.getSchema().getField("time").schema().getLogicalType().getName());
            GenericRecord r = reader.next();
            assertEquals(1, r.get("schema_version"));
            assertEquals("a", r.get("request_id").toString());
            assertEquals("s2-cnn", r.get("model").toString());
            assertEquals(3L, r.get("version"));
            assertEquals("production", r.get("alias").toString());
            assertEquals("tfserving:predict", r.get("protocol").toString());
            assertEquals(T0.toEpochMilli(), r.get("time"));
            assertEquals(1830L, r.get("latency_micros"));
            assertEquals(200, r.get("status"));
            assertNull(r.get("error"));
            GenericRecord row = (GenericRecord) ((List<?>) r.get("rows")).get(0);
            assertEquals("https://floe.dev/patch/a", row.get("subject").toString());
            assertEquals("https://floe.dev/product/S2A_1", row.get("product").toString());
            GenericRecord b08 = (GenericRecord) ((List<?>) row.get("channels")).get(1);
            assertEquals("B08", b08.get("channel").toString());
            assertEquals(List.of(0.3, 0.05, 0.2, 0.41, 0.25),
                    Stream.of("mean", "std", "p5", "p95", "nodata").map(b08::get).toList());
            assertEquals(List.of(0.1f, 0.7f, 0.2f), new ArrayList<>((List<?>) row.get("probabilities")));
            assertEquals("forest", row.get("predicted_class").toString());
            assertEquals(0.7f, row.get("confidence"));
            assertNull(row.get("input"));
            assertFalse(reader.hasNext());
        }
    }

    @Test
    void rotatesBySizeAndReadsEveryFileBackInOrder() throws IOException {
        // one byte: every flushed block passes it, so each flush finishes the file
        InferenceLogOptions tiny = new InferenceLogOptions(64, 1, Duration.ofHours(1), Duration.ofSeconds(1));
        try (InferenceLog log = new InferenceLog(dir, tiny, new SimpleMeterRegistry())) {
            for (int i = 0; i < 4; i++) {
                String id = "r" + i;
                log.offer(() -> s2(id));
                log.flush();
            }
        }
        List<String> files = finishedFiles();
        assertEquals(4, files.size(), files.toString());
        assertEquals(List.of("000001", "000002", "000003", "000004"),
                files.stream().map(f -> f.replaceAll(".*-(\\d+)\\.avro", "$1")).toList());
        assertEquals(range(0, 4), ids());
    }

    @Test
    void rotatesByAgeAndReadsEveryFileBackInOrder() throws IOException {
        StepClock clock = new StepClock(T0);
        InferenceLogOptions hourly = new InferenceLogOptions(64, 128L << 20, Duration.ofHours(1), Duration.ofSeconds(1));
        try (InferenceLog log = new InferenceLog(dir, hourly, new SimpleMeterRegistry(), clock)) {
            int next = 0;
            for (int batch : new int[] {3, 2, 1}) {
                for (int i = 0; i < batch; i++) {
                    String id = "r" + next++;
                    log.offer(() -> s2(id));
                }
                log.flush();
                clock.now = clock.now.plus(Duration.ofHours(1));
            }
        }
        assertEquals(List.of("inference-20250601T101530Z-000001.avro", "inference-20250601T111530Z-000002.avro",
                "inference-20250601T121530Z-000003.avro"), finishedFiles());
        assertEquals(List.of(3L, 2L, 1L), finishedFiles().stream().map(f -> count(dir.resolve(f))).toList());
        assertEquals(range(0, 6), ids());
    }

    private static long count(Path file) {
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            long n = 0;
            for (GenericRecord ignored : reader) {
                n++;
            }
            return n;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anIdleFileIsFinishedOnceItIsOld() throws IOException {
        StepClock clock = new StepClock(T0);
        try (InferenceLog log = new InferenceLog(dir, SMALL, new SimpleMeterRegistry(), clock)) {
            log.offer(() -> s2("r0"));
            log.flush();
            assertEquals(List.of(".inference-20250601T101530Z-000001.avro.open"), finishedFiles());
            clock.now = clock.now.plus(Duration.ofHours(1));
            log.flush();
            assertEquals(List.of("inference-20250601T101530Z-000001.avro"), finishedFiles());
        }
        assertEquals(List.of("inference-20250601T101530Z-000001.avro"), finishedFiles());
    }

    @Test
    void concurrentOffersAreEachWrittenOrDroppedOnce() throws InterruptedException {
        int threads = 4;
        int each = 500;
        InferenceLog log = new InferenceLog(dir, new InferenceLogOptions(32, 64 << 10, Duration.ofHours(1), Duration.ofSeconds(1)),
                new SimpleMeterRegistry());
        List<Thread> offering = new ArrayList<>();
        long[] accepted = new long[threads];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            offering.add(new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    String id = thread + "-" + i;
                    if (log.offer(() -> s2(id))) {
                        accepted[thread]++;
                    }
                }
            }));
        }
        offering.forEach(Thread::start);
        for (Thread t : offering) {
            t.join();
        }
        log.close();
        long written = Arrays.stream(accepted).sum();
        assertEquals(List.of(written, threads * each - written, 0L), List.of(log.written(), log.dropped(), log.failed()));
        List<String> ids = ids();
        assertEquals(written, ids.size());
        assertEquals(written, ids.stream().distinct().count());
        for (int t = 0; t < threads; t++) {
            String prefix = t + "-";
            List<Integer> order = ids.stream().filter(id -> id.startsWith(prefix)).map(id -> Integer.parseInt(id.substring(prefix.length()))).toList();
            assertEquals(order.stream().sorted().toList(), order, "each thread's records in the order it offered them");
        }
    }

    @Test
    void readsTheOpenFilesFlushedPartWhileTheLogWrites() throws IOException {
        try (InferenceLog log = new InferenceLog(dir, SMALL, new SimpleMeterRegistry())) {
            log.offer(() -> s2("r0"));
            log.offer(() -> s2("r1"));
            log.flush();
            List<String> files = finishedFiles();
            assertEquals(1, files.size());
            assertTrue(files.get(0).matches("\\.inference-\\d{8}T\\d{6}Z-000001\\.avro\\.open"), files.get(0));
            assertEquals(range(0, 2), ids());
        }
    }

    /** A crash: the open file as a killed process left it, its last block cut short or followed by garbage. */
    @Test
    void salvagesExactlyTheFlushedRecordsOfAFileLeftOpenAndContinues() throws IOException {
        Path first = dir.resolve("first");
        byte[] threeFlushed;
        byte[] fourFlushed;
        Path open;
        try (InferenceLog log = new InferenceLog(first, SMALL, new SimpleMeterRegistry())) {
            for (int i = 0; i < 3; i++) {
                String id = "r" + i;
                log.offer(() -> s2(id));
            }
            log.flush();
            try (Stream<Path> files = Files.list(first)) {
                open = files.findFirst().orElseThrow();
            }
            threeFlushed = Files.readAllBytes(open);
            log.offer(() -> s2("r3"));
            log.flush();
            fourFlushed = Files.readAllBytes(open);
        }
        assertTrue(fourFlushed.length > threeFlushed.length + 20);

        byte[] garbage = new byte[300];
        Arrays.fill(garbage, (byte) 0x5a);
        // r3's block (one record) without its last 20 bytes: its sync marker and some data
        byte[] cutShort = Arrays.copyOf(fourFlushed, fourFlushed.length - 20);
        for (byte[] crashed : List.of(cat(threeFlushed, garbage), cutShort, cat(threeFlushed, new byte[4096]))) {
            Path folder = Files.createDirectories(dir.resolve("crash-" + crashed.length));
            Files.write(folder.resolve(open.getFileName()), crashed);
            try (InferenceLog log = new InferenceLog(folder, SMALL, new SimpleMeterRegistry())) {
                assertEquals(3, log.salvaged());
                log.offer(() -> s2("after"));
            }
            List<String> files;
            try (Stream<Path> listed = Files.list(folder)) {
                files = listed.map(p -> p.getFileName().toString()).sorted().toList();
            }
            assertEquals(2, files.size(), files.toString());
            assertEquals(open.getFileName().toString().substring(1).replace(".open", ""), files.get(0));
            assertTrue(files.get(1).matches("inference-\\d{8}T\\d{6}Z-000002\\.avro"), files.get(1));
            try (Stream<InferenceRecord> read = InferenceLog.read(folder)) {
                assertEquals(names("r0", "r1", "r2", "after"), read.map(InferenceRecord::requestId).toList());
            }
        }
    }

    @Test
    void aLeftoverWhoseFinishedFileExistsIsRemovedAndTheFinishedFileLeftAlone() throws IOException {
        try (InferenceLog log = new InferenceLog(dir, SMALL, new SimpleMeterRegistry())) {
            log.offer(() -> s2("r0"));
        }
        Path finished = dir.resolve(finishedFiles().get(0));
        byte[] before = Files.readAllBytes(finished);
        // killed after a salvage wrote the finished file but before it removed the leftover
        Files.write(dir.resolve("." + finished.getFileName() + ".open"), cat(before, new byte[] {1, 2, 3}));
        // killed right after opening a file, before its header
        Files.write(dir.resolve(".inference-20250601T101530Z-000009.avro.open"), new byte[] {'O', 'b'});
        // killed while a salvage wrote its temporary file
        Files.write(dir.resolve(".inference-20250601T101530Z-000008.avro.partial-1234"), new byte[] {'O', 'b', 'j'});
        try (InferenceLog log = new InferenceLog(dir, SMALL, new SimpleMeterRegistry())) {
            assertEquals(0, log.salvaged());
            log.offer(() -> s2("r1"));
        }
        assertArrayEquals(before, Files.readAllBytes(finished));
        List<String> files = finishedFiles();
        assertEquals(2, files.size(), files.toString());
        assertTrue(files.get(1).endsWith("-000010.avro"), files.get(1));
        assertEquals(range(0, 2), ids());
    }

    @Test
    void aFloodDropsExactlyWhatTheQueueCannotHoldAndServingGoesOn() throws IOException, InterruptedException {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        int capacity = 16;
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (InferenceLog log = new InferenceLog(dir, new InferenceLogOptions(capacity, 128L << 20, Duration.ofHours(1),
                Duration.ofSeconds(1)), meters)) {
            assertTrue(log.offer(() -> {
                writing.countDown();
                await(release);
                return s2("r0");
            }));
            writing.await(); // the writer holds r0 and waits: nothing more is written
            List<Boolean> accepted = new ArrayList<>();
            for (int i = 1; i <= capacity + 5; i++) {
                String id = "r" + i;
                accepted.add(log.offer(() -> s2(id)));
            }
            assertEquals(List.of(capacity, 5), List.of(count(accepted, true), count(accepted, false)));
            assertEquals(Boolean.FALSE, accepted.get(capacity));
            assertEquals(5, log.dropped());
            assertEquals(capacity, log.queued());
            assertEquals(capacity, meters.get("floe.inference.log.queue").gauge().value());

            release.countDown();
            log.flush();
            assertEquals(List.of(capacity + 1L, 5L, 0L, 0), List.of(log.written(), log.dropped(), log.failed(), log.queued()));
            assertEquals(capacity + 1.0, meters.get("floe.inference.log.records").tag("outcome", "written").functionCounter().count());
            assertEquals(5.0, meters.get("floe.inference.log.records").tag("outcome", "dropped").functionCounter().count());
            assertEquals(0.0, meters.get("floe.inference.log.records").tag("outcome", "failed").functionCounter().count());
        }
        assertEquals(range(0, capacity + 1), ids());
        assertTrue(meters.getMeters().isEmpty(), "a closed log leaves no meters behind");
    }

    private static int count(List<Boolean> values, boolean value) {
        return (int) values.stream().filter(v -> v == value).count();
    }

    @Test
    void aSupplierThatFailsCountsAsFailedAndTheNextRecordsAreWritten() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (InferenceLog log = new InferenceLog(dir, SMALL, meters)) {
            log.offer(() -> s2("r0"));
            log.offer(() -> {
                throw new IllegalStateException("the summary of a row of 3 values, not 900");
            });
            log.offer(() -> null);
            // not representable: a record without rows' lists is fine, but a channel without a name is not
            log.offer(() -> new InferenceRecord("bad", "s2-cnn", 3, null, "v2:infer", T0, 1, 200, null, List.of(
                    new InferenceRecord.Row(null, null, null, List.of(new InferenceRecord.ChannelSummary(null, 0, 0, 0, 0, 0)),
                            List.of(), null, null, null, null))));
            log.offer(() -> s2("r1"));
            log.flush();
            assertEquals(List.of(2L, 3L, 0L), List.of(log.written(), log.failed(), log.dropped()));
            assertEquals(3.0, meters.get("floe.inference.log.records").tag("outcome", "failed").functionCounter().count());
            assertTrue(log.lastFailure().contains("bad"), log.lastFailure());
        }
        assertEquals(range(0, 2), ids());
    }

    @Test
    void aClosedLogDropsWhatIsOfferedAndCountsIt() {
        InferenceLog log = new InferenceLog(dir, SMALL, new SimpleMeterRegistry());
        log.offer(() -> s2("r0"));
        log.close();
        assertFalse(log.offer(() -> s2("r1")));
        assertEquals(List.of(1L, 1L), List.of(log.written(), log.dropped()));
        log.close();
        assertEquals(range(0, 1), ids());
    }

    @Test
    void aDamagedFinishedFileIsAnErrorNamingIt() throws IOException {
        Files.write(dir.resolve("inference-20250601T101530Z-000001.avro"), new byte[] {'O', 'b', 'j', 1, 0});
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> ids());
        assertTrue(e.getMessage().contains("inference-20250601T101530Z-000001.avro"), e.getMessage());
    }

    @Test
    void aFolderWithoutLogReadsAsNoRecords() {
        try (Stream<InferenceRecord> read = InferenceLog.read(dir.resolve("none"))) {
            assertEquals(0, read.count());
        }
    }

    private static byte[] cat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A clock the test moves. */
    private static final class StepClock extends Clock {
        volatile Instant now;

        StepClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
