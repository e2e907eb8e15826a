package dev.floe.ml.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class HyperbandTest {

    @Test
    void bracketsStartTheirFirstRungEtaTimesLaterEach() {
        Hyperband h = new Hyperband(1, 9, 3);
        assertEquals(3, h.brackets());
        assertEquals(List.of(1, 3, 9), h.bracket(0).rungs());
        assertEquals(List.of(3, 9), h.bracket(1).rungs());
        assertEquals(List.of(9), h.bracket(2).rungs());
    }

    @Test
    void trialsTakeTurnsInTheBracketsAndThoseOfTheLastTrainToTheEnd() {
        double[][] curves = new double[6][];
        double[] finals = {0.5, 0.6, 0.7, 0.8, 0.4, 0.3};
        for (int i = 0; i < 6; i++) {
            curves[i] = SequentialDriver.flat(finals[i], 9);
        }
        assertEquals(List.of("t0 new to 1", "t0 paused at 1", "t1 new to 3", "t1 paused at 3", "t2 new to 9", "t2 completed at 9",
                "t3 new to 1", "t3 paused at 1", "t4 new to 3", "t4 paused at 3", "t5 new to 9", "t5 completed at 9"),
                new SequentialDriver().run(new Hyperband(1, 9, 3), curves));
    }
}
