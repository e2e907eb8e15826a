package dev.floe.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.store.GeoStore;

/** The request log: one line per answered request, with its status, rows and time, whatever the outcome. */
class RequestLogTest {

    @TempDir
    Path tmp;

    @Test
    void eachRequestIsOneLineWithStatusRowsAndMilliseconds() throws Exception {
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            store.load(List.of(dev.floe.store.StoreFixtures.places()));
            try (EndpointServer server = EndpointServer.start(store, EndpointConfig.loopback(0), null, lines::add)) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                URI select = URI.create(server.sparqlUri() + "?query=" + URLEncoder.encode(EndpointServerTest.WITHIN, StandardCharsets.UTF_8));
                assertEquals(200, http.send(HttpRequest.newBuilder(select).header("Accept", "text/csv").GET().build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
                URI construct = URI.create(server.sparqlUri() + "?query=" + URLEncoder.encode(
                        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5", StandardCharsets.UTF_8));
                http.send(HttpRequest.newBuilder(construct).header("Accept", "application/n-triples").GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                http.send(HttpRequest.newBuilder(server.baseUri().resolve("update")).header("Content-Type", "application/sparql-update")
                        .POST(HttpRequest.BodyPublishers.ofString("DROP ALL")).build(), HttpResponse.BodyHandlers.ofString());
                http.send(HttpRequest.newBuilder(server.baseUri().resolve("nowhere")).GET().build(), HttpResponse.BodyHandlers.ofString());
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (lines.size() < 4 && System.nanoTime() < deadline) {
                    Thread.sleep(20); // a line is written once the body has gone out
                }
            }
        }
        List<String> got = List.copyOf(lines);
        assertEquals(4, got.size(), got.toString());
        assertTrue(got.get(0).matches("GET /sparql 200 3 rows \\d+ ms"), got.get(0));
        assertTrue(got.get(1).matches("GET /sparql 200 5 rows \\d+ ms"), got.get(1));
        assertTrue(got.get(2).matches("POST /update 403 - \\d+ ms"), got.get(2));
        assertTrue(got.get(3).matches("GET /nowhere 404 - \\d+ ms"), got.get(3));
    }
}
