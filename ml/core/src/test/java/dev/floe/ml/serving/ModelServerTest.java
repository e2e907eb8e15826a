package dev.floe.ml.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ml.TrainedRuns;
import dev.floe.ml.api.DataType;
import dev.floe.ml.api.InferenceRequest;
import dev.floe.ml.api.InferenceResult;
import dev.floe.ml.api.ModelSelector;
import dev.floe.ml.api.ModelVersionInfo;
import dev.floe.ml.api.ServingException;
import dev.floe.ml.api.Tensor;
import dev.floe.ml.api.TensorSpec;
import dev.floe.ml.api.VersionStatus;
import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.data.Standardiser;
import dev.floe.ml.experiment.Experiments;
import dev.floe.ml.experiment.RunRecord;
import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.registry.ModelRegistry;
import dev.floe.ml.registry.ModelVersion;
import dev.floe.ml.trainingset.Split;
import dev.floe.store.GeoStore;

/** Serving a tiny seeded sar-cnn registered from a real training run, on a real TDB2 store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelServerTest {

    GeoStore store;
    RunRecord runA;
    RunRecord runB;
    ModelRegistry registry;
    ModelServer server;
    ImageSamples samples;
    final List<String> recorded = new ArrayList<>();

    @BeforeAll
    void serve(@TempDir Path dir) throws IOException {
        store = TrainedRuns.storeWithSet(dir);
        runA = TrainedRuns.train(store, 7);
        runB = TrainedRuns.train(store, 8);
        registry = new ModelRegistry(store);
        registry.register("icebergs", runA.id(), "test");
        registry.setAlias("icebergs", "champion", 1, "test");
        ImageSamples all = new Experiments(store, null).trainingSet("sar").samples(Split.TRAIN);
        int[] complete = IntStream.range(0, all.size()).filter(i -> !Float.isNaN(all.extras()[i][0])).limit(6).toArray();
        samples = subset(all, complete);
        server = new ModelServer(registry, new BatchingOptions(8, 2000, 10, 1), new PredictionSink() {
            @Override
            public List<String> record(ModelVersion version, List<InferenceRequest.Subject> subjects, float[][] probabilities,
                                       String id, java.time.Instant at) {
                List<String> iris = iris(version, subjects, id);
                for (int i = 0; i < subjects.size(); i++) {
                    if (iris.get(i) != null) {
                        recorded.add(iris.get(i) + " " + probabilities[i][0]);
                    }
                }
                return iris;
            }

            @Override
            public List<String> iris(ModelVersion version, List<InferenceRequest.Subject> subjects, String id) {
                return subjects.stream().map(s -> s == null ? null : s.iri() + "#" + version.version() + ":" + id).toList();
            }
        }, dir.resolve("log"), null).start();
    }

    @AfterAll
    void close() {
        server.close();
        store.close();
    }

    static ImageSamples subset(ImageSamples s, int[] idx) {
        float[][] p = new float[idx.length][];
        float[][] e = new float[idx.length][];
        List<String> ids = new ArrayList<>();
        int[] labels = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            p[k] = s.pixels()[idx[k]];
            e[k] = s.extras()[idx[k]];
            ids.add(s.ids().get(idx[k]));
            labels[k] = s.labels()[idx[k]];
        }
        return new ImageSamples(ids, s.classes(), s.channels(), s.height(), s.width(), s.extraCount(), p, e, labels);
    }

    /** The probabilities as the run's own network and normalisation give them, loaded from the run folder. */
    float[][] expected(RunRecord run, int... rows) {
        Path folder = store.directory().resolve("experiments").resolve(run.id());
        ComputationGraph net = Experiments.loadModel(folder);
        Standardiser standardiser = Experiments.loadStandardiser(folder);
        ImageSamples adapted = ModelFamily.SAR_CNN.adapt(subset(samples, rows));
        return net.output(false, standardiser.inputs(adapted, IntStream.range(0, rows.length).toArray()))[0].toFloatMatrix();
    }

    Map<String, Tensor> inputs(int... rows) {
        int size = 2 * TrainedRuns.SIDE * TrainedRuns.SIDE;
        double[] patch = new double[rows.length * size];
        double[] angle = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            for (int q = 0; q < size; q++) {
                patch[k * size + q] = samples.pixels()[rows[k]][q];
            }
            angle[k] = samples.extras()[rows[k]][0];
        }
        return Map.of(Predictor.PATCH, Tensor.Numbers.fp32(Predictor.PATCH, new long[] {rows.length, 2, TrainedRuns.SIDE, TrainedRuns.SIDE}, patch),
                Predictor.INCIDENCE_ANGLE, Tensor.Numbers.fp32(Predictor.INCIDENCE_ANGLE, new long[] {rows.length, 1}, angle));
    }

    static float[][] probabilities(InferenceResult r) {
        Tensor.Numbers t = (Tensor.Numbers) r.output(Predictor.PROBABILITIES);
        int c = (int) t.shape()[1];
        float[][] out = new float[(int) t.shape()[0]][c];
        for (int i = 0; i < out.length; i++) {
            for (int k = 0; k < c; k++) {
                out[i][k] = (float) t.data()[i * c + k];
            }
        }
        return out;
    }

    @Test
    void theSignatureNamesTheRawInputsAndTheOutputs() {
        ModelVersionInfo info = server.metadata(ModelSelector.of("icebergs"));
        assertEquals(1, info.version());
        assertEquals(List.of("champion"), info.aliases());
        assertEquals(List.of("iceberg", "ship"), info.classes());
        assertEquals(List.of(new TensorSpec("patch", DataType.FP32, new long[] {-1, 2, 8, 8}),
                new TensorSpec("incidence_angle", DataType.FP32, new long[] {-1, 1})), info.signature().inputs());
        assertEquals(List.of(new TensorSpec("probabilities", DataType.FP32, new long[] {-1, 2}),
                new TensorSpec("class", DataType.BYTES, new long[] {-1}),
                new TensorSpec("confidence", DataType.FP32, new long[] {-1})), info.signature().outputs());
        assertTrue(server.ready());
        assertEquals(List.of(new VersionStatus("icebergs", 1, VersionStatus.State.AVAILABLE, null)),
                server.status(ModelSelector.alias("icebergs", "champion")));
    }

    @Test
    void predictionsAreExactlyTheTrainedNetworksWithItsNormalisation() {
        InferenceResult r = server.infer(InferenceRequest.of(ModelSelector.of("icebergs"), inputs(0, 1, 2)));
        assertEquals(1, r.version());
        float[][] want = expected(runA, 0, 1, 2);
        assertArrayEquals(want, probabilities(r));
        String[] classes = ((Tensor.Strings) r.output(Predictor.CLASS)).data();
        double[] confidence = ((Tensor.Numbers) r.output(Predictor.CONFIDENCE)).data();
        for (int i = 0; i < 3; i++) {
            int best = want[i][1] > want[i][0] ? 1 : 0;
            assertEquals(List.of("iceberg", "ship").get(best), classes[i]);
            assertEquals(want[i][best], (float) confidence[i]);
        }
        assertEquals(List.of(), r.predictions(), "nothing recorded without subjects");
    }

    /** {@code inputs} as the protocols decode them: FP32 values as {@link Tensor.Floats}. */
    static Map<String, Tensor> asFloats(Map<String, Tensor> inputs) {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        inputs.forEach((name, t) -> {
            double[] d = ((Tensor.Numbers) t).data();
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            out.put(name, new Tensor.Floats(name, t.shape(), f));
        });
        return out;
    }

    @Test
    void floatsAsTheProtocolsDecodeThemGiveExactlyTheSameProbabilities() {
        Map<String, Tensor> three = asFloats(inputs(0, 1, 2));
        float[] pixelsBefore = ((Tensor.Floats) three.get(Predictor.PATCH)).data().clone();
        assertArrayEquals(expected(runA, 0, 1, 2),
                probabilities(server.infer(InferenceRequest.of(ModelSelector.of("icebergs"), three))));
        assertArrayEquals(pixelsBefore, ((Tensor.Floats) three.get(Predictor.PATCH)).data(),
                "the request's own values are left as they were (the inference log reads them)");
        assertArrayEquals(expected(runA, 3), probabilities(server.infer(InferenceRequest.of(ModelSelector.of("icebergs"),
                asFloats(inputs(3))))));
    }

    @Test
    void concurrentRequestsGetTheirOwnRowsFromSharedForwardPasses() throws Exception {
        float[][] want = expected(runA, 0, 1, 2, 3, 4, 5);
        long passesBefore = server.forwardPasses();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[][]>> answers = new ArrayList<>();
            for (int k = 0; k < 48; k++) {
                int row = k % 6;
                answers.add(pool.submit((Callable<float[][]>) () ->
                        probabilities(server.infer(InferenceRequest.of(ModelSelector.of("icebergs"), inputs(row))))));
            }
            for (int k = 0; k < 48; k++) {
                float[][] got = answers.get(k).get();
                assertEquals(1, got.length);
                float[] w = want[k % 6];
                for (int c = 0; c < w.length; c++) {
                    assertEquals(w[c], got[0][c], 1e-6f, "request " + k + ", class " + c);
                }
            }
        } finally {
            pool.shutdown();
        }
        long passes = server.forwardPasses() - passesBefore;
        assertTrue(passes < 48, "48 single-row requests from 8 clients shared forward passes: " + passes);
    }

    @Test
    void anAliasChangeSwapsTheDefaultVersion() {
        registry.register("icebergs", runB.id(), "test");
        assertEquals(1, server.infer(InferenceRequest.of(ModelSelector.of("icebergs"), inputs(0))).version(),
                "a new version is not served by default while the champion points elsewhere");
        registry.setAlias("icebergs", "champion", 2, "test");
        InferenceResult r = server.infer(InferenceRequest.of(ModelSelector.of("icebergs"), inputs(0)));
        assertEquals(2, r.version());
        assertArrayEquals(expected(runB, 0), probabilities(r));
        assertArrayEquals(expected(runA, 0),
                probabilities(server.infer(InferenceRequest.of(ModelSelector.version("icebergs", 1), inputs(0)))));
        registry.setAlias("icebergs", "champion", 1, "test");
        assertEquals(1, server.infer(InferenceRequest.of(ModelSelector.of("icebergs"), inputs(0))).version());
    }

    @Test
    void rowsThatNameTheirSubjectAreRecordedAndTheirIrisReturned() {
        InferenceResult r = server.infer(new InferenceRequest(ModelSelector.version("icebergs", 1), inputs(0, 1), "req-1",
                Arrays.asList(new InferenceRequest.Subject("https://example.org/patch/a", null), null), null));
        assertEquals(2, r.predictions().size());
        assertEquals("https://example.org/patch/a#1:req-1", r.predictions().get(0));
        assertNull(r.predictions().get(1));
        assertEquals("req-1", r.id());
        ServingException mismatch = assertThrows(ServingException.class, () -> server.infer(new InferenceRequest(
                ModelSelector.of("icebergs"), inputs(0, 1), null,
                List.of(new InferenceRequest.Subject("https://example.org/patch/a", null)), null)));
        assertEquals("the request names 1 subjects for 2 rows: name one per row (null for a row that is about nothing)",
                mismatch.getMessage());
    }

    @Test
    void anAsynchronousRecordingIsAnsweredWithItsIrisAndReachesTheSinkThroughTheLog() throws InterruptedException {
        InferenceResult r = server.infer(new InferenceRequest(ModelSelector.version("icebergs", 1), inputs(2), "req-async",
                List.of(new InferenceRequest.Subject("https://example.org/patch/c", null)), InferenceRequest.Recording.ASYNC));
        assertEquals(List.of("https://example.org/patch/c#1:req-async"), r.predictions());
        server.predictionLog().flush();
        assertTrue(recorded.contains("https://example.org/patch/c#1:req-async " + expected(runA, 2)[0][0]), recorded.toString());
    }

    @Test
    void badInputsAreInvalidArgumentsNamingWhatIsWrongAndRecordNothing() {
        int before = recorded.size();
        Map<String, Tensor> good = inputs(0);
        double[] nan = ((Tensor.Numbers) good.get("patch")).data().clone();
        nan[70] = Double.NaN;
        List<InferenceRequest.Subject> about = List.of(new InferenceRequest.Subject("https://example.org/patch/a", null));
        assertInvalid("input patch, row 0, channel 1, pixel 6: NaN is not a finite FP32 value", new InferenceRequest(
                ModelSelector.of("icebergs"), Map.of("patch", Tensor.Numbers.fp32("patch", new long[] {1, 2, 8, 8}, nan),
                "incidence_angle", good.get("incidence_angle")), null, about, null));
        assertInvalid("missing input incidence_angle (FP32 [-1, 1])", InferenceRequest.of(ModelSelector.of("icebergs"),
                Map.of("patch", good.get("patch"))));
        assertInvalid("input patch has shape [1, 2, 8, 7], the model takes [-1, 2, 8, 8] (-1: any number of rows, at least one)",
                InferenceRequest.of(ModelSelector.of("icebergs"), Map.of("patch",
                        Tensor.Numbers.fp32("patch", new long[] {1, 2, 8, 7}, new double[112]), "incidence_angle", good.get("incidence_angle"))));
        assertInvalid("unknown input band_1 (icebergs takes patch, incidence_angle)", InferenceRequest.of(ModelSelector.of("icebergs"),
                Map.of("band_1", good.get("patch"))));
        assertInvalid("input patch is BYTES, the model takes FP32", InferenceRequest.of(ModelSelector.of("icebergs"),
                Map.of("patch", new Tensor.Strings("patch", new long[] {1}, new String[] {"x"}), "incidence_angle", good.get("incidence_angle"))));
        assertInvalid("the inputs disagree on the number of rows: 1 and 2 (incidence_angle)", InferenceRequest.of(ModelSelector.of("icebergs"),
                Map.of("patch", good.get("patch"), "incidence_angle", Tensor.Numbers.fp32("incidence_angle", new long[] {2, 1}, new double[2]))));
        assertEquals(before, recorded.size(), "nothing recorded");
        assertEquals(ServingException.Kind.NOT_FOUND, assertThrows(ServingException.class,
                () -> server.infer(InferenceRequest.of(ModelSelector.of("penguins"), good))).kind());
        assertEquals("model icebergs has no label gold (labels: champion)", assertThrows(ServingException.class,
                () -> server.infer(InferenceRequest.of(ModelSelector.alias("icebergs", "gold"), good))).getMessage());
    }

    void assertInvalid(String message, InferenceRequest request) {
        ServingException e = assertThrows(ServingException.class, () -> server.infer(request));
        assertEquals(ServingException.Kind.INVALID_ARGUMENT, e.kind());
        assertEquals(message, e.getMessage());
    }
}
