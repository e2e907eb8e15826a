package dev.floe.ml.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.floe.ml.api.Tensor;
import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.data.Standardiser;
import dev.floe.ml.model.ModelFamily;

/**
 * What serving does to one sar-cnn row (2 x 75 x 75 dB values and the incidence angle) between the decoded JSON numbers
 * and the network's input arrays, without the forward pass: the path before issue 18 (the decoder's check and FP32
 * rounding, ModelServer's second check and copy into floats, the raw and the adapted samples' checks, the band average's
 * copy, the standardised copy) against the path now (one conversion into {@link Tensor.Floats}, whose constructor is the
 * one check; the band average and the standardisation written into one buffer), interleaved in one JVM so that both meet
 * the same load. Writes {@code target/benchmark-serving-inputs.md}.
 */
class ServingInputsBenchmark {

    static final int SIDE = 75;
    static final int AREA = SIDE * SIDE;
    static final int WARMUP = 3000;
    static final int SAMPLES = 5000;

    final Standardiser standardiser = new Standardiser(new double[] {-20, -25, -22.5}, new double[] {4, 5, 4.5},
            new double[] {39}, new double[] {3});

    /** The path before: as the decoder, ModelServer and Predictor did it. */
    INDArray[] before(double[] decoded, float angle) {
        double[] data = decoded.clone(); // the decoder's trimmed copy
        for (int i = 0; i < data.length; i++) { // SignatureBinding: finite, FP32 range, rounded in place
            double v = data[i];
            if (!Double.isFinite(v)) {
                throw new IllegalStateException("element " + i);
            }
            float f = (float) v;
            if (Float.isInfinite(f)) {
                throw new IllegalStateException("range " + i);
            }
            data[i] = f;
        }
        float[][] pixels = new float[1][2 * AREA]; // ModelServer.pixels: checked again, copied into floats
        for (int k = 0; k < 2 * AREA; k++) {
            double v = data[k];
            if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
                throw new IllegalStateException("pixel " + k);
            }
            pixels[0][k] = (float) v;
        }
        float[][] extras = {{angle}};
        ImageSamples raw = new ImageSamples(List.of("request"), List.of("iceberg", "ship"), 2, SIDE, SIDE, 1, pixels, extras,
                new int[1]); // checked a third time
        ImageSamples adapted = ModelFamily.SAR_CNN.adapt(raw); // copied with the band average, checked a fourth time
        return standardiser.inputs(adapted, new int[] {0}); // copied, standardised
    }

    /** The path now: one conversion, one check, one buffer. */
    INDArray[] after(double[] decoded, int count, float angle) {
        float[] floats = new float[count]; // Elements.floats(): straight from the decoder's buffer
        for (int i = 0; i < count; i++) {
            floats[i] = (float) decoded[i];
        }
        Tensor.Floats patch = new Tensor.Floats("patch", new long[] {1, 2, SIDE, SIDE}, floats); // the one check
        float[] flat = new float[3 * AREA];
        ModelFamily.SAR_CNN.adapt(patch.data(), AREA, flat, 0);
        standardiser.normalise(flat, 1, 3, AREA);
        return standardiser.inputs(flat, 1, 3, SIDE, SIDE, new float[][] {{angle}});
    }

    @Test
    void inputs() throws IOException {
        Random r = new Random(7);
        double[] decoded = new double[2 * AREA];
        for (int i = 0; i < decoded.length; i++) {
            decoded[i] = Double.parseDouble(String.format(Locale.ROOT, "%.6f", -35 + 30 * r.nextDouble()));
        }
        float angle = 39.5f;
        INDArray[] a = before(decoded, angle);
        INDArray[] b = after(decoded, decoded.length, angle);
        assertEquals(a[0], b[0], "the same network input, value for value");
        assertEquals(a[1], b[1]);
        List<Long> old = new ArrayList<>();
        List<Long> now = new ArrayList<>();
        for (int i = 0; i < WARMUP + SAMPLES; i++) {
            long t0 = System.nanoTime();
            before(decoded, angle);
            long t1 = System.nanoTime();
            after(decoded, decoded.length, angle);
            long t2 = System.nanoTime();
            if (i >= WARMUP) {
                old.add(t1 - t0);
                now.add(t2 - t1);
            }
        }
        String report = String.format(Locale.ROOT, """
                # One sar-cnn row from decoded JSON numbers to the network's input arrays (no forward pass)

                %s, %d cores; p50 and p99 of %d of each, interleaved, after %d of warm-up.

                | path | p50 ms | p99 ms |
                |---|---|---|
                | before: two checks and a copy to floats in the server, two more checks and two copies in Predictor | %.3f | %.3f |
                | now: one conversion to Tensor.Floats (the one check), band average and standardisation in one buffer | %.3f | %.3f |
                """, System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(), SAMPLES, WARMUP,
                p(old, 0.5), p(old, 0.99), p(now, 0.5), p(now, 0.99));
        System.out.print(report);
        Path out = Path.of("target", "benchmark-serving-inputs.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    static double p(List<Long> nanos, double q) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1)))) / 1e6;
    }
}
