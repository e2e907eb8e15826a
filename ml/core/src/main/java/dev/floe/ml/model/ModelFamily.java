package dev.floe.ml.model;

import dev.floe.ml.MlDataException;
import dev.floe.ml.data.ImageSamples;

/**
 * The model families {@code floe train --model} knows, each with how it turns a training set's samples
 * into its inputs and its default size.
 */
public enum ModelFamily {

    /**
     * Ship or iceberg: rasters of HH and HV (2 x side x side, dB) get the seed's band_avg as a third channel;
     * the set's numeric features (the incidence angle) are the extra input.
     */
    SAR_CNN("sar-cnn", new int[] {16, 32, 64}, 64),
    /** Sentinel-2 land cover: rasters of B02, B03, B04, B08 reflectances; features are not used. */
    S2_CNN("s2-cnn", new int[] {16, 32}, 32);

    private final String id;
    private final int[] defaultFilters;
    private final int defaultDense;

    ModelFamily(String id, int[] defaultFilters, int defaultDense) {
        this.id = id;
        this.defaultFilters = defaultFilters;
        this.defaultDense = defaultDense;
    }

    public String id() {
        return id;
    }

    public int[] defaultFilters() {
        return defaultFilters.clone();
    }

    public int defaultDense() {
        return defaultDense;
    }

    public static ModelFamily of(String id) {
        for (ModelFamily f : values()) {
            if (f.id.equals(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown model " + id + " (sar-cnn, s2-cnn)");
    }

    /**
     * The names of the channels of the raster a client sends (and a training set holds), in order: before {@link
     * #adapt}, which may derive more.
     */
    public java.util.List<String> channelNames() {
        return switch (this) {
            case SAR_CNN -> java.util.List.of("HH", "HV");
            case S2_CNN -> java.util.List.of("B02", "B03", "B04", "B08");
        };
    }

    /**
     * The pixel value that means "no data" in this family's rasters, or NaN when every value is a measurement:
     * {@code floe s2patches} leaves 0 where a band or the scene classification has no data; SAR backscatter in dB has
     * no such value.
     */
    public double noDataValue() {
        return this == S2_CNN ? 0.0 : Double.NaN;
    }

    /** The samples as this family's network sees them. */
    public ImageSamples adapt(ImageSamples s) {
        return switch (this) {
            case SAR_CNN -> withBandAvg(s);
            case S2_CNN -> withoutExtras(s);
        };
    }

    /** The number of channels the network sees for a raster of {@code channels}: the SAR model adds the band average. */
    public int networkChannels(int channels) {
        return this == SAR_CNN ? channels + 1 : channels;
    }

    /** Whether the network takes the samples' extra inputs (the SAR model's incidence angle); the S2 model does not. */
    public boolean usesExtras() {
        return this == SAR_CNN;
    }

    /**
     * Writes one raw patch ({@code raw}: channel first, {@code area} values a channel) as the network sees it into
     * {@code out} from {@code offset}, exactly as {@link #adapt} does: the serving path builds its batch this way, with
     * no intermediate samples.
     */
    public void adapt(float[] raw, int area, float[] out, int offset) {
        switch (this) {
            case SAR_CNN -> {
                System.arraycopy(raw, 0, out, offset, 2 * area);
                for (int k = 0; k < area; k++) {
                    out[offset + 2 * area + k] = (raw[k] + raw[area + k]) / 2f;
                }
            }
            case S2_CNN -> System.arraycopy(raw, 0, out, offset, raw.length);
        }
    }

    /** The network for adapted samples. */
    public CnnSpec spec(ImageSamples adapted, int[] filters, int dense, double learningRate) {
        return new CnnSpec(id, adapted.channels(), adapted.height(), adapted.width(), adapted.extraCount(),
                adapted.classes().size(), filters, dense, learningRate);
    }

    private static ImageSamples withBandAvg(ImageSamples s) {
        if (s.channels() != 2) {
            throw new MlDataException("sar-cnn needs rasters of 2 bands (HH, HV), the training set has " + s.channels());
        }
        int area = s.height() * s.width();
        float[][] pixels = new float[s.size()][];
        for (int i = 0; i < s.size(); i++) {
            float[] q = new float[3 * area];
            SAR_CNN.adapt(s.pixels()[i], area, q, 0);
            pixels[i] = q;
        }
        return new ImageSamples(s.ids(), s.classes(), 3, s.height(), s.width(), s.extraCount(), pixels, s.extras(), s.labels());
    }

    private static ImageSamples withoutExtras(ImageSamples s) {
        float[][] none = new float[s.size()][0];
        return new ImageSamples(s.ids(), s.classes(), s.channels(), s.height(), s.width(), 0, s.pixels(), none, s.labels());
    }
}
