package dev.floe.endpoint.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floe.ml.api.DataType;
import dev.floe.ml.api.ModelSignature;
import dev.floe.ml.api.ModelVersionInfo;
import dev.floe.ml.api.Tensor;
import dev.floe.ml.api.TensorSpec;

/**
 * The JSON decoding of one SAR patch on its own (issue 18 asks for it measured apart from the HTTP exchange): a
 * sar-cnn request of 2 x 75 x 75 backscatter values in dB and the incidence angle, as TF Serving's row format and as
 * the Open Inference Protocol's JSON tensors, decoded and bound to the model's signature by the server's own code,
 * against two baselines in the same run on the same bytes: Jackson's streaming parser reading every number as a double
 * (the least any JSON decoder of these tensors does) and Jackson's tree model (what a generic decoder does). p50 and
 * p99 of 2,000 decodes after 2,000 of warm-up, one thread. Writes {@code target/benchmark-json-decoding.md}.
 */
class JsonDecodingBenchmark {

    static final int SIDE = 75;
    static final int WARMUP = 2000;
    static final int SAMPLES = 2000;

    static final ModelVersionInfo SAR = new ModelVersionInfo("icebergs", 1, List.of(), "dl4j", new ModelSignature(
            List.of(new TensorSpec("patch", DataType.FP32, new long[] {-1, 2, SIDE, SIDE}),
                    new TensorSpec("incidence_angle", DataType.FP32, new long[] {-1, 1})),
            List.of(new TensorSpec("probabilities", DataType.FP32, new long[] {-1, 2}))), List.of("iceberg", "ship"));

    interface Decode {
        Object run(byte[] body) throws IOException;
    }

    final List<String> report = new ArrayList<>();

    void say(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        report.add(line);
    }

    /** Values as a client formats float32 dB: -20.123457 and the like (about 10 characters each). */
    static float[] patch() {
        Random r = new Random(11);
        float[] v = new float[2 * SIDE * SIDE];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (-25 + 4 * r.nextGaussian());
        }
        return v;
    }

    static byte[] tfRow(float[] v) {
        StringBuilder b = new StringBuilder("{\"instances\": [{\"patch\": [");
        for (int c = 0; c < 2; c++) {
            b.append(c == 0 ? "[" : ",[");
            for (int y = 0; y < SIDE; y++) {
                b.append(y == 0 ? "[" : ",[");
                for (int x = 0; x < SIDE; x++) {
                    b.append(x == 0 ? "" : ",").append(v[(c * SIDE + y) * SIDE + x]);
                }
                b.append(']');
            }
            b.append(']');
        }
        return b.append("], \"incidence_angle\": [38.5]}]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] oipJson(float[] v) {
        StringBuilder b = new StringBuilder("{\"inputs\": [{\"name\": \"patch\", \"shape\": [1, 2, " + SIDE + ", " + SIDE
                + "], \"datatype\": \"FP32\", \"data\": [");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ",").append(v[i]);
        }
        b.append("]}, {\"name\": \"incidence_angle\", \"shape\": [1, 1], \"datatype\": \"FP32\", \"data\": [38.5]}]}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Times {@code decode} on {@code body}: p50 and p99 in ms. */
    static double[] time(Decode decode, byte[] body) throws IOException {
        long[] t = new long[SAMPLES];
        Object sink = null;
        for (int i = 0; i < WARMUP + SAMPLES; i++) {
            long start = System.nanoTime();
            sink = decode.run(body);
            long d = System.nanoTime() - start;
            if (i >= WARMUP) {
                t[i - WARMUP] = d;
            }
        }
        if (sink == null) {
            throw new AssertionError("nothing decoded");
        }
        Arrays.sort(t);
        return new double[] {t[SAMPLES / 2] / 1e6, t[(int) Math.ceil(0.99 * SAMPLES) - 1] / 1e6};
    }

    @Test
    void decoding() throws IOException {
        JsonFactory json = ServedModels.of(null).json();
        ObjectMapper mapper = new ObjectMapper(json);
        float[] v = patch();
        byte[] tf = tfRow(v);
        byte[] oip = oipJson(v);

        // the server's decoders give exactly the values sent
        Map<String, Tensor> fromTf = SignatureBinding.bind(SAR, TfServingRequest.predict(json, new ByteArrayInputStream(tf)).inputs());
        Map<String, Tensor> fromOip = SignatureBinding.bind(SAR, InferenceV2Request.read(json, new ByteArrayInputStream(oip), null).inputs());
        for (Map<String, Tensor> t : List.of(fromTf, fromOip)) {
            Tensor patch = t.get("patch");
            for (int i = 0; i < v.length; i++) {
                assertEquals(v[i], (float) patch.number(i));
            }
        }

        Decode streaming = body -> {
            double[] out = new double[v.length + 1];
            int n = 0;
            try (JsonParser p = json.createParser(body)) {
                for (JsonToken t; (t = p.nextToken()) != null; ) {
                    if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
                        if (n < out.length) {
                            out[n] = p.getDoubleValue();
                        }
                        n++;
                    }
                }
            }
            return out;
        };
        Decode tree = mapper::readTree;
        Decode floeTf = body -> SignatureBinding.bind(SAR, TfServingRequest.predict(json, new ByteArrayInputStream(body)).inputs());
        Decode floeOip = body -> SignatureBinding.bind(SAR, InferenceV2Request.read(json, new ByteArrayInputStream(body), null).inputs());

        say("# JSON decoding of one SAR patch (2 x %d x %d dB values and the incidence angle)", SIDE, SIDE);
        say("");
        say("One thread, %s, %d cores; p50 and p99 of %d decodes after %d of warm-up; the same bytes for each row of a format.",
                System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(), SAMPLES, WARMUP);
        say("");
        say("| decoder | body | p50 ms | p99 ms | p50 / streaming baseline |");
        say("|---|---|---|---|---|");
        for (Object[] format : new Object[][] {{"TF Serving rows", tf, floeTf}, {"OIP JSON tensors", oip, floeOip}}) {
            byte[] body = (byte[]) format[1];
            double[] base = time(streaming, body);
            double[] generic = time(tree, body);
            double[] floe = time((Decode) format[2], body);
            say("| baseline: Jackson streaming, every number as a double | %s, %,d bytes | %.3f | %.3f | 1.00 |", format[0], body.length,
                    base[0], base[1]);
            say("| baseline: Jackson tree model (readTree) | %s | %.3f | %.3f | %.2f |", format[0], generic[0], generic[1],
                    generic[0] / base[0]);
            say("| floe: decode and bind to the signature (checks, shape, FP32 range) | %s | %.3f | %.3f | %.2f |", format[0], floe[0],
                    floe[1], floe[0] / base[0]);
        }
        Path out = Path.of("target", "benchmark-json-decoding.md");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
    }
}
