package dev.floe.ml.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class AshaTest {

    @Test
    void rungsGrowByEtaUpToTheEpochBudget() {
        assertEquals(List.of(1, 3, 9), new Asha(1, 9, 3).rungs());
        assertEquals(List.of(1, 2, 4, 8, 10), new Asha(1, 10, 2).rungs());
        assertEquals(List.of(5), new Asha(5, 5, 3).rungs());
        assertEquals("ASHA needs 1 <= min epochs <= max epochs, got 4 and 2",
                assertThrows(SpaceException.class, () -> new Asha(4, 2, 3)).getMessage());
    }

    /**
     * Nine trials, scores flat over epochs: the first rung promotes its best third as soon as it holds 3, 6 and 9
     * results, without waiting for the rest; rung 3 promotes its best as soon as it holds 3.
     */
    @Test
    void promotesTheTopThirdOfEachRungAsSoonAsItsResultsAreIn() {
        double[] finals = {0.5, 0.9, 0.7, 0.6, 0.95, 0.4, 0.8, 0.3, 0.85};
        double[][] curves = new double[9][];
        for (int i = 0; i < 9; i++) {
            curves[i] = SequentialDriver.flat(finals[i], 9);
        }
        SequentialDriver driver = new SequentialDriver();
        assertEquals(List.of(
                "t0 new to 1", "t0 paused at 1",
                "t1 new to 1", "t1 paused at 1",
                "t2 new to 1", "t2 paused at 1",
                "t1 promoted to 3", "t1 paused at 3",
                "t3 new to 1", "t3 paused at 1",
                "t4 new to 1", "t4 paused at 1",
                "t4 promoted to 3", "t4 paused at 3",
                "t5 new to 1", "t5 paused at 1",
                "t6 new to 1", "t6 paused at 1",
                "t7 new to 1", "t7 paused at 1",
                "t8 new to 1", "t8 paused at 1",
                "t8 promoted to 3", "t8 paused at 3",
                "t4 promoted to 9", "t4 completed at 9"), driver.run(new Asha(1, 9, 3), curves));
        assertEquals(List.of(
                "t0: stopped at epoch 1 (rung 0): rank 7 of 9, only the top 3 (1/3) were promoted",
                "t1: stopped at epoch 3 (rung 1): rank 2 of 3, only the top 1 (1/3) were promoted",
                "t2: stopped at epoch 1 (rung 0): rank 5 of 9, only the top 3 (1/3) were promoted",
                "t3: stopped at epoch 1 (rung 0): rank 6 of 9, only the top 3 (1/3) were promoted",
                "t5: stopped at epoch 1 (rung 0): rank 8 of 9, only the top 3 (1/3) were promoted",
                "t6: stopped at epoch 1 (rung 0): rank 4 of 9, only the top 3 (1/3) were promoted",
                "t7: stopped at epoch 1 (rung 0): rank 9 of 9, only the top 3 (1/3) were promoted",
                "t8: stopped at epoch 3 (rung 1): rank 3 of 3, only the top 1 (1/3) were promoted"), driver.reasons);
    }

    /** A trial that starts slow but would end best is ranked on its score at the rung, not its future. */
    @Test
    void ranksOnTheScoreAtTheRungOnly() {
        double[][] curves = {
                {0.6, 0.6, 0.6}, {0.5, 0.5, 0.5}, {0.2, 0.9, 0.99}};
        SequentialDriver driver = new SequentialDriver();
        assertEquals(List.of("t0 new to 1", "t0 paused at 1", "t1 new to 1", "t1 paused at 1", "t2 new to 1", "t2 paused at 1",
                "t0 promoted to 3", "t0 completed at 3"), driver.run(new Asha(1, 3, 3), curves));
    }
}
