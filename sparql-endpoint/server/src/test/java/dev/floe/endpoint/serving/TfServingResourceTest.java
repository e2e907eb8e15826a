package dev.floe.endpoint.serving;

import static dev.floe.endpoint.serving.ServingHttp.error;
import static dev.floe.endpoint.serving.ServingHttp.get;
import static dev.floe.endpoint.serving.ServingHttp.json;
import static dev.floe.endpoint.serving.ServingHttp.post;
import static dev.floe.endpoint.serving.ServingHttp.softmax;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.ml.api.InferenceRequest;
import dev.floe.ml.api.ModelSelector;
import dev.floe.store.GeoStore;

/** TF Serving's REST API over the toy models, on a real server: every route, both formats, classify, each mistake. */
class TfServingResourceTest {

    static final String THIRD = "0.33333334";
    static final String EVEN = "{\"probabilities\":[" + THIRD + "," + THIRD + "," + THIRD + "],\"class\":\"water\",\"confidence\":"
            + THIRD + "}";

    @TempDir
    static Path tmp;
    static GeoStore store;
    static ToyModels models;
    static EndpointServer server;

    @BeforeAll
    static void start() {
        store = GeoStore.open(tmp.resolve("store"));
        models = new ToyModels();
        server = EndpointServer.start(store, EndpointConfig.loopback(0), null, null, models);
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    @Test
    void statusListsEveryVersionOrTheOneAVersionOrLabelNames() throws Exception {
        String v1 = "{\"version\":\"1\",\"state\":\"AVAILABLE\",\"status\":{\"error_code\":\"OK\",\"error_message\":\"\"}}";
        String v2 = v1.replace("\"1\"", "\"2\"");
        assertEquals("{\"model_version_status\":[" + v1 + "," + v2 + "]}", get(server, "/v1/models/toy").body());
        assertEquals("{\"model_version_status\":[" + v1 + "]}", get(server, "/v1/models/toy/versions/1").body());
        assertEquals("{\"model_version_status\":[" + v2 + "]}", get(server, "/v1/models/toy/labels/champion").body());
        assertEquals("{\"model_version_status\":[{\"version\":\"1\",\"state\":\"LOADING\",\"status\":{\"error_code\":\"UNKNOWN\","
                + "\"error_message\":\"the weights are still loading\"}}]}", get(server, "/v1/models/down").body());
    }

    @Test
    void metadataHasTfServingsSignatureDefShape() throws Exception {
        String dims = "{\"dim\":[{\"size\":\"-1\",\"name\":\"\"},{\"size\":\"3\",\"name\":\"\"}],\"unknown_rank\":false}";
        String expected = "{\"model_spec\":{\"name\":\"double\",\"signature_name\":\"\",\"version\":\"1\"},"
                + "\"metadata\":{\"signature_def\":{\"signature_def\":{\"serving_default\":{"
                + "\"inputs\":{\"x\":{\"dtype\":\"DT_FLOAT\",\"tensor_shape\":" + dims + ",\"name\":\"x\"}},"
                + "\"outputs\":{\"y\":{\"dtype\":\"DT_FLOAT\",\"tensor_shape\":" + dims + ",\"name\":\"y\"}},"
                + "\"method_name\":\"tensorflow/serving/predict\"}}}}}";
        HttpResponse<String> r = get(server, "/v1/models/double/metadata");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(expected, r.body());
        assertEquals("\"1\"", json(get(server, "/v1/models/toy/versions/1/metadata")).at("/model_spec/version").toString());
        JsonNode champion = json(get(server, "/v1/models/toy/labels/champion/metadata"));
        assertEquals("2", champion.at("/model_spec/version").asText());
        assertEquals("DT_STRING", champion.at("/metadata/signature_def/signature_def/serving_default/outputs/class/dtype").asText());
    }

    @Test
    void rowFormatAnswersEachInstanceWithItsNamedOutputs() throws Exception {
        HttpResponse<String> r = post(server, "/v1/models/toy:predict", "{\"instances\":[{\"x\":[0,0,0]},{\"x\":[1,2,3]}]}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode predictions = json(r).get("predictions");
        assertEquals(EVEN, predictions.get(0).toString());
        float[] p = softmax(1, 2, 3);
        for (int c = 0; c < 3; c++) {
            assertEquals(p[c], predictions.get(1).get("probabilities").get(c).floatValue());
        }
        assertEquals("urban", predictions.get(1).get("class").asText());
        assertEquals(p[2], predictions.get(1).get("confidence").floatValue());
        // a bare value per instance, for a model with one input
        assertEquals("{\"predictions\":[" + EVEN + "]}", post(server, "/v1/models/toy:predict", "{\"instances\":[[0,0,0]]}").body());
        // the signature may be named, as long as it is the default one
        assertEquals("{\"predictions\":[" + EVEN + "]}", post(server, "/v1/models/toy:predict",
                "{\"signature_name\":\"serving_default\",\"instances\":[[0,0,0]]}").body());
    }

    @Test
    void columnarFormatAnswersWithAnObjectOfOutputs() throws Exception {
        String answer = "{\"outputs\":{\"probabilities\":[[" + THIRD + "," + THIRD + "," + THIRD + "]],\"class\":[\"water\"],"
                + "\"confidence\":[" + THIRD + "]}}";
        assertEquals(answer, post(server, "/v1/models/toy:predict", "{\"inputs\":{\"x\":[[0,0,0]]}}").body());
        assertEquals(answer, post(server, "/v1/models/toy:predict", "{\"inputs\":[[0,0,0]]}").body());
    }

    @Test
    void aSingleOutputIsAnsweredWithoutItsName() throws Exception {
        assertEquals("{\"predictions\":[[2.0,4.0,6.0],[-2.0,0.5,0.0]]}",
                post(server, "/v1/models/double:predict", "{\"instances\":[[1,2,3],[-1,0.25,0]]}").body());
        assertEquals("{\"outputs\":[[2.0,4.0,6.0]]}", post(server, "/v1/models/double:predict", "{\"inputs\":{\"x\":[[1,2,3]]}}").body());
    }

    @Test
    void versionsAndLabelsReachTheServiceAsSelectors() throws Exception {
        assertEquals(200, post(server, "/v1/models/toy/versions/1:predict", "{\"instances\":[[0,0,0]]}").statusCode());
        assertEquals(ModelSelector.version("toy", 1), last().selector());
        assertEquals(200, post(server, "/v1/models/toy/labels/champion:classify", "{\"examples\":[{\"x\":[0,0,0]}]}").statusCode());
        assertEquals(ModelSelector.alias("toy", "champion"), last().selector());
        assertEquals(200, post(server, "/v1/models/toy:predict", "{\"instances\":[[0,0,0]]}").statusCode());
        assertEquals(ModelSelector.of("toy"), last().selector());
        assertEquals(InferenceRequest.Recording.SYNC, last().recording());
        assertTrue(last().subjects().isEmpty());
    }

    @Test
    void classifyListsEveryClassWithItsProbabilityHighestFirst() throws Exception {
        HttpResponse<String> r = post(server, "/v1/models/toy:classify", "{\"examples\":[{\"x\":[1,2,3]},{\"x\":[3,-1,2]}]}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode results = json(r).get("results");
        assertEquals(2, results.size());
        float[] p = softmax(1, 2, 3);
        assertEquals("[[\"urban\"," + p[2] + "],[\"forest\"," + p[1] + "],[\"water\"," + p[0] + "]]", results.get(0).toString());
        float[] q = softmax(3, -1, 2);
        assertEquals("[[\"water\"," + q[0] + "],[\"urban\"," + q[2] + "],[\"forest\"," + q[1] + "]]", results.get(1).toString());
        // the context's features go with every example
        HttpResponse<String> withContext = post(server, "/v1/models/toy:classify", "{\"context\":{\"x\":[1,2,3]},\"examples\":[{},{}]}");
        assertEquals("[" + results.get(0) + "," + results.get(0) + "]", json(withContext).get("results").toString());
        // a model without classes does not classify
        assertTrue(error(post(server, "/v1/models/double:classify", "{\"examples\":[{\"x\":[1,2,3]}]}")).contains("does not classify"));
    }

    @Test
    void mistakesInTheBodyAre400WithAJsonErrorThatNamesThem() throws Exception {
        int before = models.requests.size();
        assertMistake("{\"instances\":[[0,0,0]", "malformed JSON at line 1, column 22");
        HttpResponse<String> unclosed = post(server, "/v1/models/toy:predict", "{\"instances\": [");
        assertTrue(!error(unclosed).contains("Source") && !error(unclosed).contains("org.glassfish"),
                "a parse error names no server class: " + error(unclosed));
        assertMistake("[0,0,0]", "must be a JSON object");
        assertMistake("{\"instances\":[[0,0]]}", "input x has shape [1, 2]; the model takes [-1, 3]");
        assertMistake("{\"instances\":[[0,0,0],[0,0]]}", "instance 1 has shape [2], instance 0's has [3]");
        assertMistake("{\"instances\":[[[0,0],[0]]]}", "ragged");
        assertMistake("{\"instances\":[[\"a\",\"b\",\"c\"]]}", "input x holds strings; the model takes numbers (FP32)");
        assertMistake("{\"instances\":[[0,NaN,0]]}", "input x: element 1 is NaN; only finite numbers are accepted");
        assertMistake("{\"instances\":[[0,0,-Infinity]]}", "element 2 is -Infinity");
        assertMistake("{\"instances\":[[0,0,1e39]]}", "beyond the range of FP32");
        assertMistake("{\"instances\":[{\"y\":[0,0,0]}]}", "unknown input y");
        assertMistake("{\"inputs\":{}}", "missing input x FP32 [-1, 3]");
        assertMistake("{\"instances\":[{\"x\":[0,0,0]},{}]}", "instance 1 lacks input x");
        assertMistake("{\"instances\":[]}", "no rows");
        assertMistake("{\"instances\":[[0,0,0]],\"inputs\":[[0,0,0]]}", "not both");
        assertMistake("{\"signature_name\":\"classify\",\"instances\":[[0,0,0]]}", "unknown signature_name \"classify\"");
        assertMistake("{\"instances\":[[null,0,0]]}", "holds null");
        assertMistake("{\"instances\":[[{\"b64\":\"AA==\"},0,0]]}", "holds an object");
        assertEquals(before, models.requests.size(), "no mistaken request reached the model");
    }

    @Test
    void unknownModelsVersionsAndLabelsAre404AndAnUnavailableModel503() throws Exception {
        HttpResponse<String> r = post(server, "/v1/models/nope:predict", "{\"instances\":[[0,0,0]]}");
        assertEquals(404, r.statusCode());
        assertEquals("no model called nope", error(r));
        assertEquals(404, get(server, "/v1/models/nope").statusCode());
        assertEquals("model toy has no version 7", error(get(server, "/v1/models/toy/versions/7/metadata")));
        assertEquals(404, post(server, "/v1/models/toy/versions/7:predict", "{\"instances\":[[0,0,0]]}").statusCode());
        HttpResponse<String> label = post(server, "/v1/models/toy/labels/nightly:classify", "{\"examples\":[{\"x\":[0,0,0]}]}");
        assertEquals(404, label.statusCode());
        assertEquals("model toy has no label nightly", error(label));
        HttpResponse<String> down = post(server, "/v1/models/down:predict", "{\"instances\":[[0,0,0]]}");
        assertEquals(503, down.statusCode());
        assertEquals("model down is still loading", error(down));
        assertEquals(400, get(server, "/v1/models/toy/versions/latest").statusCode());
    }

    @Test
    void refusalsBeforeTheModelAreReportedToTheServiceForItsLog() throws Exception {
        models.refusals.clear();
        assertEquals(400, post(server, "/v1/models/toy:predict", "{\"instances\": [").statusCode());
        assertEquals(404, post(server, "/v1/models/penguins:classify", "{\"examples\":[{\"x\":[1,2,3]}]}").statusCode());
        assertEquals(2, models.refusals.size(), models.refusals.toString());
        assertTrue(models.refusals.get(0).startsWith("tfserving:predict toy 400 malformed JSON at line 1"), models.refusals.get(0));
        assertEquals("tfserving:classify penguins 404 no model called penguins", models.refusals.get(1));
    }

    private static void assertMistake(String body, String expected) throws Exception {
        HttpResponse<String> r = post(server, "/v1/models/toy:predict", body);
        assertEquals(400, r.statusCode(), body + ": " + r.body());
        String message = error(r);
        assertTrue(message.contains(expected), body + ": " + message);
    }

    private static InferenceRequest last() {
        return models.requests.get(models.requests.size() - 1);
    }
}
