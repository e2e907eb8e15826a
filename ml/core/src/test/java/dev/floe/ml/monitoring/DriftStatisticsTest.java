package dev.floe.ml.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class DriftStatisticsTest {

    @Test
    void ksIsTheLargestGapBetweenTheEmpiricalDistributions() {
        double[] a = {1, 2, 3};
        double[] b = {2, 3, 4, 5};
        // by hand: at 1: 1/3 - 0, at 2: 2/3 - 1/4, at 3: 1 - 2/4 = 1/2, at 4: 1 - 3/4, at 5: 0
        assertEquals(0.5, DriftStatistics.ks(a, b), 1e-15);
        assertEquals(bruteForceKs(a, b), DriftStatistics.ks(a, b), 1e-15);
        double[] c = {-1.5, 0, 0, 0.25, 7};
        double[] d = {-2, 0, 0.25, 0.25, 3, 8, 9};
        assertEquals(bruteForceKs(c, d), DriftStatistics.ks(c, d), 1e-15);
        assertEquals(bruteForceKs(d, c), DriftStatistics.ks(d, c), 1e-15);
    }

    @Test
    void smallSamplesHaveTheExactPermutationPValue() {
        double[] x = {0.1, 0.4, 0.7};
        double[] y = {0.2, 0.5, 0.8, 0.9};
        double d = DriftStatistics.ks(x, y);
        assertEquals(0.5, d, 1e-15);
        // every way of choosing which 3 of the 7 pooled values are x: the share at distance d or more
        double[] pooled = {0.1, 0.2, 0.4, 0.5, 0.7, 0.8, 0.9};
        int atLeast = 0;
        int all = 0;
        for (int i = 0; i < 7; i++) {
            for (int j = i + 1; j < 7; j++) {
                for (int k = j + 1; k < 7; k++) {
                    double[] xs = {pooled[i], pooled[j], pooled[k]};
                    double[] ys = new double[4];
                    int n = 0;
                    for (int q = 0; q < 7; q++) {
                        if (q != i && q != j && q != k) {
                            ys[n++] = pooled[q];
                        }
                    }
                    all++;
                    if (bruteForceKs(xs, ys) >= d - 1e-12) {
                        atLeast++;
                    }
                }
            }
        }
        assertEquals(35, all);
        assertEquals((double) atLeast / all, DriftStatistics.ksPValue(d, 3, 4), 1e-9);
    }

    @Test
    void largeSamplesHaveKolmogorovsAsymptoticPValue() {
        // lambda = D sqrt(n m / (n + m)) = 0.1 sqrt(500 * 2000 / 2500) = 2; Q(lambda) = 2 sum (-1)^(k-1) e^(-2 k^2 lambda^2)
        double lambda = 2;
        double q = 0;
        for (int k = 1; k <= 100; k++) {
            q += 2 * (k % 2 == 1 ? 1 : -1) * Math.exp(-2.0 * k * k * lambda * lambda);
        }
        assertEquals(6.709e-4, q, 1e-6);
        assertEquals(q, DriftStatistics.ksPValue(0.1, 500, 2000), 1e-9);
    }

    @Test
    void wassersteinIsTheAreaBetweenTheDistributionFunctions() {
        double[] a = {0, 1, 3};
        double[] b = {0.5, 2, 2, 6};
        // by hand: |F - G| is 1/3, 1/12, 5/12, 1/12, 1/4 on [0, .5), [.5, 1), [1, 2), [2, 3), [3, 6): 35/24 in all
        assertEquals(35.0 / 24, DriftStatistics.wasserstein(a, b), 1e-12);
        assertEquals(integralOfCdfGap(a, b), DriftStatistics.wasserstein(a, b), 1e-12);
        double[] c = {-3, -1, -1, 0.5, 2, 2.25, 10};
        double[] d = {-2, 0, 4, 4.5, 5};
        assertEquals(integralOfCdfGap(c, d), DriftStatistics.wasserstein(c, d), 1e-12);
        assertEquals(2, DriftStatistics.wasserstein(new double[] {0, 1}, new double[] {2, 3}), 1e-15);
        assertEquals(0, DriftStatistics.wasserstein(c, c), 0);
    }

    @Test
    void jensenShannonIsInBitsBetweenZeroAndOne() {
        long[] p = {10, 20, 30, 40};
        long[] q = {40, 30, 20, 10};
        assertEquals(entropyFormJs(p, q), DriftStatistics.jensenShannon(p, q), 1e-12);
        long[] emptyA = {0, 5, 5};
        long[] emptyB = {5, 5, 0};
        // by hand: M = (1/4, 1/2, 1/4); each side: 1/2 log2(1/2 / 1/4) + 1/2 log2(1/2 / 1/2) = 1/2
        assertEquals(0.5, DriftStatistics.jensenShannon(emptyA, emptyB), 1e-15);
        assertEquals(entropyFormJs(emptyA, emptyB), DriftStatistics.jensenShannon(emptyA, emptyB), 1e-12);
        assertEquals(1, DriftStatistics.jensenShannon(new long[] {3, 0}, new long[] {0, 7}), 1e-15);
        assertEquals(0, DriftStatistics.jensenShannon(p, new long[] {1, 2, 3, 4}), 0);
    }

    @Test
    void psiSumsTheWeightedLogRatiosOfTheBins() {
        // by hand: (.3 - .5) ln(.3/.5) + 0 + (.4 - .2) ln(.4/.2) = .2 ln(10/3)
        assertEquals(0.2 * Math.log(10.0 / 3), DriftStatistics.psi(new long[] {50, 30, 20}, new long[] {30, 30, 40}),
                1e-12);
        assertEquals(0.24079456, DriftStatistics.psi(new long[] {50, 30, 20}, new long[] {30, 30, 40}), 1e-8);
    }

    @Test
    void psiCountsAnEmptyBinAsTheEpsilon() {
        // expected .5, .5, 0 -> 1e-4; actual .5, .4, .1: -.1 ln(.8) + (.1 - 1e-4) ln(.1 / 1e-4)
        assertEquals(-0.1 * Math.log(0.8) + (0.1 - 1e-4) * Math.log(1000),
                DriftStatistics.psi(new long[] {50, 50, 0}, new long[] {50, 40, 10}), 1e-12);
    }

    @Test
    void chiSquareComparesTheCountsWithTheSmoothedReferenceProportions() {
        long[] reference = {100, 100, 200};
        long[] observed = {30, 20, 50};
        DriftStatistics.ChiSquare chi = DriftStatistics.chiSquare(reference, observed);
        double chi2 = 0;
        for (int k = 0; k < 3; k++) {
            double e = 100 * (reference[k] + 0.5) / (400 + 1.5);
            chi2 += (observed[k] - e) * (observed[k] - e) / e;
        }
        // without the pseudo-counts: expected 25, 25, 50 and 25/25 + 25/25 + 0 = 2
        assertEquals(2, chi2, 0.01);
        assertEquals(chi2, chi.statistic(), 1e-12);
        // two degrees of freedom: P(X > x) = e^(-x/2)
        assertEquals(Math.exp(-chi2 / 2), chi.pValue(), 1e-9);
        assertEquals(3, chi.cells());
    }

    @Test
    void chiSquarePoolsRareClassesIntoOneCellThatStillCounts() {
        // the third and fourth classes are expected 100 * 1.5 / 2003 and 100 * 0.5 / 2003 times: pooled into one cell of
        // 0.0999 expected and 5 observed, which is kept, so the five predictions of a class hardly ever seen stand out
        DriftStatistics.ChiSquare chi = DriftStatistics.chiSquare(new long[] {1000, 1000, 1, 0}, new long[] {50, 45, 5, 0});
        double e1 = 100 * 1000.5 / 2003;
        double e2 = 100 * 1000.5 / 2003;
        double e34 = 100 * (1.5 + 0.5) / 2003;
        double chi2 = (50 - e1) * (50 - e1) / e1 + (45 - e2) * (45 - e2) / e2 + (5 - e34) * (5 - e34) / e34;
        assertEquals(3, chi.cells());
        assertEquals(chi2, chi.statistic(), 1e-9);
        assertTrue(chi.statistic() > 240, "dominated by the rare cell: " + chi.statistic());
        // two degrees of freedom: P(X > x) = e^(-x/2)
        assertEquals(Math.exp(-chi2 / 2), chi.pValue(), 1e-12);
    }

    @Test
    void chiSquareOfASingleCellTestsNothing() {
        assertEquals(new DriftStatistics.ChiSquare(0, 1, 1), DriftStatistics.chiSquare(new long[] {1000, 0},
                new long[] {3, 0}));
    }

    /** KS D by evaluating both empirical distribution functions at every point of either sample. */
    private static double bruteForceKs(double[] a, double[] b) {
        double d = 0;
        for (double[] sample : new double[][] {a, b}) {
            for (double x : sample) {
                d = Math.max(d, Math.abs(cdf(a, x) - cdf(b, x)));
            }
        }
        return d;
    }

    /** W1 as the integral of |F - G| between consecutive points of the pooled samples. */
    private static double integralOfCdfGap(double[] a, double[] b) {
        double[] pooled = new double[a.length + b.length];
        System.arraycopy(a, 0, pooled, 0, a.length);
        System.arraycopy(b, 0, pooled, a.length, b.length);
        Arrays.sort(pooled);
        double area = 0;
        for (int i = 0; i + 1 < pooled.length; i++) {
            area += Math.abs(cdf(a, pooled[i]) - cdf(b, pooled[i])) * (pooled[i + 1] - pooled[i]);
        }
        return area;
    }

    private static double cdf(double[] sample, double x) {
        int n = 0;
        for (double v : sample) {
            if (v <= x) {
                n++;
            }
        }
        return (double) n / sample.length;
    }

    /** JS as the entropy of the mixture less the mean entropy, with natural logs divided by ln 2. */
    private static double entropyFormJs(long[] a, long[] b) {
        double[] p = normalise(a);
        double[] q = normalise(b);
        double[] m = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            m[k] = (p[k] + q[k]) / 2;
        }
        return (entropy(m) - (entropy(p) + entropy(q)) / 2) / Math.log(2);
    }

    private static double entropy(double[] p) {
        double h = 0;
        for (double v : p) {
            h -= v > 0 ? v * Math.log(v) : 0;
        }
        return h;
    }

    private static double[] normalise(long[] counts) {
        double total = Arrays.stream(counts).sum();
        return Arrays.stream(counts).mapToDouble(c -> c / total).toArray();
    }
}
