package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code floe demo} as a user runs it: the shaded jar in its own JVM, first run loads, the endpoint
 * answers GeoSPARQL on loopback, SIGTERM (as Ctrl-C) stops it cleanly, and a second run reuses the store.
 */
class DemoIT {

    @TempDir
    Path tmp;

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static final String ICE_SHELVES = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX floe: <https://w3id.org/floe/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            + "SELECT DISTINCT ?shelf WHERE { ?p a floe:SARProduct ; geo:sfIntersects ?s . ?s a floe:IceShelf ; rdfs:label ?shelf } "
            + "ORDER BY ?shelf";

    record Demo(Process process, URI sparql, StringBuilder log) {
    }

    Demo start(Path store) throws IOException {
        String jar = System.getProperty("floe.jar");
        assertNotNull(jar, "floe.jar system property (set by failsafe)");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-jar", jar, "demo", "--port", "0", "--store", store.toString(), "--quiet"))
                .redirectErrorStream(true).start();
        StringBuilder log = new StringBuilder();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        URI sparql = null;
        while ((line = out.readLine()) != null) {
            log.append(line).append('\n');
            if (line.trim().startsWith("SPARQL endpoint: ")) {
                sparql = URI.create(line.trim().substring("SPARQL endpoint: ".length()));
            }
            if (line.startsWith("Press Ctrl-C")) {
                break;
            }
        }
        assertNotNull(sparql, "the demo printed no endpoint URL:\n" + log);
        Thread drain = new Thread(() -> out.lines().forEach(l -> log.append(l).append('\n')));
        drain.setDaemon(true);
        drain.start();
        return new Demo(p, sparql, log);
    }

    static String ask(URI sparql, String query) throws IOException, InterruptedException {
        URI uri = URI.create(sparql + "?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).header("Accept", "text/csv").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    @Test
    void demoServesTheBundledDataAndStopsCleanlyOnSigterm() throws Exception {
        Path store = tmp.resolve("floe-data");
        Demo first = start(store);
        assertEquals("127.0.0.1", first.sparql().getHost());
        assertTrue(first.log().toString().contains("demo: first run, loading the bundled data"), first.log().toString());
        assertTrue(first.log().toString().contains("curl -s " + first.sparql()), first.log().toString());
        assertEquals("shelf\r\nRoss Ice Shelf\r\nSulzberger Ice Shelf\r\n", ask(first.sparql(), ICE_SHELVES));
        URI page = first.sparql().resolve("/");
        assertTrue(first.log().toString().contains("Analyst page:    " + page), first.log().toString());
        HttpResponse<String> html = HTTP.send(HttpRequest.newBuilder(page).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, html.statusCode());
        assertTrue(html.body().contains("<title>floe · GeoSPARQL</title>"));

        // the ML loop: a land-cover model trained on one bundled product, served, its predictions over the other loaded
        assertTrue(first.log().toString().contains("demo: land-cover model trained, registered, served and its predictions loaded"),
                first.log().toString());
        HttpResponse<String> predicted = HTTP.send(HttpRequest.newBuilder(page.resolve("/v1/models/land-cover:predict"))
                .POST(HttpRequest.BodyPublishers.ofFile(store.resolve("demo-input/predict-request.json"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, predicted.statusCode(), predicted.body());
        assertTrue(predicted.body().startsWith("{\"predictions\":[{\"probabilities\":["), predicted.body());
        assertTrue(first.log().toString().contains("curl -s " + page + "v1/models/land-cover:predict -d @" + store
                + "/demo-input/predict-request.json"), first.log().toString());
        String perClass = ask(first.sparql(), "PREFIX floe: <https://w3id.org/floe/ontology#> SELECT (COUNT(?p) AS ?n) "
                + "WHERE { ?p a floe:Prediction }");
        assertTrue(perClass.matches("n\r\n[1-9][0-9]{3}\r\n"), "thousands of predicted patches: " + perClass);
        first.process().destroy(); // SIGTERM, as Ctrl-C
        assertTrue(first.process().waitFor(60, TimeUnit.SECONDS), "demo did not stop on SIGTERM");
        assertTrue(Files.isRegularFile(store.resolve("spatial/spatial.index")));

        Demo second = start(store);
        assertTrue(second.log().toString().contains("demo: reusing the store in"), second.log().toString());
        assertTrue(!second.log().toString().contains("model trained"), "a second run reuses the model: " + second.log());
        assertEquals("shelf\r\nRoss Ice Shelf\r\nSulzberger Ice Shelf\r\n", ask(second.sparql(), ICE_SHELVES));
        second.process().destroy();
        assertTrue(second.process().waitFor(60, TimeUnit.SECONDS));
    }
}
