package dev.floe.ml.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class DriftWindowsTest {

    /** A profile of one Gaussian feature and two classes, with validation outputs. */
    static ReferenceProfile profile() {
        ReferenceProfile.Builder b = ReferenceProfile.builder(List.of("x"), List.of("a", "b"), 7);
        Random r = new Random(1);
        for (int i = 0; i < 2000; i++) {
            b.training(new double[] {r.nextGaussian()}, i % 2);
        }
        for (int i = 0; i < 600; i++) {
            float p = (float) r.nextDouble();
            b.validation(new double[] {r.nextGaussian()}, new float[] {p, 1 - p});
        }
        return b.build();
    }

    static final float[] OUT = {0.4f, 0.6f};

    @Test
    void aWindowOfRowsIsCheckedWhenItIsFullAndNotBefore() {
        List<Integer> sizes = new ArrayList<>();
        ReferenceProfile p = profile();
        DriftWindows w = DriftWindows.ofRows("m", 1, "https://example.org/m/1", n -> {
            sizes.add(n);
            return new DriftMonitor(p, n, 3);
        }, 50);
        Instant t0 = Instant.parse("2026-12-07T10:00:00Z");
        Random r = new Random(2);
        List<WindowReport> reports = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            WindowReport report = w.add(t0.plusSeconds(i), new double[] {r.nextGaussian()}, OUT);
            if (report != null) {
                reports.add(report);
            }
        }
        assertEquals(2, reports.size());
        assertEquals(List.of(50, 50), sizes);
        assertEquals(t0, reports.get(0).start());
        assertEquals(t0.plusSeconds(49), reports.get(0).end());
        assertEquals(t0.plusSeconds(50), reports.get(1).start());
        assertEquals(50, reports.get(1).report().windowSize());
        assertEquals(20, w.open());
        assertNull(w.finish(), "a window of rows that is not full is not checked");
    }

    @Test
    void timeWindowsAreAlignedOnMultiplesOfTheirLengthAndSmallOnesAreSkipped() {
        ReferenceProfile p = profile();
        DriftWindows w = DriftWindows.ofTime("m", 1, "https://example.org/m/1", n -> new DriftMonitor(p, n, 3), Duration.ofMinutes(10), 30);
        Random r = new Random(3);
        List<WindowReport> reports = new ArrayList<>();
        // 40 rows in 10:00-10:10, 5 rows in 10:10-10:20, 35 rows in 10:20-10:30
        Instant[] starts = {Instant.parse("2026-12-07T10:02:00Z"), Instant.parse("2026-12-07T10:11:00Z"), Instant.parse("2026-12-07T10:20:00Z")};
        int[] counts = {40, 5, 35};
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < counts[k]; i++) {
                WindowReport report = w.add(starts[k].plusSeconds(i), new double[] {r.nextGaussian()}, OUT);
                if (report != null) {
                    reports.add(report);
                }
            }
        }
        WindowReport last = w.finish();
        if (last != null) {
            reports.add(last);
        }
        assertEquals(List.of(40, 35), reports.stream().map(x -> x.report().windowSize()).toList());
        assertEquals(Instant.parse("2026-12-07T10:02:39Z"), reports.get(0).end());
        assertEquals(Instant.parse("2026-12-07T10:20:00Z"), reports.get(1).start());
        assertEquals(1, w.skipped());
    }

    @Test
    void refusesWindowsThatCannotBeChecked() {
        assertThrows(IllegalArgumentException.class, () -> DriftWindows.ofRows("m", 1, "x", n -> null, 1));
        assertThrows(IllegalArgumentException.class, () -> DriftWindows.ofTime("m", 1, "x", n -> null, Duration.ZERO, 10));
    }
}
