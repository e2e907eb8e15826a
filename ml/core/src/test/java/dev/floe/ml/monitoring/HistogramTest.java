package dev.floe.ml.monitoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void cutsAtTheDecilesWithOpenOuterBins() {
        // 1..11: the deciles sit at positions 1..9 of the sorted values, i.e. on 2..10
        Histogram h = Histogram.ofDeciles(new double[] {11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertArrayEquals(new double[] {2, 3, 4, 5, 6, 7, 8, 9, 10}, h.edges(), 0);
        assertArrayEquals(new long[] {2, 1, 1, 1, 1, 1, 1, 1, 1, 1}, h.counts());
        assertEquals(11, h.total());
        assertEquals(0, h.bin(-1e9));
        assertEquals(9, h.bin(1e9));
    }

    @Test
    void mergesEqualDecilesIntoOneEdge() {
        // eight zeros, 1, 2: deciles 0 (seven times), 0.2 (position 7.2), 1.1 (position 8.1)
        Histogram h = Histogram.ofDeciles(new double[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 2});
        assertArrayEquals(new double[] {0, 0.2, 1.1}, h.edges(), 1e-15);
        assertArrayEquals(new long[] {8, 0, 1, 1}, h.counts());
    }

    @Test
    void aConstantKeepsItsValuesInTheFirstBin() {
        Histogram h = Histogram.ofDeciles(new double[] {3, 3, 3});
        assertArrayEquals(new double[] {3}, h.edges(), 0);
        assertArrayEquals(new long[] {3, 0}, h.counts());
        assertArrayEquals(new long[] {1, 2}, h.count(new double[] {3, 3.5, 1e6}));
    }

    @Test
    void binsAreClosedOnTheRight() {
        Histogram h = Histogram.on(new double[] {1, 2}, new double[] {1, 1.5, 2, 2.5});
        assertArrayEquals(new long[] {1, 2, 1}, h.counts());
    }

    @Test
    void refusesEdgesThatDoNotIncrease() {
        assertThrows(IllegalArgumentException.class, () -> new Histogram(new double[] {2, 1}, new long[3]));
        assertThrows(IllegalArgumentException.class, () -> new Histogram(new double[] {1}, new long[3]));
    }
}
