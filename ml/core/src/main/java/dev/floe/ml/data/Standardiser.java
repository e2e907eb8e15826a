package dev.floe.ml.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-channel and per-extra-feature standardisation (zero mean, unit variance) fitted on a training
 * split and applied unchanged to validation, test and prediction inputs. Missing extras (NaN) become 0,
 * i.e. the training mean. Kept with the model so a prediction sees the same scaling.
 */
public record Standardiser(double[] channelMean, double[] channelStd, double[] extraMean, double[] extraStd) {

    /** Fits the statistics on {@code train}. */
    public static Standardiser fit(ImageSamples train) {
        int c = train.channels();
        int area = train.height() * train.width();
        double[] sum = new double[c];
        double[] sq = new double[c];
        for (float[] p : train.pixels()) {
            for (int ch = 0; ch < c; ch++) {
                for (int k = ch * area; k < (ch + 1) * area; k++) {
                    sum[ch] += p[k];
                    sq[ch] += (double) p[k] * p[k];
                }
            }
        }
        double n = (double) train.size() * area;
        double[] mean = new double[c];
        double[] std = new double[c];
        for (int ch = 0; ch < c; ch++) {
            mean[ch] = sum[ch] / n;
            std[ch] = safeStd(sq[ch] / n - mean[ch] * mean[ch]);
        }
        int e = train.extraCount();
        double[] em = new double[e];
        double[] es = new double[e];
        for (int j = 0; j < e; j++) {
            double s = 0;
            double s2 = 0;
            int count = 0;
            for (float[] x : train.extras()) {
                if (!Float.isNaN(x[j])) {
                    s += x[j];
                    s2 += (double) x[j] * x[j];
                    count++;
                }
            }
            em[j] = count == 0 ? 0 : s / count;
            es[j] = count == 0 ? 1 : safeStd(s2 / count - em[j] * em[j]);
        }
        return new Standardiser(mean, std, em, es);
    }

    private static double safeStd(double variance) {
        double s = Math.sqrt(Math.max(variance, 0));
        return s < 1e-9 ? 1 : s;
    }

    /** The standardised inputs (images, and extras when there are any) and one-hot labels of {@code idx}. */
    public MultiDataSet batch(ImageSamples samples, int[] idx) {
        INDArray[] features = inputs(samples, idx);
        float[][] oneHot = new float[idx.length][samples.classes().size()];
        for (int k = 0; k < idx.length; k++) {
            oneHot[k][samples.labels()[idx[k]]] = 1f;
        }
        return new MultiDataSet(features, new INDArray[] {Nd4j.create(oneHot)});
    }

    /** The standardised network inputs of {@code idx}: images [n, c, h, w], then extras [n, e] if any. */
    public INDArray[] inputs(ImageSamples samples, int[] idx) {
        int c = samples.channels();
        int area = samples.height() * samples.width();
        float[] flat = new float[idx.length * c * area];
        for (int k = 0; k < idx.length; k++) {
            System.arraycopy(samples.pixels()[idx[k]], 0, flat, k * c * area, c * area);
        }
        normalise(flat, idx.length, c, area);
        float[][] extras = null;
        if (samples.extraCount() > 0) {
            extras = new float[idx.length][];
            for (int k = 0; k < idx.length; k++) {
                extras[k] = samples.extras()[idx[k]];
            }
        }
        return inputs(flat, idx.length, c, samples.height(), samples.width(), extras);
    }

    /**
     * Standardises {@code rows} images of {@code channels} x {@code area} values, flat and channel first, in place: each
     * value minus its channel's mean, over its standard deviation, in float arithmetic as in training.
     */
    public void normalise(float[] flat, int rows, int channels, int area) {
        for (int k = 0; k < rows; k++) {
            int off = k * channels * area;
            for (int ch = 0; ch < channels; ch++) {
                float m = (float) channelMean[ch];
                float s = (float) channelStd[ch];
                for (int q = off + ch * area; q < off + (ch + 1) * area; q++) {
                    flat[q] = (flat[q] - m) / s;
                }
            }
        }
    }

    /**
     * The network inputs of {@code rows} images already standardised ({@link #normalise}), {@code flat} becoming the
     * images' array [rows, c, h, w] as it is, and of their raw extras (null: the network takes none), standardised here.
     */
    public INDArray[] inputs(float[] flat, int rows, int c, int h, int w, float[][] extras) {
        INDArray images = Nd4j.create(flat, new long[] {rows, c, h, w}, 'c');
        if (extras == null) {
            return new INDArray[] {images};
        }
        float[][] ex = new float[rows][];
        for (int k = 0; k < rows; k++) {
            float[] x = extras[k];
            ex[k] = new float[x.length];
            for (int j = 0; j < x.length; j++) {
                ex[k][j] = Float.isNaN(x[j]) ? 0f : (float) ((x[j] - extraMean[j]) / extraStd[j]);
            }
        }
        return new INDArray[] {images, Nd4j.create(ex)};
    }
}
