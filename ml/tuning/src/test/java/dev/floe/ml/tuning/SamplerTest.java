package dev.floe.ml.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final SearchSpace SPACE = new SearchSpace(List.of(new Parameter.LogUniform("learning_rate", 0.0001, 0.01),
            new Parameter.Choice("dense", List.of(16, 32, 64))));

    @Test
    void randomPointsFollowTheSeed() {
        assertEquals(Sampler.RANDOM.sample(SPACE, 5, 7), Sampler.RANDOM.sample(SPACE, 5, 7));
        assertNotEquals(Sampler.RANDOM.sample(SPACE, 5, 7), Sampler.RANDOM.sample(SPACE, 5, 8));
        for (Map<String, Object> p : Sampler.RANDOM.sample(SPACE, 50, 1)) {
            double lr = (double) p.get("learning_rate");
            assertTrue(lr >= 0.0001 && lr <= 0.01, p.toString());
        }
    }

    @Test
    void gridCrossesEveryChoiceWithEvenlySpacedValuesLastParameterFastest() {
        List<Map<String, Object>> grid = Sampler.GRID.sample(SPACE, 9, 0);
        assertEquals(9, grid.size());
        double[] lr = {0.0001, 0.001, 0.01};
        int[] dense = {16, 32, 64};
        for (int i = 0; i < 9; i++) {
            assertEquals(lr[i / 3], (double) grid.get(i).get("learning_rate"), 1e-12);
            assertEquals(dense[i % 3], grid.get(i).get("dense"));
        }
    }

    @Test
    void aGridLargerThanTheTrialsIsThinnedEvenlyAndASmallerOneIsAllOfIt() {
        List<Map<String, Object>> grid = Sampler.GRID.sample(SPACE, 4, 0); // 2 x 3 = 6 points, 4 taken: 0, 2, 3, 5
        assertEquals(4, grid.size());
        assertEquals(Map.of("learning_rate", 0.0001, "dense", 16), Map.copyOf(grid.get(0)));
        assertEquals(64, grid.get(1).get("dense"));
        assertEquals(16, grid.get(2).get("dense"));
        assertEquals(0.01, (double) grid.get(3).get("learning_rate"), 1e-12);
        SearchSpace two = new SearchSpace(List.of(new Parameter.Choice("dense", List.of(16, 32))));
        assertEquals(2, Sampler.GRID.sample(two, 10, 0).size());
    }

    @Test
    void sobolPointsFillTheCubeMoreEvenlyThanTheirCount() {
        SearchSpace unit = new SearchSpace(List.of(new Parameter.Uniform("learning_rate", 0.5, 1.5)));
        List<Map<String, Object>> pts = Sampler.SOBOL.sample(unit, 8, 0);
        // the first 8 points after the skipped corner hit each eighth of [0.5, 1.5) at most twice
        int[] bins = new int[8];
        for (Map<String, Object> p : pts) {
            bins[(int) (((double) p.get("learning_rate") - 0.5) * 8)]++;
        }
        for (int b : bins) {
            assertTrue(b <= 2, java.util.Arrays.toString(bins));
        }
        assertEquals(Sampler.SOBOL.sample(SPACE, 4, 3), Sampler.SOBOL.sample(SPACE, 4, 3));
        assertNotEquals(Sampler.SOBOL.sample(SPACE, 4, 3), Sampler.SOBOL.sample(SPACE, 4, 4));
    }
}
