package dev.floe.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floe.sparql.access.ApiKeys;
import dev.floe.endpoint.security.RemoteAccessPolicy;
import dev.floe.store.GeoStore;

/** Writes over HTTP (SPARQL Update, Graph Store Protocol) with API keys, and the request limits. */
class EndpointWritesTest {

    static final String KEY = "test-key-0123456789abcdef";
    static final String READ_KEY = "read-key-0123456789abcdef";

    @TempDir
    static Path tmp;
    static GeoStore store;
    static EndpointServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        store = GeoStore.open(tmp.resolve("store"));
        store.load(List.of(dev.floe.store.StoreFixtures.places()));
        Path keys = tmp.resolve("keys.txt");
        Files.writeString(keys, "# writers\nalice " + KEY + "\n");
        server = EndpointServer.start(store, EndpointConfig.loopback(0).withKeys(ApiKeys.read(keys), ApiKeys.NONE)
                .withLimits(4096, 2));
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder update(String text) {
        return HttpRequest.newBuilder(server.baseUri().resolve("update")).header("Content-Type", "application/sparql-update")
                .POST(HttpRequest.BodyPublishers.ofString(EndpointServerTest.PREFIXES + "PREFIX ex: <https://example.org/> " + text));
    }

    static String ask(String where) throws Exception {
        URI uri = URI.create(server.sparqlUri() + "?query=" + URLEncoder.encode(EndpointServerTest.PREFIXES
                + "PREFIX ex: <https://example.org/> ASK { " + where + " }", StandardCharsets.UTF_8));
        List<String> lines = send(HttpRequest.newBuilder(uri).header("Accept", "text/csv")).body().strip().lines().toList();
        return lines.get(lines.size() - 1); // after the _askResult header
    }

    @Test
    void updatesNeedAValidKeyAndThenShowInSpatialQueriesAtOnce() throws Exception {
        String insert = "INSERT DATA { ex:bari a floe:PopulatedPlace ; rdfs:label 'Bari' ; geo:hasDefaultGeometry ex:bari-g ; "
                + "geo:hasGeometry ex:bari-g . ex:bari-g geo:asWKT 'POINT (16.87 41.12)'^^geo:wktLiteral }";
        HttpResponse<String> none = send(update(insert));
        assertEquals(401, none.statusCode());
        assertEquals("Bearer realm=\"floe\"", none.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertTrue(none.body().startsWith("this request changes data and needs an API key"), none.body());
        assertEquals(401, send(update(insert).header("Authorization", "Bearer wrong-key-0123456789")).statusCode());
        assertEquals("false", ask("ex:bari ?p ?o"));

        assertEquals(204, send(update(insert).header("Authorization", "Bearer " + KEY)).statusCode());
        assertEquals("true", ask("ex:bari geo:sfWithin ex:italyBox"));
        assertEquals(204, send(update("DELETE WHERE { ex:bari ?p ?o }").header("X-API-Key", KEY)).statusCode());
        assertEquals("false", ask("ex:bari geo:sfWithin ex:italyBox"));
    }

    @Test
    void aStoreFailureDuringAWriteIsAnswered500WithARequestIdAndNoDetails(@TempDir Path own) throws Exception {
        Path dir = own.resolve("store");
        GeoStore failing = GeoStore.open(dir);
        try (EndpointServer s = EndpointServer.start(failing,
                EndpointConfig.loopback(0).withKeys(ApiKeys.read(tmp.resolve("keys.txt")), ApiKeys.NONE))) {
            // the store's spatial directory vanishes under the running server and a plain file takes its name, so
            // the store cannot mark its index stale before the write (a StoreException, the server's fault)
            Path spatial = dir.resolve("spatial");
            try (var files = Files.walk(spatial)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
            Files.writeString(spatial, "not a directory");
            HttpResponse<String> r = send(HttpRequest.newBuilder(s.baseUri().resolve("update"))
                    .header("Content-Type", "application/sparql-update").header("Authorization", "Bearer " + KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("INSERT DATA { <https://example.org/a> <https://example.org/p> 1 }")));
            assertEquals(500, r.statusCode(), r.body());
            assertTrue(r.body().matches("internal server error \\(request id [0-9a-f]{12}\\): the server log has the "
                    + "details under that id\n"), r.body());
            assertEquals("text/plain;charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""));
            Files.delete(spatial);
            Files.createDirectory(spatial);
        } finally {
            failing.close();
        }
    }

    @Test
    void formPostedUpdateAndSyntaxErrors() throws Exception {
        HttpResponse<String> bad = send(HttpRequest.newBuilder(server.baseUri().resolve("update"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString("update=" + URLEncoder.encode("INSERT DATA { <a> }", StandardCharsets.UTF_8))));
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().startsWith("SPARQL Update syntax error: "), bad.body());
    }

    @Test
    void usingGraphParametersSetTheUpdatesDataset() throws Exception {
        String put = "INSERT DATA { GRAPH ex:src { ex:x ex:p 'from src' } GRAPH ex:other { ex:y ex:p 'from other' } }";
        assertEquals(204, send(update(put).header("X-API-Key", KEY)).statusCode());
        String copy = "INSERT { GRAPH ex:dst { ?s ex:copied ?o } } WHERE { ?s ex:p ?o }";
        String form = "update=" + URLEncoder.encode(EndpointServerTest.PREFIXES + "PREFIX ex: <https://example.org/> " + copy,
                StandardCharsets.UTF_8) + "&using-graph-uri=" + URLEncoder.encode("https://example.org/src", StandardCharsets.UTF_8);
        assertEquals(204, send(HttpRequest.newBuilder(server.baseUri().resolve("update"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-API-Key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString(form))).statusCode());
        assertEquals("true", ask("GRAPH ex:dst { ex:x ex:copied 'from src' }"));
        assertEquals("false", ask("GRAPH ex:dst { ex:y ex:copied ?o }"), "only the using-graph-uri graph is the WHERE's dataset");

        URI direct = URI.create(server.baseUri() + "update?using-graph-uri=" + URLEncoder.encode("https://example.org/src", StandardCharsets.UTF_8));
        HttpResponse<String> both = send(HttpRequest.newBuilder(direct).header("Content-Type", "application/sparql-update")
                .header("X-API-Key", KEY).POST(HttpRequest.BodyPublishers.ofString(EndpointServerTest.PREFIXES
                        + "PREFIX ex: <https://example.org/> INSERT { GRAPH ex:dst { ?s ex:again ?o } } USING ex:other WHERE { ?s ex:p ?o }")));
        assertEquals(400, both.statusCode());
        assertTrue(both.body().contains("USING"), both.body());
        assertEquals("false", ask("GRAPH ex:dst { ?s ex:again ?o }"));
        assertEquals(204, send(update("DROP GRAPH ex:src ; DROP GRAPH ex:other ; DROP GRAPH ex:dst").header("X-API-Key", KEY)).statusCode());
    }

    @Test
    void graphStorePostWithoutAGraphAddsQuadsToTheirGraphsAndSaysHowMany() throws Exception {
        String nq = "<https://example.org/q1> <https://example.org/p> \"in g\" <https://example.org/gq> .\n"
                + "<https://example.org/q2> <https://example.org/p> \"in default\" .\n";
        HttpResponse<String> refused = send(HttpRequest.newBuilder(server.baseUri().resolve("data"))
                .header("Content-Type", "application/n-quads").POST(HttpRequest.BodyPublishers.ofString(nq)));
        assertEquals(401, refused.statusCode());
        HttpResponse<String> added = send(HttpRequest.newBuilder(server.baseUri().resolve("data"))
                .header("Content-Type", "application/n-quads").header("X-API-Key", KEY).POST(HttpRequest.BodyPublishers.ofString(nq)));
        assertEquals(200, added.statusCode(), added.body());
        JsonNode counts = new ObjectMapper().readTree(added.body());
        assertEquals(2, counts.get("count").asLong());
        assertEquals(store.size(), counts.get("storeSize").asLong());
        assertEquals("true", ask("GRAPH <https://example.org/gq> { <https://example.org/q1> ?p \"in g\" }"));
        assertEquals("true", ask("<https://example.org/q2> ?p \"in default\""));
        HttpResponse<String> csv = send(HttpRequest.newBuilder(server.baseUri().resolve("data")).header("Content-Type", "text/csv")
                .header("X-API-Key", KEY).POST(HttpRequest.BodyPublishers.ofString("a,b")));
        assertEquals(415, csv.statusCode());
        assertTrue(csv.body().contains("application/n-quads"), csv.body());
    }

    @Test
    void graphStoreProtocolPutGetPostDelete() throws Exception {
        URI graph = URI.create(server.baseUri() + "data?graph=" + URLEncoder.encode("https://example.org/gsp", StandardCharsets.UTF_8));
        String ttl = "<https://example.org/s> <https://example.org/p> \"one\" .";
        assertEquals(401, send(HttpRequest.newBuilder(graph).header("Content-Type", "text/turtle")
                .PUT(HttpRequest.BodyPublishers.ofString(ttl))).statusCode());
        assertEquals(404, send(HttpRequest.newBuilder(graph).GET()).statusCode(), "reads stay open, and the graph is not there yet");

        assertEquals(201, send(HttpRequest.newBuilder(graph).header("Content-Type", "text/turtle").header("X-API-Key", KEY)
                .PUT(HttpRequest.BodyPublishers.ofString(ttl))).statusCode());
        HttpResponse<String> added = send(HttpRequest.newBuilder(graph).header("Content-Type", "application/n-triples")
                .header("X-API-Key", KEY).POST(HttpRequest.BodyPublishers.ofString("<https://example.org/s> <https://example.org/p> \"two\" .\n")));
        assertEquals(200, added.statusCode());
        assertEquals(1, new ObjectMapper().readTree(added.body()).get("tripleCount").asLong(), added.body());
        HttpResponse<String> nt = send(HttpRequest.newBuilder(graph).header("Accept", "application/n-triples").GET());
        assertEquals(200, nt.statusCode());
        assertEquals(Set.of("<https://example.org/s> <https://example.org/p> \"one\" .",
                "<https://example.org/s> <https://example.org/p> \"two\" ."), Set.copyOf(nt.body().strip().lines().toList()));

        HttpResponse<String> broken = send(HttpRequest.newBuilder(graph).header("Content-Type", "text/turtle").header("X-API-Key", KEY)
                .PUT(HttpRequest.BodyPublishers.ofString("<https://example.org/s> <https://example.org/p> \"three\" . <oops")));
        assertEquals(400, broken.statusCode());
        assertTrue(broken.body().endsWith("(nothing was changed)\n"), broken.body());
        assertEquals(2, send(HttpRequest.newBuilder(graph).header("Accept", "application/n-triples").GET()).body().strip().lines().count());

        assertEquals(415, send(HttpRequest.newBuilder(graph).header("Content-Type", "image/png").header("X-API-Key", KEY)
                .PUT(HttpRequest.BodyPublishers.ofString("x"))).statusCode());
        assertEquals(204, send(HttpRequest.newBuilder(graph).header("X-API-Key", KEY).DELETE()).statusCode());
        assertEquals(404, send(HttpRequest.newBuilder(graph).GET()).statusCode());
        assertEquals(404, send(HttpRequest.newBuilder(graph).header("X-API-Key", KEY).DELETE()).statusCode());
        assertEquals(400, send(HttpRequest.newBuilder(server.baseUri().resolve("data")).GET()).statusCode());
    }

    @Test
    void serviceToAnEndpointOffTheAllowlistIsRefusedUnfetched() throws Exception {
        String q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }";
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.sparqlUri() + "?query="
                + URLEncoder.encode(q, StandardCharsets.UTF_8))).GET());
        assertEquals(403, r.statusCode());
        assertEquals("SERVICE <http://127.0.0.1:9/sparql> is not on this server's allowlist (no remote endpoints are allowed; see --allow-service)\n", r.body());
        assertEquals("SERVICE with a variable endpoint is not allowed",
                new RemoteAccessPolicy(Set.of("http://127.0.0.1:9/sparql"), Set.of()).check(
                        org.apache.jena.query.QueryFactory.create("SELECT * { SERVICE ?s { ?a ?b ?c } }")));
        assertEquals(null, new RemoteAccessPolicy(Set.of("http://127.0.0.1:9/sparql"), Set.of()).check(org.apache.jena.query.QueryFactory.create(q)));
    }

    @Test
    void bodiesOverTheLimitAre413AndRowsAreCapped() throws Exception {
        String big = "SELECT * WHERE { ?s ?p ?o } #" + "x".repeat(5000);
        HttpResponse<String> r = send(HttpRequest.newBuilder(server.sparqlUri()).header("Content-Type", "application/sparql-query")
                .POST(HttpRequest.BodyPublishers.ofString(big)));
        assertEquals(413, r.statusCode());
        HttpResponse<String> capped = send(HttpRequest.newBuilder(URI.create(server.sparqlUri() + "?query="
                + URLEncoder.encode("SELECT * WHERE { ?s ?p ?o }", StandardCharsets.UTF_8))).header("Accept", "text/csv").GET());
        assertEquals(3, capped.body().strip().lines().count(), "header + 2 rows");
    }

    @Test
    void readKeysCloseReads() throws Exception {
        GeoStore other = GeoStore.open(tmp.resolve("closed"));
        try (EndpointServer closed = EndpointServer.start(other, EndpointConfig.loopback(0)
                .withKeys(ApiKeys.of(KEY), ApiKeys.of(READ_KEY)))) {
            URI ask = URI.create(closed.sparqlUri() + "?query=" + URLEncoder.encode("ASK {}", StandardCharsets.UTF_8));
            assertEquals(401, send(HttpRequest.newBuilder(ask).GET()).statusCode());
            assertEquals(200, send(HttpRequest.newBuilder(ask).header("X-API-Key", READ_KEY).GET()).statusCode());
            assertEquals(200, send(HttpRequest.newBuilder(ask).header("X-API-Key", KEY).GET()).statusCode());
            assertEquals(401, send(HttpRequest.newBuilder(closed.baseUri().resolve("update")).header("X-API-Key", READ_KEY)
                    .header("Content-Type", "application/sparql-update").POST(HttpRequest.BodyPublishers.ofString("CLEAR ALL"))).statusCode());
        } finally {
            other.close();
        }
    }

    @Test
    void geoJsonResultsAreLonLatFeatures() throws Exception {
        String q = EndpointServerTest.PREFIXES + "SELECT ?name ?wkt WHERE { ?p geo:sfWithin <https://example.org/italyBox> ; "
                + "a floe:PopulatedPlace ; rdfs:label ?name ; geo:hasDefaultGeometry/geo:asWKT ?wkt } ORDER BY ?name";
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.sparqlUri() + "?query="
                + URLEncoder.encode(q, StandardCharsets.UTF_8))).header("Accept", "application/geo+json").GET());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode fc = new ObjectMapper().readTree(r.body());
        assertEquals("FeatureCollection", fc.get("type").asText());
        assertEquals(2, fc.get("features").size(), "capped at 2 rows by this server");
        JsonNode rome = fc.get("features").get(0);
        assertEquals("Rome", rome.get("properties").get("name").asText());
        assertEquals("Point", rome.get("geometry").get("type").asText());
        assertEquals(12.481312562873995, rome.get("geometry").get("coordinates").get(0).asDouble(), 1e-9);
        assertEquals(41.89790148509894, rome.get("geometry").get("coordinates").get(1).asDouble(), 1e-9);

        // EPSG:4326 literals are lat, lon: GeoJSON must still come out lon, lat
        String epsg = EndpointServerTest.PREFIXES + "SELECT ?g WHERE { BIND(\"<http://www.opengis.net/def/crs/EPSG/0/4326> "
                + "POINT(41.9 12.5)\"^^geo:wktLiteral AS ?g) }";
        JsonNode point = new ObjectMapper().readTree(send(HttpRequest.newBuilder(URI.create(server.sparqlUri() + "?format=geojson&query="
                + URLEncoder.encode(epsg, StandardCharsets.UTF_8))).GET()).body()).get("features").get(0).get("geometry");
        assertEquals(12.5, point.get("coordinates").get(0).asDouble(), 1e-9);
        assertEquals(41.9, point.get("coordinates").get(1).asDouble(), 1e-9);
    }
}
