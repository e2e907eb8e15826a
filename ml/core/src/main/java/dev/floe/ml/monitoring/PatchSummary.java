package dev.floe.ml.monitoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The summary features of one model input row that monitoring compares with training: for each raster channel the
 * mean, population standard deviation, 5th and 95th percentiles of its valid pixels and the fraction of no-data
 * pixels, then each extra input (e.g. the incidence angle) as it is. The same features are computed from the training
 * split (the reference profile) and from every served row (the inference log), so one definition serves both.
 *
 * <p>Percentiles interpolate linearly between order statistics (position {@code q (n - 1)} of the sorted values, as
 * numpy's default and R's type 7 do). Statistics are over the valid pixels; a channel with none has 0 for each and
 * a no-data fraction of 1.
 */
public final class PatchSummary {

    /** The statistics of each channel, in the order of the feature vector. */
    public static final List<String> CHANNEL_STATISTICS = List.of("mean", "std", "p5", "p95", "nodata");

    private final List<String> channels;
    private final List<String> extras;
    private final int area;
    private final double noData;

    /**
     * Summaries of rows of {@code channels} rasters of {@code area} pixels each and the given extra inputs; {@code
     * noData} is the pixel value meaning "no data" (NaN: none).
     */
    public PatchSummary(List<String> channels, int area, List<String> extras, double noData) {
        this.channels = List.copyOf(channels);
        this.extras = List.copyOf(extras);
        this.area = area;
        this.noData = noData;
    }

    /**
     * The summaries of the rasters a model of {@code family} takes ({@code channels} of {@code area} pixels; channels
     * named by the family when it knows that many, else {@code channel1, channel2, ...}) and of its extra inputs.
     */
    public static PatchSummary forModel(dev.floe.ml.model.ModelFamily family, int channels, int area, List<String> extras) {
        List<String> names = family.channelNames();
        if (names.size() != channels) {
            names = new ArrayList<>();
            for (int c = 1; c <= channels; c++) {
                names.add("channel" + c);
            }
        }
        return new PatchSummary(names, area, extras, family.noDataValue());
    }

    /** The summaries of the inputs {@code version} takes. */
    public static PatchSummary of(dev.floe.ml.registry.ModelVersion version) {
        return forModel(dev.floe.ml.model.ModelFamily.of(version.architecture()), version.channels(),
                version.height() * version.width(), version.extras());
    }

    /** The names of the raster channels, in order. */
    public List<String> channels() {
        return channels;
    }

    /** The names of the extra inputs, in order. */
    public List<String> extras() {
        return extras;
    }

    /** The names of the features, e.g. {@code B04.p95}, {@code B08.nodata}, {@code inc_angle}. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (String c : channels) {
            for (String s : CHANNEL_STATISTICS) {
                names.add(c + "." + s);
            }
        }
        names.addAll(extras);
        return names;
    }

    /** The number of features. */
    public int size() {
        return channels.size() * CHANNEL_STATISTICS.size() + extras.size();
    }

    /**
     * The features of one row: {@code pixels} holds the row's channels one after the other (channel-major, {@code
     * channels x area} values, raw, before the model's normalisation), {@code extraValues} its extra inputs.
     */
    public double[] of(float[] pixels, float[] extraValues) {
        if (pixels.length != channels.size() * area) {
            throw new IllegalArgumentException("a row of " + channels.size() + " channels of " + area + " pixels has "
                    + channels.size() * area + " values, not " + pixels.length);
        }
        double[] out = new double[size()];
        float[] valid = new float[area];
        int f = 0;
        for (int c = 0; c < channels.size(); c++) {
            int n = 0;
            double sum = 0;
            for (int k = c * area; k < (c + 1) * area; k++) {
                float v = pixels[k];
                if (v == noData || Float.isNaN(v)) {
                    continue;
                }
                valid[n++] = v;
                sum += v;
            }
            if (n == 0) {
                out[f + 4] = 1;
                f += CHANNEL_STATISTICS.size();
                continue;
            }
            double mean = sum / n;
            double squares = 0;
            for (int k = 0; k < n; k++) {
                double d = valid[k] - mean;
                squares += d * d;
            }
            Arrays.sort(valid, 0, n);
            out[f] = mean;
            out[f + 1] = Math.sqrt(squares / n);
            out[f + 2] = percentile(valid, n, 0.05);
            out[f + 3] = percentile(valid, n, 0.95);
            out[f + 4] = (double) (area - n) / area;
            f += CHANNEL_STATISTICS.size();
        }
        for (int e = 0; e < extras.size(); e++) {
            out[f + e] = extraValues[e];
        }
        return out;
    }

    private static double percentile(float[] sorted, int n, double q) {
        double pos = q * (n - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, n - 1);
        return sorted[lo] + (pos - lo) * ((double) sorted[hi] - sorted[lo]);
    }
}
