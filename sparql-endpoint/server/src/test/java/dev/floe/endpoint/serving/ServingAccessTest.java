package dev.floe.endpoint.serving;

import static dev.floe.endpoint.serving.ServingHttp.error;
import static dev.floe.endpoint.serving.ServingHttp.get;
import static dev.floe.endpoint.serving.ServingHttp.json;
import static dev.floe.endpoint.serving.ServingHttp.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.sparql.access.ApiKeys;
import dev.floe.ml.api.InferenceRequest;
import dev.floe.store.GeoStore;

/**
 * Who may predict and who may record: read keys close every serving route, a request whose rows name subjects needs
 * a write key (refused before the model runs), a server without models answers 404, and the body size limit holds.
 */
class ServingAccessTest {

    static final String WRITE_KEY = "serving-write-0123456789abcdef";
    static final String READ_KEY = "serving-read-0123456789abcdef";
    static final String PATCH = "https://example.org/patch/1";
    static final String RECORDING = "{\"instances\":[{\"x\":[0,0,0],\"floe:subject\":\"" + PATCH + "\"}]}";

    @TempDir
    static Path tmp;
    static GeoStore store;
    static ToyModels models;
    /** Read and write keys. */
    static EndpointServer closed;
    /** Read keys only: writes disabled. */
    static EndpointServer readOnly;
    /** Open reads, a write key, a small body limit. */
    static EndpointServer open;
    /** No models. */
    static EndpointServer none;

    @BeforeAll
    static void start() {
        store = GeoStore.open(tmp.resolve("store"));
        models = new ToyModels();
        closed = EndpointServer.start(store, EndpointConfig.loopback(0).withKeys(ApiKeys.of(WRITE_KEY), ApiKeys.of(READ_KEY)),
                null, null, models);
        readOnly = EndpointServer.start(store, EndpointConfig.loopback(0).withKeys(ApiKeys.NONE, ApiKeys.of(READ_KEY)),
                null, null, models);
        open = EndpointServer.start(store, EndpointConfig.loopback(0).withKeys(ApiKeys.of(WRITE_KEY), ApiKeys.NONE)
                .withLimits(4096, 0), null, null, models);
        none = EndpointServer.start(store, EndpointConfig.loopback(0));
    }

    @AfterAll
    static void stop() {
        closed.close();
        readOnly.close();
        open.close();
        none.close();
        store.close();
    }

    @Test
    void readKeysCloseEveryServingRoute() throws Exception {
        assertEquals(401, get(closed, "/v1/models/toy").statusCode());
        assertEquals(401, get(closed, "/v2/models/toy").statusCode());
        assertEquals(401, post(closed, "/v1/models/toy:predict", "{\"instances\":[[0,0,0]]}").statusCode());
        assertEquals(401, post(closed, "/v2/models/toy/infer", "{}").statusCode());
        assertEquals(401, get(closed, "/v1/models/toy/monitoring").statusCode());
        // with a read key the route answers; this service does not monitor, which is a 404 in words
        HttpResponse<String> monitoring = get(closed, "/v1/models/toy/monitoring", "X-API-Key", READ_KEY);
        assertEquals(404, monitoring.statusCode());
        assertEquals("{\"error\":\"this server does not monitor its models (it runs without an inference log)\"}", monitoring.body());
        assertEquals(200, get(closed, "/v1/models/toy", "X-API-Key", READ_KEY).statusCode());
        assertEquals(200, post(closed, "/v1/models/toy:predict", "{\"instances\":[[0,0,0]]}", "X-API-Key", READ_KEY).statusCode());
    }

    @Test
    void recordingNeedsAWriteKeyAndIsRefusedBeforeTheModelRuns() throws Exception {
        int before = models.requests.size();
        HttpResponse<String> read = post(closed, "/v1/models/toy:predict", RECORDING, "Authorization", "Bearer " + READ_KEY);
        assertEquals(401, read.statusCode());
        assertEquals("this API key may only read; this request records predictions in the store (its rows name subjects)\n",
                read.body());
        assertEquals("Bearer realm=\"floe\"", read.headers().firstValue("WWW-Authenticate").orElseThrow());
        HttpResponse<String> noKey = post(open, "/v1/models/toy:classify",
                "{\"examples\":[{\"x\":[0,0,0],\"floe:subject\":\"" + PATCH + "\"}]}");
        assertEquals(401, noKey.statusCode());
        assertTrue(noKey.body().startsWith("this request records predictions in the store (its rows name subjects) and needs an API key"));
        HttpResponse<String> disabled = post(readOnly, "/v2/models/toy/infer", "{\"parameters\":{\"floe:subjects\":[\"" + PATCH
                + "\"]},\"inputs\":[" + InferenceV2ResourceTest.X + "]}", "X-API-Key", READ_KEY);
        assertEquals(403, disabled.statusCode());
        assertEquals("writes are disabled on this server: start it with --api-keys FILE\n", disabled.body());
        assertEquals(before, models.requests.size(), "a refused recording never reached the model");
    }

    @Test
    void aWriteKeyRecordsAndTheSubjectsReachTheService() throws Exception {
        HttpResponse<String> r = post(closed, "/v1/models/toy:predict", "{\"floe:record\":\"async\",\"instances\":[{\"x\":[0,0,0],"
                + "\"floe:subject\":\"" + PATCH + "\",\"floe:footprint\":\"POLYGON ((0 0, 1 0, 1 1, 0 0))\"},{\"x\":[1,1,1]}]}",
                "X-API-Key", WRITE_KEY);
        assertEquals(200, r.statusCode(), r.body());
        InferenceRequest seen = last();
        assertEquals(Arrays.asList(new InferenceRequest.Subject(PATCH, "POLYGON ((0 0, 1 0, 1 1, 0 0))"), null), seen.subjects());
        assertEquals(InferenceRequest.Recording.ASYNC, seen.recording());
        assertEquals("[\"" + PATCH + "/prediction\",null]", json(r).get("floe:predictions").toString());

        HttpResponse<String> v2 = post(closed, "/v2/models/toy/infer", "{\"parameters\":{\"floe:subjects\":[\"" + PATCH
                + "\"],\"floe:footprints\":[\"POINT (7 45)\"]},\"inputs\":[" + InferenceV2ResourceTest.X + "]}",
                "Authorization", "Bearer " + WRITE_KEY);
        assertEquals(200, v2.statusCode(), v2.body());
        assertEquals(List.of(new InferenceRequest.Subject(PATCH, "POINT (7 45)")), last().subjects());
        assertEquals(InferenceRequest.Recording.SYNC, last().recording());
        assertEquals("[\"" + PATCH + "/prediction\"]", json(v2).at("/parameters/floe:predictions").toString());

        HttpResponse<String> columns = post(closed, "/v1/models/toy:predict", "{\"inputs\":{\"x\":[[0,0,0],[1,1,1]]},"
                + "\"floe:subjects\":[null,\"" + PATCH + "\"]}", "X-API-Key", WRITE_KEY);
        assertEquals(200, columns.statusCode(), columns.body());
        assertEquals(Arrays.asList(null, new InferenceRequest.Subject(PATCH, null)), last().subjects());
    }

    @Test
    void badSubjectsAre400() throws Exception {
        String[][] cases = {
            {"{\"instances\":[{\"x\":[0,0,0],\"floe:subject\":\"patch 1\"}]}", "floe:subject"},
            {"{\"instances\":[{\"x\":[0,0,0],\"floe:subject\":\"patch1\"}]}", "must be an absolute IRI"},
            {"{\"instances\":[{\"x\":[0,0,0],\"floe:subject\":\"" + PATCH + "\",\"floe:footprint\":\"POLYGON ((0 0\"}]}", "not a WKT literal"},
            {"{\"instances\":[{\"x\":[0,0,0],\"floe:subject\":\"" + PATCH + "\",\"floe:footprint\":"
                    + "\"<http://www.opengis.net/def/crs/EPSG/0/4326> POINT (45 7)\"}]}", "must be in CRS84"},
            {"{\"instances\":[{\"x\":[0,0,0],\"floe:footprint\":\"POINT (7 45)\"}]}", "needs floe:subject"},
            {"{\"inputs\":{\"x\":[[0,0,0]]},\"floe:subjects\":[\"" + PATCH + "\",\"" + PATCH + "\"]}", "2 entries for 1 rows"},
            {"{\"floe:record\":\"later\",\"instances\":[[0,0,0]]}", "floe:record is \"sync\" or \"async\""},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = post(closed, "/v1/models/toy:predict", c[0], "X-API-Key", WRITE_KEY);
            assertEquals(400, r.statusCode(), c[0] + ": " + r.body());
            assertTrue(error(r).contains(c[1]), c[0] + ": " + r.body());
        }
    }

    @Test
    void aServerWithoutModelsAnswers404ButIsLiveAndReady() throws Exception {
        String message = "this server serves no models (register one: floe models register NAME --run RUN)";
        for (String path : List.of("/v1/models/toy", "/v1/models/toy/metadata", "/v1/models/toy/labels/champion",
                "/v2/models/toy", "/v2/models/toy/ready", "/v2/models/toy/versions/1")) {
            HttpResponse<String> r = get(none, path);
            assertEquals(404, r.statusCode(), path);
            assertEquals(message, error(r), path);
        }
        assertEquals(message, error(post(none, "/v1/models/toy:predict", "{\"instances\":[[0,0,0]]}")));
        assertEquals(message, error(post(none, "/v2/models/toy/infer", "{}")));
        assertEquals("{\"live\":true}", get(none, "/v2/health/live").body());
        assertEquals("{\"ready\":true}", get(none, "/v2/health/ready").body());
    }

    @Test
    void anOversizedBodyIs413WithATextReason() throws Exception {
        StringBuilder big = new StringBuilder("{\"instances\":[");
        for (int i = 0; i < 400; i++) {
            big.append(i == 0 ? "" : ",").append("[0.125,0.25,0.5]");
        }
        String body = big.append("]}").toString();
        HttpResponse<String> sized = post(open, "/v1/models/toy:predict", body);
        assertEquals(413, sized.statusCode());
        assertTrue(sized.body().startsWith("the request body is larger than this server accepts (4096 bytes)"), sized.body());
        // chunked, so that the limit is met while the body is being read
        HttpResponse<String> chunked = ServingHttp.HTTP.send(ServingHttp.request(open, "/v2/models/toy/infer",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(("{\"inputs\":[{\"name\":\"x\","
                        + "\"shape\":[400,3],\"datatype\":\"FP32\",\"data\":" + body.substring(13, body.length() - 1) + "}]}")
                        .getBytes(StandardCharsets.UTF_8)))), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode());
        assertTrue(chunked.body().startsWith("the request body is larger than this server accepts"), chunked.body());
    }

    private static InferenceRequest last() {
        return models.requests.get(models.requests.size() - 1);
    }
}
