package dev.floe.ml.sar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ml.MlDataException;

class SarRecordReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryRecordOfATrainJsonArrayWithBandAvgAndNaAngles() throws IOException {
        Path file = SarTestData.writeArray(dir.resolve("train.json"), SarTestData.records(10, 75, 1));
        List<SarRecord> records = new SarRecordReader(75, true).readAll(file);
        assertEquals(10, records.size());
        SarRecord first = records.get(0);
        assertEquals("s0000", first.id());
        assertEquals(5625, first.hh().length);
        assertEquals(1, first.isIceberg());
        assertEquals("iceberg", first.labelClass());
        assertEquals("ship", records.get(1).labelClass());
        assertNull(records.get(4).incidenceAngle(), "inc_angle \"na\" reads as no angle");
        assertTrue(records.get(3).incidenceAngle() >= 35);
        float[] avg = first.bandAvg();
        for (int i = 0; i < avg.length; i++) {
            assertEquals((first.hh()[i] + first.hv()[i]) / 2f, avg[i], 1e-6f);
        }
    }

    @Test
    void wrongBandLengthNamesTheRecordIndexAndId() throws IOException {
        List<String> records = new ArrayList<>(SarTestData.records(3, 75, 2));
        records.set(2, SarTestData.record("short", new float[5624], new float[5625], 40.0, 0));
        Path file = SarTestData.writeArray(dir.resolve("train.json"), records);
        MlDataException e = assertThrows(MlDataException.class, () -> new SarRecordReader(75, true).readAll(file));
        assertEquals(file + ": record 2 (id short): band_1 has 5624 values, expected 5625 (75x75)", e.getMessage());
    }

    @Test
    void nanPixelIsAnErrorWithItsPosition() throws IOException {
        float[] hv = new float[25];
        hv[7] = Float.NaN;
        Path file = SarTestData.writeArray(dir.resolve("t.json"), List.of(SarTestData.record("n1", new float[25], hv, 40.0, 1)));
        MlDataException e = assertThrows(MlDataException.class, () -> new SarRecordReader(5, true).readAll(file));
        assertEquals(file + ": record 0 (id n1): band_2[7] is NaN", e.getMessage());
    }

    @Test
    void missingLabelIsAnErrorForTrainingButNotForTestData() throws IOException {
        Path file = SarTestData.writeArray(dir.resolve("t.json"),
                List.of(SarTestData.record("u1", new float[25], new float[25], null, null)));
        MlDataException e = assertThrows(MlDataException.class, () -> new SarRecordReader(5, true).readAll(file));
        assertEquals(file + ": record 0 (id u1): missing label \"is_iceberg\" (training records need 0 or 1)", e.getMessage());
        SarRecord r = new SarRecordReader(5, false).readAll(file).get(0);
        assertNull(r.isIceberg());
        assertNull(r.incidenceAngle());
    }

    @Test
    void labelOtherThanZeroOrOneAndBadAngleAreErrors() throws IOException {
        Path bad = dir.resolve("b.json");
        Files.writeString(bad, "[" + SarTestData.record("x", new float[4], new float[4], 30.0, 2) + "]");
        assertEquals(bad + ": record 0 (id x): is_iceberg must be 0 or 1, found 2",
                assertThrows(MlDataException.class, () -> new SarRecordReader(2, true).readAll(bad)).getMessage());
        Files.writeString(bad, "[" + SarTestData.record("y", new float[4], new float[4], 30.0, 1)
                .replace("30.0000", "\"steep\"") + "]");
        assertEquals(bad + ": record 0 (id y): inc_angle is neither a number nor \"na\": \"steep\"",
                assertThrows(MlDataException.class, () -> new SarRecordReader(2, true).readAll(bad)).getMessage());
    }

    @Test
    void truncatedJsonNamesTheRecordAndLine() throws IOException {
        Path file = dir.resolve("cut.json");
        String text = "[" + String.join(",\n", SarTestData.records(2, 5, 3)) + "]";
        Files.writeString(file, text.substring(0, text.length() - 40));
        MlDataException e = assertThrows(MlDataException.class, () -> new SarRecordReader(5, true).readAll(file));
        assertTrue(e.getMessage().startsWith(file + ": record 1: malformed JSON at line 2"), e.getMessage());
    }

    @Test
    void readsTheFiveRealCompetitionRecordsInPlace() {
        Path real = SarTestData.realRecords();
        assumeTrue(real != null, "../shared/data/sar-patches is not in this checkout");
        Map<String, SarRecord> byId = new TreeMap<>();
        SarRecordReader reader = new SarRecordReader(SarRecordReader.STATOIL_SIDE, false);
        for (String name : List.of("train_single.json", "train_single_10.json", "train_single_35.json",
                "test_single.json", "test_single_10.json")) {
            reader.read(real.resolve(name), r -> byId.put(r.id(), r));
        }
        assertEquals(List.of("3aac67cd", "565b28ac", "5941774d", "93a797d3", "dfd5f913"), List.copyOf(byId.keySet()));
        assertEquals(0, byId.get("dfd5f913").isIceberg());
        assertEquals(1, byId.get("3aac67cd").isIceberg());
        assertEquals(1, byId.get("93a797d3").isIceberg());
        assertNull(byId.get("5941774d").isIceberg());
        assertEquals(43.9239, byId.get("dfd5f913").incidenceAngle(), 1e-9);
        assertEquals(-27.154118f, byId.get("dfd5f913").hv()[0], 1e-6f);
        for (SarRecord r : byId.values()) {
            assertEquals(5625, r.hh().length);
            // backscatter in dB: all finite, within the sensor's range
            for (float v : r.hh()) {
                assertTrue(v > -60 && v < 40, r.id() + ": " + v);
            }
        }
        // the labelled three pass the training-data check too
        assertEquals(1, new SarRecordReader(75, true).readAll(real.resolve("train_single_35.json")).size());
        assertArrayEquals(new float[] {(byId.get("3aac67cd").hh()[0] + byId.get("3aac67cd").hv()[0]) / 2f},
                new float[] {byId.get("3aac67cd").bandAvg()[0]});
    }
}
