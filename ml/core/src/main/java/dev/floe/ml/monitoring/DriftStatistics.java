package dev.floe.ml.monitoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.apache.commons.math3.random.JDKRandomGenerator;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The two-sample statistics the drift monitor compares a window with its reference by. Pure functions over sorted
 * samples or bin counts, so a caller sorts each sample once and reuses it for several statistics.
 *
 * <p>Stateless; safe to use from several threads.
 */
public final class DriftStatistics {

    /**
     * The proportion an empty bin counts as in {@link #psi}: PSI has a logarithm of each bin's ratio, infinite for an
     * empty bin. 1e-4 is the usual choice; an emptied decile bin (10 % of the reference) then adds
     * {@code 0.1 ln(1000) = 0.69}, clearly a shift but finite, so that one empty bin does not hide the rest.
     */
    public static final double PSI_EMPTY_BIN = 1e-4;

    /**
     * The pseudo-count added to every class of the reference in {@link #chiSquare}, so that a class the reference
     * never predicted still has a positive expected count (Jeffreys' prior, 1/2).
     */
    public static final double CHI_SQUARE_PSEUDO_COUNT = 0.5;

    /** The smallest expected count of a chi-square cell (the textbook rule of 5); smaller cells are merged. */
    public static final double CHI_SQUARE_MIN_EXPECTED = 5;

    /** Below this product of the sample sizes the KS p-value is exact, above it asymptotic (as commons-math does). */
    private static final long KS_EXACT_PRODUCT = 10_000;

    private DriftStatistics() {
    }

    /** The largest distance between the two samples' empirical distribution functions (KS D, in [0, 1]). */
    public static double ks(double[] sortedA, double[] sortedB) {
        int n = sortedA.length;
        int m = sortedB.length;
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < n && j < m) {
            double x = Math.min(sortedA[i], sortedB[j]);
            while (i < n && sortedA[i] <= x) {
                i++;
            }
            while (j < m && sortedB[j] <= x) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / n - (double) j / m));
        }
        return d;
    }

    /**
     * The probability that two samples of sizes {@code n} and {@code m} from one continuous distribution are at KS
     * distance {@code d} or more: exact below 10,000 pairs, else Kolmogorov's asymptotic distribution. Ties make the
     * test conservative (the p-value is too large), never alarmist.
     */
    public static double ksPValue(double d, int n, int m) {
        KolmogorovSmirnovTest test = new KolmogorovSmirnovTest(new JDKRandomGenerator(0));
        double p = (long) n * m < KS_EXACT_PRODUCT ? test.exactP(d, n, m, false) : test.approximateP(d, n, m);
        return Math.min(1, Math.max(0, p));
    }

    /**
     * The Wasserstein-1 (earth mover's) distance between the samples' empirical distributions, in the values' unit:
     * the integral over u in (0, 1) of the distance between their quantile functions.
     */
    public static double wasserstein(double[] sortedA, double[] sortedB) {
        long n = sortedA.length;
        long m = sortedB.length;
        int i = 0;
        int j = 0;
        double u = 0;
        double sum = 0;
        while (i < n && j < m) {
            // the quantile functions step at (i + 1) / n and (j + 1) / m: compare them exactly as (i + 1) m, (j + 1) n
            long stepA = (i + 1) * m;
            long stepB = (j + 1) * n;
            double next = stepA <= stepB ? (double) (i + 1) / n : (double) (j + 1) / m;
            sum += (next - u) * Math.abs(sortedA[i] - sortedB[j]);
            u = next;
            if (stepA <= stepB) {
                i++;
            }
            if (stepB <= stepA) {
                j++;
            }
        }
        return sum;
    }

    /**
     * The Jensen-Shannon divergence between two histograms' proportions, in bits (base 2), so in [0, 1]: the mean
     * Kullback-Leibler divergence of each from their average. Finite for empty bins, without any epsilon.
     */
    public static double jensenShannon(long[] a, long[] b) {
        double[] p = proportions(a);
        double[] q = proportions(b);
        double js = 0;
        for (int k = 0; k < p.length; k++) {
            double mid = (p[k] + q[k]) / 2;
            if (p[k] > 0) {
                js += p[k] * log2(p[k] / mid) / 2;
            }
            if (q[k] > 0) {
                js += q[k] * log2(q[k] / mid) / 2;
            }
        }
        return Math.min(1, Math.max(0, js));
    }

    /**
     * The population stability index of {@code actual} against {@code expected} on the same bins:
     * {@code sum (a - e) ln(a / e)} over the bins' proportions, an empty bin counting as {@link #PSI_EMPTY_BIN}.
     */
    public static double psi(long[] expected, long[] actual) {
        double[] e = proportions(expected);
        double[] a = proportions(actual);
        double psi = 0;
        for (int k = 0; k < e.length; k++) {
            double ek = Math.max(e[k], PSI_EMPTY_BIN);
            double ak = Math.max(a[k], PSI_EMPTY_BIN);
            psi += (ak - ek) * Math.log(ak / ek);
        }
        return psi;
    }

    /** A chi-square goodness-of-fit test: the statistic, its p-value and the number of cells after merging. */
    public record ChiSquare(double statistic, double pValue, int cells) {
    }

    /**
     * Pearson's chi-square test of {@code observed} class counts against the proportions of {@code reference}
     * counts. The reference is smoothed by {@link #CHI_SQUARE_PSEUDO_COUNT} per class, then the classes whose
     * expected count is below {@link #CHI_SQUARE_MIN_EXPECTED} are pooled into one cell, which is kept even when it is
     * still below: a model that starts predicting classes it (almost) never predicted on held-out data is the shift
     * to catch, and pooling those classes into a common one would hide it (measured: a land-cover model that
     * predicted only vegetation on held-out 33TWM patches, then clouds for a fifth of another tile's, was not flagged
     * while the rare classes were merged into vegetation). The p-value of such a cell is approximate; the monitor's
     * calibrated thresholds do not rely on it. With one cell there is nothing to test: statistic 0, p-value 1.
     */
    public static ChiSquare chiSquare(long[] reference, long[] observed) {
        if (reference.length != observed.length) {
            throw new IllegalArgumentException(reference.length + " reference classes, " + observed.length + " observed");
        }
        long m = Arrays.stream(observed).sum();
        double total = Arrays.stream(reference).sum() + CHI_SQUARE_PSEUDO_COUNT * reference.length;
        List<double[]> cells = new ArrayList<>(); // {expected, observed}
        double[] small = {0, 0};
        for (int k = 0; k < reference.length; k++) {
            double e = m * (reference[k] + CHI_SQUARE_PSEUDO_COUNT) / total;
            if (e < CHI_SQUARE_MIN_EXPECTED) {
                small[0] += e;
                small[1] += observed[k];
            } else {
                cells.add(new double[] {e, observed[k]});
            }
        }
        if (small[0] > 0) {
            cells.add(small);
        }
        if (cells.size() < 2 || m == 0) {
            return new ChiSquare(0, 1, cells.size());
        }
        double[] e = new double[cells.size()];
        long[] o = new long[cells.size()];
        for (int k = 0; k < e.length; k++) {
            e[k] = cells.get(k)[0];
            o[k] = (long) cells.get(k)[1];
        }
        ChiSquareTest test = new ChiSquareTest();
        return new ChiSquare(test.chiSquare(e, o), test.chiSquareTest(e, o), e.length);
    }

    /** The counts as proportions of their sum (all 0 for no counts). */
    static double[] proportions(long[] counts) {
        double total = 0;
        for (long c : counts) {
            total += c;
        }
        double[] p = new double[counts.length];
        for (int k = 0; k < counts.length && total > 0; k++) {
            p[k] = counts[k] / total;
        }
        return p;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
