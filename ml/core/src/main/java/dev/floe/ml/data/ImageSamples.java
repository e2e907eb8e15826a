package dev.floe.ml.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.floe.ml.MlDataException;

/**
 * Labelled image samples, the unit the CNNs train on: per sample an id, a channels x height x width
 * float raster (row-major, channel first), optional scalar extras (NaN = missing, imputed at
 * standardisation) and a class index into {@link #classes}. Arrays are shared, not copied: treat them as
 * read-only.
 */
public record ImageSamples(List<String> ids, List<String> classes, int channels, int height, int width,
                           int extraCount, float[][] pixels, float[][] extras, int[] labels) {

    public ImageSamples {
        int n = ids.size();
        if (pixels.length != n || extras.length != n || labels.length != n) {
            throw new IllegalArgumentException("ids, pixels, extras and labels differ in length");
        }
        int size = channels * height * width;
        for (int i = 0; i < n; i++) {
            if (pixels[i].length != size) {
                throw new MlDataException("sample " + ids.get(i) + ": " + pixels[i].length + " pixel values, expected "
                        + channels + "x" + height + "x" + width + " = " + size);
            }
            if (extras[i].length != extraCount) {
                throw new MlDataException("sample " + ids.get(i) + ": " + extras[i].length + " extra features, expected " + extraCount);
            }
            if (labels[i] < 0 || labels[i] >= classes.size()) {
                throw new MlDataException("sample " + ids.get(i) + ": label index " + labels[i] + " outside " + classes);
            }
            for (int p = 0; p < size; p++) {
                if (!Float.isFinite(pixels[i][p])) {
                    throw new MlDataException("sample " + ids.get(i) + ": pixel " + p + " (channel " + p / (height * width)
                            + ", row " + p % (height * width) / width + ", column " + p % width + ") is " + pixels[i][p]);
                }
            }
        }
    }

    public int size() {
        return ids.size();
    }

    /** The samples at {@code indices}, in that order. */
    public ImageSamples subset(int[] indices) {
        List<String> i2 = new ArrayList<>(indices.length);
        float[][] p2 = new float[indices.length][];
        float[][] e2 = new float[indices.length][];
        int[] l2 = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            i2.add(ids.get(indices[k]));
            p2[k] = pixels[indices[k]];
            e2[k] = extras[indices[k]];
            l2[k] = labels[indices[k]];
        }
        return new ImageSamples(i2, classes, channels, height, width, extraCount, p2, e2, l2);
    }

    /** The samples whose id names the Sentinel-2 tile (such as {@code 33TWM}), for spatially disjoint splits. */
    public ImageSamples inTile(String tile) {
        return subset(java.util.stream.IntStream.range(0, size()).filter(i -> ids.get(i).contains("_" + tile + "_")).toArray());
    }

    /** The samples of every part, in order; the parts share classes, channels, patch size and extras. */
    public static ImageSamples concat(List<ImageSamples> parts) {
        List<String> ids = new ArrayList<>();
        List<float[]> px = new ArrayList<>();
        List<float[]> ex = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (ImageSamples p : parts) {
            for (int i = 0; i < p.size(); i++) {
                ids.add(p.ids().get(i));
                px.add(p.pixels()[i]);
                ex.add(p.extras()[i]);
                labels.add(p.labels()[i]);
            }
        }
        ImageSamples f = parts.get(0);
        return new ImageSamples(ids, f.classes(), f.channels(), f.height(), f.width(), f.extraCount(), px.toArray(float[][]::new),
                ex.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Samples per class, in {@link #classes} order. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        Arrays.stream(labels).forEach(l -> counts[l]++);
        return counts;
    }
}
