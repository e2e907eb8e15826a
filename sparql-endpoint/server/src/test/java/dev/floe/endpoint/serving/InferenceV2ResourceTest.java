package dev.floe.endpoint.serving;

import static dev.floe.endpoint.serving.ServingHttp.error;
import static dev.floe.endpoint.serving.ServingHttp.get;
import static dev.floe.endpoint.serving.ServingHttp.json;
import static dev.floe.endpoint.serving.ServingHttp.post;
import static dev.floe.endpoint.serving.ServingHttp.postBytes;
import static dev.floe.endpoint.serving.ServingHttp.softmax;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.ml.api.ModelSelector;
import dev.floe.store.GeoStore;

/** The Open Inference Protocol over the toy models, on a real server: every route, JSON and binary tensors, mistakes. */
class InferenceV2ResourceTest {

    static final String THIRD = "0.33333334";
    static final String X = "{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[0,0,0]}";

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
    void serverMetadataAndHealthAnswer() throws Exception {
        assertEquals("{\"name\":\"floe\",\"version\":\"0.1.0\",\"extensions\":[\"binary_tensor_data\"]}", get(server, "/v2").body());
        assertEquals("{\"live\":true}", get(server, "/v2/health/live").body());
        assertEquals(200, get(server, "/v2/health/ready").statusCode());
        models.ready = false;
        try {
            HttpResponse<String> r = get(server, "/v2/health/ready");
            assertEquals(503, r.statusCode());
            assertEquals("{\"ready\":false}", r.body());
            assertEquals(200, get(server, "/v2/health/live").statusCode());
        } finally {
            models.ready = true;
        }
    }

    @Test
    void modelMetadataAndReadinessAnswerPerModelAndVersion() throws Exception {
        String io = "\"platform\":\"floe-test\",\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,3]}],"
                + "\"outputs\":[{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[-1,3]},"
                + "{\"name\":\"class\",\"datatype\":\"BYTES\",\"shape\":[-1]},{\"name\":\"confidence\",\"datatype\":\"FP32\",\"shape\":[-1]}],";
        assertEquals("{\"name\":\"toy\",\"versions\":[\"1\",\"2\"]," + io
                + "\"parameters\":{\"floe:version\":\"2\",\"floe:classes\":[\"water\",\"forest\",\"urban\"]}}",
                get(server, "/v2/models/toy").body());
        assertEquals("1", json(get(server, "/v2/models/toy/versions/1")).at("/parameters/floe:version").asText());
        assertEquals("{\"name\":\"toy\",\"ready\":true}", get(server, "/v2/models/toy/ready").body());
        assertEquals(200, get(server, "/v2/models/toy/versions/1/ready").statusCode());
        HttpResponse<String> down = get(server, "/v2/models/down/ready");
        assertEquals(503, down.statusCode());
        assertEquals("{\"name\":\"down\",\"ready\":false}", down.body());
        assertEquals("no model called nope", error(get(server, "/v2/models/nope")));
        assertEquals(404, get(server, "/v2/models/toy/versions/3/ready").statusCode());
    }

    @Test
    void jsonTensorsInGiveEveryOutputWithItsTypeAndShape() throws Exception {
        String expected = "{\"model_name\":\"toy\",\"model_version\":\"2\",\"id\":\"r1\",\"outputs\":["
                + "{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[1,3],\"data\":[" + THIRD + "," + THIRD + "," + THIRD + "]},"
                + "{\"name\":\"class\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"water\"]},"
                + "{\"name\":\"confidence\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[" + THIRD + "]}]}";
        HttpResponse<String> r = post(server, "/v2/models/toy/infer", "{\"id\":\"r1\",\"inputs\":[" + X + "]}",
                "Content-Type", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(expected, r.body());
        // nested data, the fields in any order, and a version in the path
        HttpResponse<String> nested = post(server, "/v2/models/toy/versions/1/infer",
                "{\"inputs\":[{\"data\":[[1,2,3],[0,0,0]],\"datatype\":\"FP32\",\"shape\":[2,3],\"name\":\"x\"}]}");
        assertEquals(200, nested.statusCode(), nested.body());
        assertEquals("1", json(nested).get("model_version").asText());
        assertEquals("[\"urban\",\"water\"]", json(nested).at("/outputs/1/data").toString());
        assertEquals(ModelSelector.version("toy", 1), models.requests.get(models.requests.size() - 1).selector());
    }

    @Test
    void onlyTheRequestedOutputsAreAnswered() throws Exception {
        HttpResponse<String> r = post(server, "/v2/models/toy/infer", "{\"inputs\":[" + X + "],\"outputs\":[{\"name\":\"class\"}]}");
        assertEquals("{\"model_name\":\"toy\",\"model_version\":\"2\",\"outputs\":[{\"name\":\"class\",\"datatype\":\"BYTES\","
                + "\"shape\":[1],\"data\":[\"water\"]}]}", r.body());
        assertTrue(error(post(server, "/v2/models/toy/infer", "{\"inputs\":[" + X + "],\"outputs\":[{\"name\":\"logits\"}]}"))
                .startsWith("unknown output logits"));
    }

    @Test
    void binaryTensorsInAndOutCarryExactLittleEndianBytes() throws Exception {
        String header = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":12}}],"
                + "\"outputs\":[{\"name\":\"probabilities\",\"parameters\":{\"binary_data\":true}},"
                + "{\"name\":\"class\",\"parameters\":{\"binary_data\":true}},{\"name\":\"confidence\"}]}";
        HttpResponse<byte[]> r = postBytes(server, "/v2/models/toy/infer", binary(header, floats(1, 2, 3)),
                "Content-Type", "application/octet-stream", "Inference-Header-Content-Length", Integer.toString(header.length()));
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElseThrow());
        int n = Integer.parseInt(r.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        float[] p = softmax(1, 2, 3);
        assertEquals("{\"model_name\":\"toy\",\"model_version\":\"2\",\"outputs\":["
                + "{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[1,3],\"parameters\":{\"binary_data_size\":12}},"
                + "{\"name\":\"class\",\"datatype\":\"BYTES\",\"shape\":[1],\"parameters\":{\"binary_data_size\":9}},"
                + "{\"name\":\"confidence\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[" + p[2] + "]}]}",
                new String(r.body(), 0, n, StandardCharsets.UTF_8));
        ByteBuffer expected = ByteBuffer.allocate(21).order(ByteOrder.LITTLE_ENDIAN).putFloat(p[0]).putFloat(p[1]).putFloat(p[2])
                .putInt(5).put("urban".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(expected.array(), Arrays.copyOfRange(r.body(), n, r.body().length));
        assertEquals(1.0, models.requests.get(models.requests.size() - 1).inputs().get("x").shape()[0]);
    }

    @Test
    void binaryDataOutputMakesEveryOutputBinaryAndBytesInputsAreRead() throws Exception {
        String header = "{\"parameters\":{\"binary_data_output\":true},\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],"
                + "\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":12}}]}";
        HttpResponse<byte[]> r = postBytes(server, "/v2/models/double/infer", binary(header, floats(0.5f, -1, 2)),
                "Inference-Header-Content-Length", Integer.toString(header.length()));
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        int n = Integer.parseInt(r.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        assertArrayEquals(floats(1, -2, 4), Arrays.copyOfRange(r.body(), n, r.body().length));
    }

    @Test
    void mistakesAre400WithAJsonErrorThatNamesThem() throws Exception {
        int before = models.requests.size();
        assertMistake("{\"inputs\":[" + X, "malformed JSON");
        assertMistake("{\"inputs\":[" + X.replace("FP32", "FP64") + "]}", "input x is FP64; the model takes FP32");
        assertMistake("{\"inputs\":[" + X.replace("FP32", "FP16") + "]}", "FP16 is not supported; send FP32");
        assertMistake("{\"inputs\":[" + X.replace("FP32", "FLOAT") + "]}", "unknown datatype FLOAT");
        assertMistake("{\"inputs\":[" + X.replace("[1,3]", "[3,1]") + "]}", "input x has shape [3, 1]; the model takes [-1, 3]");
        assertMistake("{\"inputs\":[" + X.replace("[1,3]", "[2,3]") + "]}", "shape [2, 3] holds 6 values, the data has 3");
        assertMistake("{\"inputs\":[" + X.replace("\"x\"", "\"y\"") + "]}", "unknown input y");
        assertMistake("{\"inputs\":[]}", "no \"inputs\"");
        assertMistake("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\"}]}", "input x has no data");
        assertMistake("{\"inputs\":[" + X.replace("[0,0,0]", "[0,Infinity,0]") + "]}", "element 1 is Infinity");
        String header = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":12}}]}";
        assertBinaryMistake(header, floats(0, Float.NaN, 0), "input x: element 1 is NaN; only finite numbers are accepted");
        assertBinaryMistake(header, floats(0, 0), "input x: binary_data_size 12 runs past the end of the body (8 bytes left)");
        assertBinaryMistake(header, floats(0, 0, 0, 0), "the body has 16 bytes after the JSON header, the inputs' binary_data_size add up to 12");
        assertEquals(400, post(server, "/v2/models/toy/infer", header).statusCode(), "binary data without the header length");
        assertEquals(before, models.requests.size(), "no mistaken request reached the model");
    }

    @Test
    void unknownModelsAndVersionsAre404AndAnUnavailableModel503() throws Exception {
        HttpResponse<String> r = post(server, "/v2/models/nope/infer", "{\"inputs\":[" + X + "]}");
        assertEquals(404, r.statusCode());
        assertEquals("no model called nope", error(r));
        assertEquals("model toy has no version 9", error(post(server, "/v2/models/toy/versions/9/infer", "{\"inputs\":[" + X + "]}")));
        HttpResponse<String> down = post(server, "/v2/models/down/infer", "{\"inputs\":[" + X + "]}");
        assertEquals(503, down.statusCode());
        assertEquals("model down is still loading", error(down));
    }

    @Test
    void refusalsBeforeTheModelAreReportedToTheServiceForItsLog() throws Exception {
        models.refusals.clear();
        assertEquals(400, post(server, "/v2/models/toy/infer", "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 2], "
                + "\"datatype\": \"FP32\", \"data\": [1, 2]}]}").statusCode());
        assertEquals(1, models.refusals.size(), models.refusals.toString());
        assertTrue(models.refusals.get(0).startsWith("v2:infer toy 400 "), models.refusals.get(0));
    }

    private static void assertMistake(String body, String expected) throws Exception {
        HttpResponse<String> r = post(server, "/v2/models/toy/infer", body);
        assertEquals(400, r.statusCode(), body + ": " + r.body());
        assertTrue(error(r).contains(expected), body + ": " + r.body());
    }

    private static void assertBinaryMistake(String header, byte[] tensors, String expected) throws Exception {
        HttpResponse<String> r = ServingHttp.HTTP.send(ServingHttp.request(server, "/v2/models/toy/infer",
                java.net.http.HttpRequest.BodyPublishers.ofByteArray(binary(header, tensors)),
                "Inference-Header-Content-Length", Integer.toString(header.length())), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(expected, error(r));
    }

    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static byte[] binary(String header, byte[] tensors) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(tensors);
        return out.toByteArray();
    }
}
