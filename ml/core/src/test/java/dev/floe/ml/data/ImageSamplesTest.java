package dev.floe.ml.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Joining sample sets and picking a Sentinel-2 tile's patches out of them keep each patch with its pixels and label. */
class ImageSamplesTest {

    private static ImageSamples samples(List<String> ids, int... labels) {
        float[][] pixels = new float[ids.size()][];
        float[][] extras = new float[ids.size()][];
        for (int i = 0; i < ids.size(); i++) {
            pixels[i] = new float[] {i, i + 0.5f};
            extras[i] = new float[0];
        }
        return new ImageSamples(ids, List.of("water", "forest"), 2, 1, 1, 0, pixels, extras, labels);
    }

    @Test
    void concatKeepsThePartsInOrderAndInTilePicksOneTilesPatches() {
        ImageSamples first = samples(List.of("S2A_33TWM_20230815_p1", "S2A_33TWL_20230815_p2"), 0, 1);
        ImageSamples second = samples(List.of("S2B_33TWM_20230820_p3"), 1);
        ImageSamples all = ImageSamples.concat(List.of(first, second));
        assertEquals(List.of("S2A_33TWM_20230815_p1", "S2A_33TWL_20230815_p2", "S2B_33TWM_20230820_p3"), all.ids());
        assertArrayEquals(new int[] {0, 1, 1}, all.labels());
        ImageSamples twm = all.inTile("33TWM");
        assertEquals(List.of("S2A_33TWM_20230815_p1", "S2B_33TWM_20230820_p3"), twm.ids());
        assertArrayEquals(new int[] {0, 1}, twm.labels());
        assertArrayEquals(new float[] {0f, 0.5f}, twm.pixels()[0]);
        assertArrayEquals(new float[] {0f, 0.5f}, twm.pixels()[1]);
        assertEquals(0, all.inTile("33UWP").size());
    }
}
