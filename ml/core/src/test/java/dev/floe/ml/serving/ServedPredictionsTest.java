package dev.floe.ml.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ml.TrainedRuns;
import dev.floe.ml.api.InferenceRequest;
import dev.floe.ml.api.InferenceResult;
import dev.floe.ml.api.ModelSelector;
import dev.floe.ml.api.ServingException;
import dev.floe.ml.api.Tensor;
import dev.floe.ml.prediction.PredictionWriter;
import dev.floe.ml.registry.ModelRegistry;
import dev.floe.store.GeoStore;

/** Served predictions recorded in the store, found by GeoSPARQL right after the answer (synchronous) or the log's flush. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServedPredictionsTest {

    static final String IN_BOX = "POLYGON((10 10, 11 10, 11 11, 10 11, 10 10))";
    static final String OUT_OF_BOX = "POINT(30 30)";

    GeoStore store;
    ModelServer server;

    @BeforeAll
    void serve(@TempDir Path dir) throws IOException {
        store = TrainedRuns.storeWithSet(dir);
        ModelRegistry registry = new ModelRegistry(store);
        registry.register("icebergs", TrainedRuns.train(store, 7).id(), "test");
        server = new ModelServer(registry, BatchingOptions.DEFAULTS, new StorePredictions(new PredictionWriter(store)),
                dir.resolve("log"), null).start();
    }

    @AfterAll
    void close() {
        server.close();
        store.close();
    }

    static Map<String, Tensor> rows(int n) {
        double[] patch = new double[n * 2 * 8 * 8];
        for (int i = 0; i < patch.length; i++) {
            patch[i] = -20 + (i % 17);
        }
        double[] angle = new double[n];
        java.util.Arrays.fill(angle, 38.5);
        return Map.of("patch", Tensor.Numbers.fp32("patch", new long[] {n, 2, 8, 8}, patch),
                "incidence_angle", Tensor.Numbers.fp32("incidence_angle", new long[] {n, 1}, angle));
    }

    List<String> select(String where) {
        String q = """
                PREFIX floe: <https://w3id.org/floe/ontology#>
                PREFIX geo: <http://www.opengis.net/ont/geosparql#>
                PREFIX geof: <http://www.opengis.net/def/function/geosparql/>
                PREFIX sosa: <http://www.w3.org/ns/sosa/>
                SELECT ?p WHERE { %s } ORDER BY ?p""".formatted(where);
        return Txn.calculateRead(store.dataset(), () -> {
            List<String> out = new ArrayList<>();
            try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(q).build()) {
                qe.execSelect().forEachRemaining(s -> out.add(s.getResource("p").getURI()));
            }
            return out;
        });
    }

    @Test
    void aRecordedPredictionIsFoundByBothGeoSparqlFormsAsSoonAsTheAnswerIsBack() throws InterruptedException {
        InferenceResult sync = server.infer(new InferenceRequest(ModelSelector.of("icebergs"), rows(2), "r-sync", List.of(
                new InferenceRequest.Subject("https://example.org/patch/inside", "POINT(10.5 10.5)"),
                new InferenceRequest.Subject("https://example.org/patch/outside", OUT_OF_BOX)), null));
        String inside = sync.predictions().get(0);
        assertTrue(inside.startsWith("https://w3id.org/floe/data/prediction/"), inside);
        String filter = "?p a floe:Prediction ; geo:hasGeometry/geo:asWKT ?w . FILTER(geof:sfWithin(?w, \"" + IN_BOX + "\"^^geo:wktLiteral))";
        String propertyFunction = "?p a floe:Prediction ; geo:hasGeometry ?g . ?g geo:sfWithin \"" + IN_BOX + "\"^^geo:wktLiteral";
        assertEquals(List.of(inside), select(filter));
        assertEquals(List.of(inside), select(propertyFunction));
        assertEquals(List.of(inside), select("?p sosa:hasFeatureOfInterest <https://example.org/patch/inside> ; "
                + "sosa:usedProcedure <https://w3id.org/floe/data/model/icebergs/version/1> ; floe:request \"r-sync\""));

        InferenceResult async = server.infer(new InferenceRequest(ModelSelector.of("icebergs"), rows(1), "r-async",
                List.of(new InferenceRequest.Subject("https://example.org/patch/later", "POINT(10.2 10.7)")),
                InferenceRequest.Recording.ASYNC));
        server.predictionLog().flush();
        List<String> both = new ArrayList<>(List.of(inside, async.predictions().get(0)));
        both.sort(null);
        assertEquals(both, select(propertyFunction));
    }

    @Test
    void aSubjectThatIsNoIriFailsTheRequestAndWritesNothing() {
        ServingException e = assertThrows(ServingException.class, () -> server.infer(new InferenceRequest(ModelSelector.of("icebergs"),
                rows(1), "r-bad", List.of(new InferenceRequest.Subject("not an iri", null)), null)));
        assertEquals(ServingException.Kind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().startsWith("the predictions cannot be recorded: "), e.getMessage());
        assertEquals(List.of(), select("?p floe:request \"r-bad\""));
    }
}
