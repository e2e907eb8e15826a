package dev.floe.ml.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ml.FeatureStore;
import dev.floe.ml.MlDataException;
import dev.floe.ml.trainingset.SplitRatios;

class FeatureStoreTest {

    static final List<Feature> SCHEMA = List.of(new Feature("id", FeatureType.INT), new Feature("hh_mean", FeatureType.DOUBLE),
            new Feature("hv_mean", FeatureType.DOUBLE), new Feature("label", FeatureType.STRING),
            new Feature("flagged", FeatureType.BOOLEAN), new Feature("time", FeatureType.TIMESTAMP));

    @TempDir
    Path dir;
    FeatureStore store;

    @BeforeEach
    void open() {
        store = new FeatureStore(dir);
    }

    private FeatureGroup group(List<Expectation> expectations) {
        return store.create(new FeatureGroupSpec("patches", 1, "SAR patch band means", SCHEMA, List.of("id"), "time", expectations));
    }

    private Path csv(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), "id,hh_mean,hv_mean,label,flagged,time\n" + String.join("\n", lines) + "\n");
    }

    private Path firstBatch() throws IOException {
        return csv("a.csv",
                "1,-20.5,-41.0,ship,false,2023-08-10T10:00:00Z",
                "2,-10.0,-20.0,iceberg,true,2023-08-10T11:00:00Z",
                "3,,-30.0,iceberg,,2023-08-10T12:00:00Z");
    }

    @Test
    void insertedRowsRoundTripThroughARealParquetFile() throws IOException {
        FeatureGroup g = group(List.of());
        FeatureGroup.InsertResult r = g.insert(CsvFrames.read(firstBatch(), SCHEMA), IngestionMode.STRICT, "a.csv");
        assertTrue(r.ingested());
        Path file = g.folder().resolve(r.commit().file());
        byte[] bytes = Files.readAllBytes(file);
        assertEquals("PAR1", new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("PAR1", new String(bytes, bytes.length - 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
        FeatureFrame read = g.read();
        assertEquals(3, read.size());
        assertArrayEquals(new Object[] {1L, -20.5, -41.0, "ship", false, Instant.parse("2023-08-10T10:00:00Z")}, read.rows().get(0));
        assertNull(read.rows().get(2)[1], "a missing value stays missing");
        assertNull(read.rows().get(2)[4]);
        assertEquals("INT64 TIMESTAMP(MILLIS,true)", ParquetFrames.schema("p", SCHEMA).getType("time").asPrimitiveType()
                .getPrimitiveTypeName() + " " + ParquetFrames.schema("p", SCHEMA).getType("time").getLogicalTypeAnnotation());
    }

    @Test
    void readingAsOfAnEarlierCommitSeesTheGroupAsItWas() throws IOException {
        FeatureGroup g = group(List.of());
        g.insert(CsvFrames.read(firstBatch(), SCHEMA), IngestionMode.NONE, "a.csv");
        Instant between = Instant.now();
        g.insert(CsvFrames.read(csv("b.csv", "2,-11.0,-21.0,ship,false,2023-08-11T11:00:00Z",
                "4,-5.0,-9.0,iceberg,true,2023-08-11T12:00:00Z"), SCHEMA), IngestionMode.NONE, "b.csv");
        assertEquals(List.of(1L, 2L), g.commits().stream().map(Commit::id).toList());
        FeatureFrame now = g.read();
        assertEquals(4, now.size());
        assertEquals("ship", now.rows().get(1)[3], "commit 2 replaced row 2 (upsert by primary key)");
        FeatureFrame then = g.readAsOf(1);
        assertEquals(3, then.size());
        assertEquals("iceberg", then.rows().get(1)[3]);
        assertEquals(-10.0, then.rows().get(1)[1]);
        assertEquals(3, g.readAsOf(between).size());
        assertEquals(0, g.readAsOf(Instant.parse("2000-01-01T00:00:00Z")).size());
        assertThrows(MlDataException.class, () -> g.readAsOf(7));
        // statistics are kept per commit
        assertEquals(3, g.statistics(1).rows());
        assertEquals(4, g.statistics(2).rows());
    }

    @Test
    void statisticsAreExact() {
        List<Feature> schema = List.of(new Feature("id", FeatureType.INT), new Feature("a", FeatureType.DOUBLE),
                new Feature("b", FeatureType.DOUBLE), new Feature("c", FeatureType.STRING));
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            rows.add(new Object[] {(long) i, (double) i, i == 10 ? null : -2.0 * i, i % 3 == 0 ? "x" : "y"});
        }
        FeatureStatistics s = FeatureStatistics.of(new FeatureFrame(schema, rows));
        FeatureStatistics.Column a = s.features().get("a");
        assertEquals(10, a.count());
        assertEquals(0, a.nulls());
        assertEquals(1.0, a.min());
        assertEquals(10.0, a.max());
        assertEquals(5.5, a.mean(), 1e-12);
        assertEquals(Math.sqrt(82.5 / 9), a.stddev(), 1e-12);
        assertEquals(List.of(1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L), a.histogram().stream().map(FeatureStatistics.Bin::count).toList());
        assertEquals(1.9, a.histogram().get(1).lower(), 1e-12);
        assertEquals(1, s.features().get("b").nulls());
        assertEquals(-1.0, s.correlations().get("a").get("b"), 1e-12);
        assertEquals(1.0, s.correlations().get("a").get("id"), 1e-12);
        FeatureStatistics.Column c = s.features().get("c");
        assertEquals(2L, c.distinct());
        assertEquals(Map.of("y", 7L, "x", 3L), c.topValues());
        assertNull(c.mean());
    }

    private static Expectation rule(Expectation.Rule r, String f, Double min, Double max) {
        return new Expectation(r, f, min, max, null, null, null, Expectation.Level.ERROR);
    }

    @Test
    void everyHopsworksRuleIsEvaluatedWithItsObservedValue() throws IOException {
        FeatureFrame frame = CsvFrames.read(firstBatch(), SCHEMA);
        List<Expectation> rules = List.of(
                rule(Expectation.Rule.HAS_MIN, "hh_mean", -30.0, -25.0),                 // min -20.5: fails
                rule(Expectation.Rule.HAS_MAX, "hh_mean", null, 0.0),                    // max -10: passes
                rule(Expectation.Rule.HAS_MEAN, "hv_mean", -31.0, -30.0),                // mean -30.333: passes
                rule(Expectation.Rule.HAS_COMPLETENESS, "hh_mean", 0.9, null),           // 2/3: fails
                rule(Expectation.Rule.HAS_UNIQUENESS, "label", 0.5, null),               // only "ship" once: 1/3 fails
                new Expectation(Expectation.Rule.IS_CONTAINED_IN, "label", null, null, List.of("ship", "iceberg"), null, null, null),
                new Expectation(Expectation.Rule.HAS_PATTERN, "label", null, null, null, "ice.*", null, Expectation.Level.WARNING),
                new Expectation(Expectation.Rule.HAS_DATATYPE, "id", null, null, null, null, "Integral", null),
                new Expectation(Expectation.Rule.HAS_DATATYPE, "label", null, null, null, null, "Fractional", null));
        ValidationReport report = Validator.validate(frame, rules);
        assertEquals(ValidationReport.Status.FAILURE, report.status());
        assertEquals(List.of(false, true, true, false, false, true, false, true, false),
                report.results().stream().map(ValidationReport.RuleResult::passed).toList());
        assertEquals(-20.5, report.results().get(0).observed());
        assertEquals(-91.0 / 3, report.results().get(2).observed(), 1e-12);
        assertEquals(2.0 / 3, report.results().get(3).observed(), 1e-12);
        assertEquals(1.0 / 3, report.results().get(4).observed(), 1e-12);
        assertEquals(2.0 / 3, report.results().get(6).observed(), 1e-12);
        assertEquals("minimum -20.5000 outside [-30, -25]", report.results().get(0).message());
        ValidationReport warnOnly = Validator.validate(frame, List.of(rules.get(1), rules.get(6)));
        assertEquals(ValidationReport.Status.WARNING, warnOnly.status());
    }

    @Test
    void ingestionModesDecideWhatAFailedValidationDoes() throws IOException {
        Expectation errorRule = rule(Expectation.Rule.HAS_MAX, "hh_mean", null, -15.0);              // max -10 fails
        Expectation warningRule = new Expectation(Expectation.Rule.IS_CONTAINED_IN, "label", null, null,
                List.of("ship"), null, null, Expectation.Level.WARNING);                            // "iceberg" fails
        FeatureGroup g = group(List.of(errorRule, warningRule));
        FeatureFrame rows = CsvFrames.read(firstBatch(), SCHEMA);

        FeatureGroup.InsertResult strict = g.insert(rows, IngestionMode.STRICT, "a.csv");
        assertFalse(strict.ingested());
        assertEquals(List.of(), g.commits());
        assertFalse(Files.exists(g.folder().resolve("data")), "STRICT: nothing written");
        assertFalse(g.insert(rows, IngestionMode.WARNING, "a.csv").ingested(), "an ERROR-level failure stops WARNING too");
        assertTrue(g.insert(rows, IngestionMode.ALL, "a.csv").ingested());
        assertTrue(g.insert(rows, IngestionMode.NONE, "a.csv").ingested());
        assertEquals(2, g.commits().size());

        FeatureGroup warnOnly = store.create(new FeatureGroupSpec("warned", 1, null, SCHEMA, List.of("id"), null, List.of(warningRule)));
        FeatureGroup.InsertResult w = warnOnly.insert(rows, IngestionMode.WARNING, "a.csv");
        assertTrue(w.ingested());
        assertEquals(ValidationReport.Status.WARNING, w.report().status());
        assertFalse(warnOnly.insert(rows, IngestionMode.STRICT, "a.csv").ingested());

        List<ValidationEntry> history = g.validations();
        assertEquals(List.of("STRICT", "WARNING", "ALL"), history.stream().map(ValidationEntry::mode).toList(),
                "NONE does not validate, so it leaves no entry");
        assertEquals(List.of(false, false, true), history.stream().map(ValidationEntry::ingested).toList());
        assertEquals(1L, history.get(2).commit());
        assertEquals(ValidationReport.Status.FAILURE, history.get(0).report().status());
        assertEquals("FAILURE", g.commits().get(0).validation());
        g.validate(rows, "dry.csv");
        assertEquals("VALIDATE", g.validations().get(3).mode());
        assertEquals(2, g.commits().size());
    }

    @Test
    void badInputNamesTheLineAndColumnAndWritesNothing() throws IOException {
        FeatureGroup g = group(List.of());
        Path bad = csv("bad.csv", "1,-20.5,-41.0,ship,false,2023-08-10T10:00:00Z", "2,abc,-20.0,iceberg,true,2023-08-10T11:00:00Z");
        MlDataException e = assertThrows(MlDataException.class, () -> CsvFrames.read(bad, SCHEMA));
        assertEquals(bad + ": line 3: column hh_mean (double): not a number: abc", e.getMessage());
        Path dup = csv("dup.csv", "1,-20.5,-41.0,ship,false,2023-08-10T10:00:00Z", "1,-2.5,-4.0,ship,false,2023-08-10T10:00:00Z");
        MlDataException d = assertThrows(MlDataException.class, () -> g.insert(CsvFrames.read(dup, SCHEMA), IngestionMode.ALL, "dup.csv"));
        assertEquals("dup.csv: row 2: primary key [id] = [1] appears twice in the input", d.getMessage());
        Path nan = csv("nan.csv", "1,NaN,-41.0,ship,false,2023-08-10T10:00:00Z");
        assertEquals(nan + ": line 2: column hh_mean (double): not a finite number: NaN",
                assertThrows(MlDataException.class, () -> CsvFrames.read(nan, SCHEMA)).getMessage());
        assertEquals(List.of(), g.commits());
        assertThrows(MlDataException.class, () -> store.create(new FeatureGroupSpec("patches", 1, null, SCHEMA, List.of("id"), null, List.of())));
    }

    @Test
    void trainingDatasetsAreSplitAndWrittenAsParquetCsvAndTfRecord() throws IOException {
        FeatureGroup g = group(List.of());
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            lines.add(i + "," + (-i) + ".5," + (-2 * i) + ".0," + (i <= 20 ? "iceberg" : "ship") + ",false,2023-08-10T10:00:00Z");
        }
        g.insert(CsvFrames.read(csv("many.csv", lines.toArray(String[]::new)), SCHEMA), IngestionMode.NONE, "many.csv");
        FeatureStore.TrainingDataset parquet = store.createTrainingDataset("icebergs", "patches", 1, null, "label",
                List.of("hh_mean", "hv_mean"), SplitRatios.DEFAULT, 5, TrainingDatasetFormat.PARQUET);
        // 20 icebergs -> 14/3/3, 10 ships -> 7/2/1
        assertEquals(Map.of("train", 21, "validation", 5, "test", 4), parquet.counts());
        Path folder = store.trainingDatasetFolder("icebergs", 1);
        FeatureFrame train = ParquetFrames.read(folder.resolve("train.parquet"),
                List.of(new Feature("hh_mean", FeatureType.DOUBLE), new Feature("hv_mean", FeatureType.DOUBLE),
                        new Feature("label", FeatureType.STRING)));
        assertEquals(21, train.size());
        assertEquals(14, train.column("label").stream().filter("iceberg"::equals).count());

        store.createTrainingDataset("icebergs", "patches", 1, null, "label", List.of("hh_mean"), SplitRatios.DEFAULT, 5,
                TrainingDatasetFormat.CSV);
        List<String> csvLines = Files.readAllLines(store.trainingDatasetFolder("icebergs", 2).resolve("test.csv"));
        assertEquals("hh_mean,label", csvLines.get(0));
        assertEquals(5, csvLines.size());

        store.createTrainingDataset("icebergs", "patches", 1, null, "label", List.of(), SplitRatios.DEFAULT, 5,
                TrainingDatasetFormat.TFRECORD);
        byte[] bytes = Files.readAllBytes(store.trainingDatasetFolder("icebergs", 3).resolve("validation.tfrecord"));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int records = 0;
        while (b.hasRemaining()) {
            long length = b.getLong();
            assertEquals(TfRecordWriter.maskedCrc32c(bytes, b.position() - 8, 8), b.getInt());
            int start = b.position();
            b.position(start + (int) length);
            assertEquals(TfRecordWriter.maskedCrc32c(bytes, start, (int) length), b.getInt());
            records++;
        }
        assertEquals(5, records);
        try (Stream<Path> left = Files.list(store.trainingDatasetFolder("icebergs", 1).getParent())) {
            assertEquals(List.of("v1", "v2", "v3"), left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
