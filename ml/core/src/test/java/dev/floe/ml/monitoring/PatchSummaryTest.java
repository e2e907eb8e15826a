package dev.floe.ml.monitoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class PatchSummaryTest {

    @Test
    void namesEveryChannelStatisticThenTheExtras() {
        PatchSummary s = new PatchSummary(List.of("HH", "HV"), 4, List.of("inc_angle"), Double.NaN);
        assertEquals(List.of("HH.mean", "HH.std", "HH.p5", "HH.p95", "HH.nodata", "HV.mean", "HV.std", "HV.p5", "HV.p95",
                "HV.nodata", "inc_angle"), s.featureNames());
        assertEquals(11, s.size());
    }

    @Test
    void summarisesValidPixelsAndCountsNoData() {
        // channel 1: 1, 2, 3, 4 and one no-data 0 of five pixels; channel 2: 10, 10, 10, 10, 20
        PatchSummary s = new PatchSummary(List.of("B02", "B03"), 5, List.of(), 0.0);
        double[] f = s.of(new float[] {1, 0, 2, 3, 4, 10, 10, 10, 10, 20}, new float[0]);
        // numpy: mean 2.5, std (ddof 0) sqrt(1.25), percentile 5 -> 1.15, 95 -> 3.85
        // channel 2: mean 12, std 4, p5 10, p95 18 (position 3.8 between 10 and 20)
        assertArrayEquals(new double[] {2.5, Math.sqrt(1.25), 1.15, 3.85, 0.2, 12, 4, 10, 18, 0}, f, 1e-12);
    }

    @Test
    void aChannelWithoutValidPixelsIsAllNoData() {
        PatchSummary s = new PatchSummary(List.of("B02"), 3, List.of(), 0.0);
        assertArrayEquals(new double[] {0, 0, 0, 0, 1}, s.of(new float[] {0, 0, 0}, new float[0]), 0);
    }

    @Test
    void keepsTheExtraInputsAsTheyAre() {
        PatchSummary s = new PatchSummary(List.of("HH"), 2, List.of("inc_angle"), Double.NaN);
        assertArrayEquals(new double[] {-1, 1, -1.9, -0.1, 0, 38.5}, s.of(new float[] {-2, 0}, new float[] {38.5f}), 1e-6);
    }

    @Test
    void refusesARowOfTheWrongSize() {
        PatchSummary s = new PatchSummary(List.of("HH"), 2, List.of(), Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> s.of(new float[3], new float[0]));
    }
}
