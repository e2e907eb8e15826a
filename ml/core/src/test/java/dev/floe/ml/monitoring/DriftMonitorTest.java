package dev.floe.ml.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {

    private static final List<String> FEATURES = List.of("f0", "f1", "f2", "f3", "f4", "nodata");
    private static final List<String> CLASSES = List.of("a", "b", "c");
    private static final int WINDOW = 500;

    private static ReferenceProfile profile;
    private static DriftMonitor monitor;
    private static long calibrationMillis;

    /**
     * Seeded rows: f0 ~ N(0, 1), f1 ~ N(10, 2), f2 ~ N(-3, 0.5), f3 ~ N(0, 1), f4 ~ U(0, 1), a no-data fraction that is
     * always 0; the "model" is a softmax of f0, (f2 + 3) / 0.5 and f3 / 2, so it ignores f1 and f4.
     */
    private record Rows(Random random) {

        double[] features() {
            return new double[] {random.nextGaussian(), 10 + 2 * random.nextGaussian(), -3 + 0.5 * random.nextGaussian(),
                    random.nextGaussian(), random.nextDouble(), 0};
        }

        static float[] probabilities(double[] f) {
            double[] logits = {f[0], (f[2] + 3) / 0.5, f[3] / 2};
            double sum = 0;
            for (double l : logits) {
                sum += Math.exp(l);
            }
            float[] p = new float[logits.length];
            for (int k = 0; k < p.length; k++) {
                p[k] = (float) (Math.exp(logits[k]) / sum);
            }
            return p;
        }

        int label(double[] f) {
            float[] p = probabilities(f);
            double u = random.nextDouble();
            return u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
        }
    }

    @BeforeAll
    static void profileAndMonitor() {
        profile = profile(3000);
        long start = System.nanoTime();
        monitor = new DriftMonitor(profile, WINDOW, 5);
        calibrationMillis = (System.nanoTime() - start) / 1_000_000;
    }

    private static ReferenceProfile profile(int validationRows) {
        Rows rows = new Rows(new Random(11));
        ReferenceProfile.Builder b = ReferenceProfile.builder(FEATURES, CLASSES, 11);
        for (int i = 0; i < 5000; i++) {
            double[] f = rows.features();
            b.training(f, rows.label(f));
        }
        for (int i = 0; i < validationRows; i++) {
            double[] f = rows.features();
            b.validation(f, Rows.probabilities(f));
        }
        return b.build();
    }

    /** A window of fresh rows, each changed by {@code shift} before the model sees it. */
    private static DriftReport window(Rows rows, UnaryOperator<double[]> shift) {
        List<double[]> features = new ArrayList<>(WINDOW);
        List<float[]> probabilities = new ArrayList<>(WINDOW);
        for (int i = 0; i < WINDOW; i++) {
            double[] f = shift.apply(rows.features());
            features.add(f);
            probabilities.add(Rows.probabilities(f));
        }
        return monitor.check(features, probabilities);
    }

    @Test
    void windowsFromTheReferenceDistributionRarelyAlarm() {
        Rows rows = new Rows(new Random(99));
        int alarms = 0;
        int textbookAlarms = 0;
        long start = System.nanoTime();
        for (int w = 0; w < 200; w++) {
            DriftReport r = window(rows, f -> f);
            alarms += r.drifted() ? 1 : 0;
            textbookAlarms += r.tests().stream().anyMatch(DriftReport.Test::textbookDrifted) ? 1 : 0;
        }
        long perWindowMicros = (System.nanoTime() - start) / 1000 / 200;
        System.out.printf("in distribution: %d of 200 windows alarm, %d by the textbook rules; calibration %d ms,"
                + " %d us per window (with drawing the rows)%n", alarms, textbookAlarms, calibrationMillis,
                perWindowMicros);
        assertTrue(alarms <= 2, alarms + " of 200 in-distribution windows alarmed");
    }

    @Test
    void aShiftOfHalfAStandardDeviationInOneFeatureAlarmsAndNamesIt() {
        Rows rows = new Rows(new Random(123));
        for (int w = 0; w < 5; w++) {
            DriftReport r = window(rows, f -> {
                f[1] += 1.0; // f1 has sd 2; the model ignores it
                return f;
            });
            assertTrue(r.drifted());
            assertEquals(List.of("f1"), r.driftedFeatures());
            DriftReport.Test ks = test(r, "ks", "f1");
            assertTrue(ks.drifted() && ks.textbookDrifted() && ks.pValue() < 0.05, ks.toString());
            DriftReport.Test psi = test(r, "psi", "f1");
            assertTrue(psi.value() > 0.1 && psi.textbookDrifted(), psi.toString());
        }
    }

    @Test
    void textbookFlagsFollowTheFixedRules() {
        DriftReport r = window(new Rows(new Random(7)), f -> {
            f[2] += 0.25;
            return f;
        });
        assertEquals(6 * 4 + 1 + 3, r.tests().size());
        for (DriftReport.Test t : r.tests()) {
            switch (t.statistic()) {
                case "ks", "bbsd", "chi2" -> {
                    assertNotNull(t.pValue(), t.toString());
                    assertEquals(t.pValue() < 0.05, t.textbookDrifted(), t.toString());
                }
                case "psi" -> {
                    assertNull(t.pValue());
                    assertEquals(t.value() > 0.1, t.textbookDrifted(), t.toString());
                }
                default -> {
                    assertNull(t.pValue());
                    assertFalse(t.textbookDrifted(), t.toString());
                }
            }
            assertEquals(t.value() > t.threshold(), t.drifted(), t.toString());
        }
        // the model reads f2: half a standard deviation moves the inputs and the outputs
        assertTrue(r.driftedFeatures().contains("f2"), r.driftedFeatures().toString());
        assertTrue(r.driftedFeatures().contains("p(b)"), r.driftedFeatures().toString());
    }

    @Test
    void aConstantFeatureAlarmsOnAnyChangeButNotOnRoundingNoise() {
        DriftReport noise = window(new Rows(new Random(31)), f -> {
            f[5] = 1e-15;
            return f;
        });
        assertFalse(noise.driftedFeatures().contains("nodata"), noise.toString());
        assertEquals(0, test(noise, "ks", "nodata").value());
        int[] row = {0};
        DriftReport one = window(new Rows(new Random(31)), f -> {
            f[5] = row[0]++ == 0 ? 0.004 : 0;
            return f;
        });
        assertTrue(one.driftedFeatures().contains("nodata"), one.toString());
        assertEquals(1.0 / WINDOW, test(one, "ks", "nodata").value(), 1e-15);
    }

    @Test
    void aChangeInTheModelsOutputsAlone() {
        Rows rows = new Rows(new Random(41));
        List<double[]> features = new ArrayList<>();
        List<float[]> probabilities = new ArrayList<>();
        for (int i = 0; i < WINDOW; i++) {
            double[] f = rows.features();
            float[] p = Rows.probabilities(f);
            features.add(f);
            probabilities.add(new float[] {p[0] + p[1] / 2, p[1] / 2, p[2]}); // a model that leans from "b" to "a"
        }
        DriftReport r = monitor.check(features, probabilities);
        assertTrue(r.driftedFeatures().containsAll(List.of("p(a)", "p(b)")), r.driftedFeatures().toString());
        assertTrue(r.driftedFeatures().contains("predicted class"), r.driftedFeatures().toString());
        assertTrue(r.driftedFeatures().stream().noneMatch(FEATURES::contains), r.driftedFeatures().toString());
    }

    @Test
    void aSmallValidationSplitStillMonitorsTheInputs() {
        ReferenceProfile small = profile(20);
        DriftMonitor m = new DriftMonitor(small, 50, 3);
        Rows rows = new Rows(new Random(5));
        List<double[]> features = new ArrayList<>();
        List<float[]> probabilities = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            double[] f = rows.features();
            f[4] += 1; // f4 ~ U(1, 2): outside every value of the reference
            features.add(f);
            probabilities.add(Rows.probabilities(f));
        }
        DriftReport r = m.check(features, probabilities);
        assertEquals(6 * 4, r.tests().size());
        assertEquals(List.of("f4"), r.driftedFeatures());
    }

    @Test
    void calibratesInAFewSeconds() {
        assertTrue(calibrationMillis < 5000, calibrationMillis + " ms");
        Rows rows = new Rows(new Random(3));
        List<double[]> features = new ArrayList<>();
        List<float[]> probabilities = new ArrayList<>();
        for (int i = 0; i < WINDOW; i++) {
            features.add(rows.features());
            probabilities.add(Rows.probabilities(features.get(i)));
        }
        monitor.check(features, probabilities);
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            monitor.check(features, probabilities);
        }
        long micros = (System.nanoTime() - start) / 1000 / 20;
        assertTrue(micros < 50_000, micros + " us per check");
    }

    @Test
    void refusesAWindowOfAnotherSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> monitor.check(List.of(new double[6]), List.of(new float[3])));
        assertEquals("a window of 500 rows, not 1 feature rows and 1 probability rows", e.getMessage());
    }

    private static DriftReport.Test test(DriftReport r, String statistic, String feature) {
        return r.tests().stream().filter(t -> t.statistic().equals(statistic) && t.feature().equals(feature))
                .findFirst().orElseThrow();
    }
}
