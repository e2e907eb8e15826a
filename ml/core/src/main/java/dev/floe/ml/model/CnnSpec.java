package dev.floe.ml.model;

import java.util.Arrays;

import dev.floe.ml.MlDataException;

/**
 * The shape of one CNN of the seed's family: {@code filters.length} blocks of 3x3 convolution (ReLU) and
 * 2x2 max pooling, a dense layer, the extra scalar inputs (e.g. the incidence angle) merged in, a second
 * dense layer and a softmax over the classes. Adam with {@code learningRate}. {@code dense} 0 leaves the first dense
 * layer out (an ablation's variant; only without extra inputs).
 */
public record CnnSpec(String architecture, int channels, int height, int width, int extras, int classes,
                      int[] filters, int dense, double learningRate) {

    public CnnSpec {
        if (dense == 0 && extras > 0) {
            throw new MlDataException("a " + architecture + " without its dense layer cannot take extra inputs (" + extras
                    + "): they are merged in after it");
        }
        if (filters.length == 0 || channels < 1 || height < 2 || width < 2 || classes < 2 || dense < 0) {
            throw new MlDataException("not a usable CNN shape: " + architecture + " " + channels + "x" + height
                    + "x" + width + ", " + classes + " classes, filters " + Arrays.toString(filters));
        }
        filters = filters.clone();
    }

    /** The ship-or-iceberg CNN: HH, HV, band_avg channels of side x side, the incidence angle as an extra input. */
    public static CnnSpec sar(int side, int[] filters, int dense) {
        return new CnnSpec("sar-cnn", 3, side, side, 1, 2, filters, dense, 1e-3);
    }

    /** The Sentinel-2 land-cover CNN: B02, B03, B04, B08 channels, no extra input. */
    public static CnnSpec s2(int side, int classes, int[] filters, int dense) {
        return new CnnSpec("s2-cnn", 4, side, side, 0, classes, filters, dense, 1e-3);
    }

    /** This spec with another Adam learning rate. */
    public CnnSpec withLearningRate(double rate) {
        return new CnnSpec(architecture, channels, height, width, extras, classes, filters, dense, rate);
    }

    @Override
    public int[] filters() {
        return filters.clone();
    }
}
