package dev.floe.ml.tuning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.model.ModelFamily;

class AblationTest {

    /** Two samples of 3 channels of 1x2 pixels, values channel*10 + pixel, and two extras. */
    static final ImageSamples SAMPLES = new ImageSamples(List.of("a", "b"), List.of("x", "y"), 3, 1, 2, 2,
            new float[][] {{0, 1, 10, 11, 20, 21}, {100, 101, 110, 111, 120, 121}},
            new float[][] {{5, 6}, {7, 8}}, new int[] {0, 1});

    static Ablation.Settings settings(ModelFamily family) {
        return new Ablation.Settings(family, new TrialModel(new int[] {4, 8}, 8, 0.01, 16), Metric.VAL_ACCURACY, 2, List.of(1L), 1, 0.05, 2);
    }

    @Test
    void leavingOutAChannelRemovesItsPlaneFromEverySample() {
        ImageSamples out = Ablation.withoutChannel(SAMPLES, 1);
        assertEquals(2, out.channels());
        assertArrayEquals(new float[] {0, 1, 20, 21}, out.pixels()[0]);
        assertArrayEquals(new float[] {100, 101, 120, 121}, out.pixels()[1]);
        assertArrayEquals(new float[] {10, 11, 20, 21}, Ablation.withoutChannel(SAMPLES, 0).pixels()[0]);
        assertArrayEquals(new float[] {0, 1, 10, 11}, Ablation.withoutChannel(SAMPLES, 2).pixels()[0]);
    }

    @Test
    void leavingOutAFeatureRemovesItFromTheExtras() {
        ImageSamples out = Ablation.withoutExtra(SAMPLES, 0);
        assertEquals(1, out.extraCount());
        assertArrayEquals(new float[] {8}, out.extras()[1]);
    }

    @Test
    void componentsThatTheModelDoesNotHaveAreRefusedBeforeAnythingTrains() {
        Ablation s2 = new Ablation(settings(ModelFamily.S2_CNN), SAMPLES, SAMPLES, List.of());
        assertEquals("component band:B05: s2-cnn has no band B05 (it has B02, B03, B04, B08)",
                assertThrows(SpaceException.class, () -> s2.check(List.of("band:B02", "band:B05"))).getMessage());
        assertEquals("component conv3: the model has 2 convolution blocks (conv1..conv2)",
                assertThrows(SpaceException.class, () -> s2.check(List.of("conv3"))).getMessage());
        assertEquals("component feature:inc_angle: s2-cnn takes no numeric feature inc_angle (it takes none)",
                assertThrows(SpaceException.class, () -> s2.check(List.of("feature:inc_angle"))).getMessage());
        assertEquals("component fc: name a band (band:B02), a numeric feature (feature:NAME), a convolution block (conv1) or "
                + "the dense layer (dense)", assertThrows(SpaceException.class, () -> s2.check(List.of("fc"))).getMessage());
        s2.check(List.of("dense"));
        assertEquals("name at least one component to leave out, e.g. band:B02 or conv1",
                assertThrows(SpaceException.class, () -> s2.check(List.of())).getMessage());
        Ablation sar = new Ablation(settings(ModelFamily.SAR_CNN), SAMPLES, SAMPLES, List.of("inc_angle", "x"));
        sar.check(List.of("band:HH", "band:band_avg", "feature:inc_angle", "conv2"));
        assertEquals("component dense: sar-cnn merges its extra inputs in after the dense layer, which therefore cannot be left out",
                assertThrows(SpaceException.class, () -> sar.check(List.of("dense"))).getMessage());
    }
}
