package dev.floe.ml.monitoring;

import java.util.Arrays;

/**
 * Counts of values on fixed bins: {@code k} increasing edges cut the line into {@code k + 1} bins, {@code (-inf, e0]},
 * {@code (e0, e1]}, ..., {@code (e(k-1), +inf)}. The first and last bins are open so that a value outside everything
 * seen in training still lands in a bin (and shows as a shift there) instead of being dropped. Bins are closed on the
 * right so that a constant feature (one edge, its value) keeps all its values in the first bin.
 *
 * <p>Immutable (the arrays are copied in and out); serialised by Jackson as {@code {"edges": [...], "counts": [...]}}.
 */
public record Histogram(double[] edges, long[] counts) {

    /** The quantiles the reference histograms cut at: the deciles. */
    static final double[] DECILES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

    public Histogram {
        edges = edges.clone();
        counts = counts.clone();
        if (counts.length != edges.length + 1) {
            throw new IllegalArgumentException(edges.length + " edges make " + (edges.length + 1) + " bins, not "
                    + counts.length);
        }
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i]) || i > 0 && edges[i] <= edges[i - 1]) {
                throw new IllegalArgumentException("the edges must be finite and increasing: " + Arrays.toString(edges));
            }
        }
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("a negative count: " + Arrays.toString(counts));
            }
        }
    }

    /**
     * The histogram of {@code values} on edges at their deciles (interpolated as {@link PatchSummary} interpolates
     * percentiles), equal edges merged: about a tenth of the values in each bin, fewer bins where values repeat.
     */
    public static Histogram ofDeciles(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to cut into deciles");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] edges = new double[DECILES.length];
        int k = 0;
        for (double q : DECILES) {
            double e = quantile(sorted, q);
            if (k == 0 || e > edges[k - 1]) {
                edges[k++] = e;
            }
        }
        return on(Arrays.copyOf(edges, k), values);
    }

    /** The histogram of {@code values} on the given edges. */
    public static Histogram on(double[] edges, double[] values) {
        long[] counts = new long[edges.length + 1];
        for (double v : values) {
            counts[bin(edges, v)]++;
        }
        return new Histogram(edges, counts);
    }

    /** The counts of {@code values} on this histogram's edges. */
    public long[] count(double[] values) {
        long[] out = new long[counts.length];
        for (double v : values) {
            out[bin(edges, v)]++;
        }
        return out;
    }

    /** The bin of {@code value}: the number of edges strictly below it. */
    public int bin(double value) {
        return bin(edges, value);
    }

    /** The number of values counted. */
    public long total() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    @Override
    public double[] edges() {
        return edges.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && Arrays.equals(edges, h.edges) && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(edges) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Histogram[edges=" + Arrays.toString(edges) + ", counts=" + Arrays.toString(counts) + "]";
    }

    private static int bin(double[] edges, double value) {
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Linear interpolation between order statistics at position {@code q (n - 1)} (numpy's default, R type 7). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
