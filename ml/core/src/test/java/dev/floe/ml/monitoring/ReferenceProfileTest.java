package dev.floe.ml.monitoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ml.MlDataException;
import dev.floe.ml.monitoring.ReferenceProfile.HeldOut;

class ReferenceProfileTest {

    private static final List<String> FEATURES = List.of("B04.mean", "B04.nodata");
    private static final List<String> CLASSES = List.of("water", "land");

    /** Training rows B04.mean = 1..11, B04.nodata = 0; the first 4 water; 60 validation rows, 20 water, 40 land. */
    private static ReferenceProfile knownProfile(int validationRows) {
        ReferenceProfile.Builder b = ReferenceProfile.builder(FEATURES, CLASSES, 7);
        for (int i = 1; i <= 11; i++) {
            b.training(new double[] {i, 0}, i <= 4 ? 0 : 1);
        }
        for (int i = 0; i < validationRows; i++) {
            b.validation(new double[] {i % 11 + 0.5, 0}, i % 3 == 0 ? new float[] {0.875f, 0.125f}
                    : new float[] {0.375f, 0.625f});
        }
        return b.build();
    }

    @Test
    void countsTheBinsThePriorAndThePredictedClasses() {
        ReferenceProfile p = knownProfile(60);
        assertEquals(FEATURES, p.featureNames());
        assertEquals(CLASSES, p.classes());
        assertEquals(11, p.trainingRows());
        assertEquals(60, p.validationRows());
        assertEquals(HeldOut.VALIDATION, p.heldOut());
        assertArrayEquals(new long[] {4, 7}, p.classPrior());
        assertArrayEquals(new long[] {20, 40}, p.predictedClasses());
        // 1..11: deciles 2..10; the constant no-data fraction: one edge at 0, everything in the first bin
        assertEquals(new Histogram(new double[] {2, 3, 4, 5, 6, 7, 8, 9, 10}, new long[] {2, 1, 1, 1, 1, 1, 1, 1, 1, 1}),
                p.histograms().get(0));
        assertEquals(new Histogram(new double[] {0}, new long[] {11, 0}), p.histograms().get(1));
        // top probabilities 0.875 (20 rows, bin (0.85, 0.9]) and 0.625 (40 rows, bin (0.6, 0.65])
        long[] top = new long[20];
        top[17] = 20;
        top[12] = 40;
        assertArrayEquals(top, p.maxProbability().counts());
        // fewer rows than the samples hold: every row, in order
        assertEquals(11, p.trainingSample().size());
        assertArrayEquals(new double[] {5, 0}, p.trainingSample().get(4), 0);
        assertEquals(11, p.referenceRows().size());
        assertEquals(60, p.heldOutRows().size());
        assertEquals(30, p.referenceOutputs().size());
        assertEquals(30, p.heldOutOutputs().size());
        assertArrayEquals(new float[] {0.875f, 0.125f}, p.referenceOutputs().get(0));
    }

    @Test
    void aSmallValidationSplitHoldsOutHalfTheTrainingSample() {
        ReferenceProfile p = knownProfile(10);
        assertEquals(HeldOut.TRAINING, p.heldOut());
        assertEquals(5, p.referenceRows().size());
        assertEquals(6, p.heldOutRows().size());
        assertArrayEquals(new double[] {6, 0}, p.heldOutRows().get(0), 0);
        assertTrue(p.referenceOutputs().isEmpty());
        assertTrue(p.heldOutOutputs().isEmpty());
        // the histograms are of the reference half, 1..5: deciles at positions 0.4, 0.8, ... 3.6
        assertArrayEquals(new double[] {1.4, 1.8, 2.2, 2.6, 3, 3.4, 3.8, 4.2, 4.6}, p.histograms().get(0).edges(),
                1e-12);
        assertEquals(5, p.histograms().get(0).total());
    }

    @Test
    void theSameRowsAndSeedGiveTheSameSamples() {
        ReferenceProfile a = sampled(1);
        assertEquals(a, sampled(1));
        assertNotEquals(a.trainingSample().stream().map(r -> r[0]).toList(),
                sampled(2).trainingSample().stream().map(r -> r[0]).toList());
        assertEquals(100, a.trainingSample().size());
        assertEquals(1000, a.trainingRows());
        // a uniform sample of 0..999 has a mean near 499.5 (sd of the mean about 29)
        double mean = a.trainingSample().stream().mapToDouble(r -> r[0]).average().orElseThrow();
        assertEquals(499.5, mean, 120);
    }

    private static ReferenceProfile sampled(long seed) {
        ReferenceProfile.Builder b = ReferenceProfile.builder(List.of("x"), CLASSES, seed, 100, 100);
        for (int i = 0; i < 1000; i++) {
            b.training(new double[] {i}, i % 2);
            b.validation(new double[] {i}, new float[] {0.5f, 0.5f});
        }
        return b.build();
    }

    @Test
    void writesAndReadsTheSameProfile(@TempDir Path dir) {
        ReferenceProfile p = sampled(3);
        Path file = dir.resolve(ReferenceProfile.FILE);
        p.write(file);
        assertEquals(p, ReferenceProfile.read(file));
        assertEquals(List.of(ReferenceProfile.FILE), List.of(dir.toFile().list()));
    }

    @Test
    void aTruncatedFileIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(ReferenceProfile.FILE);
        knownProfile(60).write(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        MlDataException e = assertThrows(MlDataException.class, () -> ReferenceProfile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": not a reference profile"), e.getMessage());
    }

    @Test
    void aProfileThatDoesNotAddUpIsAnErrorSayingWhat(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(ReferenceProfile.FILE);
        knownProfile(60).write(file);
        String json = Files.readString(file);
        Files.writeString(file, json.replace("\"classPrior\":[4,7]", "\"classPrior\":[4,7,1]"));
        MlDataException e = assertThrows(MlDataException.class, () -> ReferenceProfile.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("must have 2 counts (one per class), not 3 and 2"), e.getMessage());
        Files.writeString(file, "{\"featureNames\": \"B04\"}");
        e = assertThrows(MlDataException.class, () -> ReferenceProfile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": not a reference profile"), e.getMessage());
        Files.writeString(file, "not json");
        assertThrows(MlDataException.class, () -> ReferenceProfile.read(file));
    }

    @Test
    void aMissingFileIsAnErrorNamingIt(@TempDir Path dir) {
        Path file = dir.resolve("nothing-here.json");
        MlDataException e = assertThrows(MlDataException.class, () -> ReferenceProfile.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void refusesRowsItCannotUse() {
        ReferenceProfile.Builder b = ReferenceProfile.builder(FEATURES, CLASSES, 1);
        MlDataException nan = assertThrows(MlDataException.class, () -> b.training(new double[] {1, Double.NaN}, 0));
        assertEquals("training row 0: the feature B04.nodata is NaN", nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.training(new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> b.training(new double[] {1, 0}, 2));
        assertThrows(IllegalArgumentException.class, () -> b.validation(new double[] {1, 0}, new float[] {1}));
        b.training(new double[] {1, 0}, 0);
        MlDataException tooFew = assertThrows(MlDataException.class, b::build);
        assertEquals("a reference profile needs at least 2 training rows, not 1", tooFew.getMessage());
        b.training(new double[] {2, 0}, 1);
        assertFalse(b.build().featureNames().isEmpty());
    }
}
