package dev.floe.ml.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class MedianStoppingTest {

    private static final double[][] CURVES = {
            {0.5, 0.6, 0.7, 0.75, 0.8, 0.8},
            {0.4, 0.5, 0.6, 0.7, 0.75, 0.8},
            {0.3, 0.3, 0.3, 0.35, 0.35, 0.35},      // hopeless
            {0.45, 0.40, 0.75, 0.60, 0.95, 0.85}};  // jittery, ends best

    @Test
    void stopsAHopelessTrialAfterPatienceEpochsBelowTheMedianAndKeepsAJitteryOne() {
        SequentialDriver driver = new SequentialDriver();
        assertEquals(List.of("t0 new to 6", "t0 completed at 6", "t1 new to 6", "t1 completed at 6",
                "t2 new to 6", "t2 stopped at 3", "t3 new to 6", "t3 completed at 6"),
                driver.run(new MedianStopping(6, 2, 2, 2, 2), CURVES));
        assertEquals(List.of("t2: stopped at epoch 3: smoothed score 0.3000 (mean of 2 epochs) below the median 0.6000 of "
                + "2 other trials for 2 epochs in a row"), driver.reasons);
    }

    @Test
    void withoutSmoothingOrPatienceTheJitteryTrialIsStoppedAtItsFirstDip() {
        SequentialDriver driver = new SequentialDriver();
        assertEquals(List.of("t0 new to 6", "t0 completed at 6", "t1 new to 6", "t1 completed at 6",
                "t2 new to 6", "t2 stopped at 2", "t3 new to 6", "t3 stopped at 2"),
                driver.run(new MedianStopping(6, 2, 1, 1, 2), CURVES));
    }

    @Test
    void noTrialStopsBeforeEnoughOthersHaveReachedItsEpoch() {
        double[][] curves = {{0.9, 0.9, 0.9}, {0.1, 0.1, 0.1}};
        assertEquals(List.of("t0 new to 3", "t0 completed at 3", "t1 new to 3", "t1 completed at 3"),
                new SequentialDriver().run(new MedianStopping(3, 1, 1, 1, 2), curves));
    }
}
