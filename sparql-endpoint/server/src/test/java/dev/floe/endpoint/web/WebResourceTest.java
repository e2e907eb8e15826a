package dev.floe.endpoint.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.store.GeoStore;

/** The page and its assets come from the jar, over a real server on loopback; nothing else is served. */
class WebResourceTest {

    @TempDir
    static Path tmp;
    static GeoStore store;
    static EndpointServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        store = GeoStore.open(tmp.resolve("store"));
        server = EndpointServer.start(store, EndpointConfig.loopback(0));
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void rootServesThePageWithLocalAssetsOnly() throws Exception {
        HttpResponse<String> page = get("");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(page.body().contains("<title>floe · GeoSPARQL</title>"));
        assertTrue(!page.body().contains("http://") && !page.body().contains("https://"), "the page must not load anything remote");
        for (String asset : List.of("webjars/leaflet/1.9.4/dist/leaflet.js", "webjars/codemirror/5.65.16/mode/sparql/sparql.js",
                "assets/floe.js", "assets/wkt.js", "assets/terms.js", "assets/saved.js", "assets/errors.js", "assets/mapview.js", "assets/describe.js", "assets/proj4.js",
                "assets/proj4leaflet.js", "assets/floe.css", "assets/basemap-land.geojson")) {
            HttpResponse<String> r = get(asset);
            assertEquals(200, r.statusCode(), asset);
            assertTrue(page.body().contains(asset) || asset.endsWith(".geojson"), asset + " is referenced by the page");
        }
        assertEquals("text/javascript;charset=utf-8", get("assets/floe.js").headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void pathsOutsideTheAssetFoldersAreNotServed() throws Exception {
        assertEquals(404, get("webjars/leaflet/1.9.4/../../../../dev/floe/endpoint/web/index.html").statusCode());
        assertEquals(404, get("webjars/%2e%2e/%2e%2e/simplelogger.properties").statusCode());
        assertEquals(404, get("assets/..%2Findex.html").statusCode());
        assertEquals(404, get("assets/nothing-here.js").statusCode());
    }

    @Test
    void queriesListsEveryCuratedQueryWithItsHeading() throws Exception {
        HttpResponse<String> r = get("queries");
        assertEquals(200, r.statusCode());
        JsonNode list = new ObjectMapper().readTree(r.body());
        long files;
        try (var stream = Files.list(Path.of("..", "..", "queries"))) {
            files = stream.filter(f -> f.toString().endsWith(".rq")).count();
        }
        assertEquals(files, list.size());
        JsonNode first = list.get(0);
        assertEquals("clear-sentinel-2-over-croatia", first.get("name").asText());
        assertEquals("Which clear Sentinel-2 scenes of Croatia are there?", first.get("title").asText());
        assertTrue(first.get("description").asText().startsWith("Optical products with under 5 % cloud cover"));
        assertTrue(first.get("text").asText().contains("SELECT ?product ?time ?cloudCover"));
    }

    @Test
    void healthListsTheQueryEndpoints() throws Exception {
        assertEquals("{\"status\":\"ok\",\"endpoints\":[\"sparql\"]}\n", get("health").body());
    }
}
