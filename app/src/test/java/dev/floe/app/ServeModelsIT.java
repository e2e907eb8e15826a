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
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code floe serve} with a registered model, as a user runs it: the shaded jar in its own JVM serves the champion over
 * TF Serving's REST API and the Open Inference Protocol; a request that names its patches records predictions that
 * GeoSPARQL finds at once; an asynchronous recording acknowledged just before a {@code kill -9} is in the store after
 * the restart (whether the kill lands before or after its background write; the replay of a log a killed process left is
 * tested on its own in {@code PredictionLogTest}).
 */
class ServeModelsIT {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String WRITE_KEY = "write-key-0123456789abcdef";

    @TempDir
    Path tmp;

    record Server(Process process, URI base, StringBuilder log) {
    }

    Server serve(Path store, Path keys) throws IOException {
        String jar = System.getProperty("floe.jar");
        assertNotNull(jar, "floe.jar system property (set by failsafe)");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-jar", jar, "serve", "--port", "0", "--store", store.toString(),
                "--api-keys", keys.toString(), "--quiet")).redirectErrorStream(true).start();
        StringBuilder log = new StringBuilder();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        URI base = null;
        while ((line = out.readLine()) != null) {
            log.append(line).append('\n');
            if (line.trim().startsWith("Analyst page: ")) {
                base = URI.create(line.trim().substring("Analyst page: ".length()).trim());
            }
            if (line.startsWith("Press Ctrl-C")) {
                break;
            }
        }
        assertNotNull(base, "serve printed no URL:\n" + log);
        Thread drain = new Thread(() -> out.lines().forEach(l -> log.append(l).append('\n')));
        drain.setDaemon(true);
        drain.start();
        return new Server(p, base, log);
    }

    static HttpResponse<String> post(URI uri, String body, String key) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String csv(URI base, String query) throws IOException, InterruptedException {
        URI uri = URI.create(base + "sparql?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).header("Accept", "text/csv").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /** One 8 x 8 SAR instance: HH and HV rows of -20 dB with a bright centre, and an incidence angle. */
    static String instance(String subject, String footprint) {
        StringBuilder patch = new StringBuilder("[");
        for (int band = 0; band < 2; band++) {
            patch.append(band == 0 ? "[" : ",[");
            for (int y = 0; y < 8; y++) {
                patch.append(y == 0 ? "[" : ",[");
                for (int x = 0; x < 8; x++) {
                    boolean centre = Math.abs(y - 4) + Math.abs(x - 4) < 3;
                    patch.append(x == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.1f", centre ? -8.0 - band * 4 : -28.0 - band * 6));
                }
                patch.append(']');
            }
            patch.append(']');
        }
        patch.append(']');
        return "{\"patch\": " + patch + ", \"incidence_angle\": [38.5]"
                + (subject == null ? "" : ", \"floe:subject\": \"" + subject + "\", \"floe:footprint\": \"" + footprint + "\"") + "}";
    }

    static final String WITHIN_BOX = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> PREFIX floe: <https://w3id.org/floe/ontology#> "
            + "SELECT ?class WHERE { ?p a floe:Prediction ; floe:predictedClass ?class ; geo:hasGeometry ?g . "
            + "?g geo:sfWithin \"POLYGON((-170 -80, -150 -80, -150 -76, -170 -76, -170 -80))\"^^geo:wktLiteral } ORDER BY ?class";

    /** The requests readable in the inference log folder now (finished files and the open file's flushed part). */
    static long logged(Path logs) {
        if (!Files.isDirectory(logs)) {
            return 0;
        }
        try (var records = dev.floe.ml.monitoring.InferenceLog.read(logs)) {
            return records.count();
        }
    }

    @Test
    void servesTheChampionRecordsPredictionsAndKeepsAnAcknowledgedOneAcrossKillNine() throws Exception {
        Path store = MlCommandsTest.storeWithRegisteredModel(tmp);
        Path keys = Files.writeString(tmp.resolve("keys.txt"), "writer " + WRITE_KEY + "\n");

        Server first = serve(store, keys);
        try {
            assertTrue(first.log().toString().contains("floe: serving icebergs version 1 (sar-cnn, 2 classes)"), first.log().toString());
            HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(first.base().resolve("v1/models/icebergs")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, status.statusCode(), status.body());
            assertEquals("AVAILABLE", JSON.readTree(status.body()).at("/model_version_status/0/state").asText(), status.body());

            HttpResponse<String> plain = post(first.base().resolve("v1/models/icebergs:predict"),
                    "{\"instances\": [" + instance(null, null) + "]}", null);
            assertEquals(200, plain.statusCode(), plain.body());
            JsonNode prediction = JSON.readTree(plain.body()).at("/predictions/0");
            double pIceberg = prediction.at("/probabilities/0").asDouble();
            double pShip = prediction.at("/probabilities/1").asDouble();
            assertEquals(1.0, pIceberg + pShip, 1e-5, plain.body());
            assertEquals(pIceberg > pShip ? "iceberg" : "ship", prediction.at("/class").asText(), plain.body());

            HttpResponse<String> v2 = post(first.base().resolve("v2/models/icebergs/infer"), "{\"inputs\": ["
                    + "{\"name\": \"patch\", \"shape\": [1, 2, 8, 8], \"datatype\": \"FP32\", \"data\": " + JSON.readTree(instance(null, null)).get("patch") + "},"
                    + "{\"name\": \"incidence_angle\", \"shape\": [1, 1], \"datatype\": \"FP32\", \"data\": [38.5]}]}", null);
            assertEquals(200, v2.statusCode(), v2.body());
            JsonNode probabilities = null;
            for (JsonNode o : JSON.readTree(v2.body()).get("outputs")) {
                if (o.get("name").asText().equals("probabilities")) {
                    probabilities = o.get("data");
                }
            }
            assertNotNull(probabilities, v2.body());
            assertEquals(pIceberg, probabilities.get(0).asDouble(), 1e-6, "both protocols, the same forward pass");

            // labels move over HTTP too: a write, recorded in the registry's alias history
            URI champion = first.base().resolve("v1/models/icebergs/labels/champion");
            HttpRequest.Builder put = HttpRequest.newBuilder(champion).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"version\": 1}"));
            assertEquals(401, HTTP.send(put.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> removed = HTTP.send(HttpRequest.newBuilder(champion).header("Authorization", "Bearer " + WRITE_KEY)
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("{\"model\":\"icebergs\",\"label\":\"champion\",\"from_version\":\"1\",\"to_version\":null,\"changed\":true}",
                    removed.body());
            assertEquals(404, HTTP.send(HttpRequest.newBuilder(champion).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> restored = HTTP.send(put.header("Authorization", "Bearer " + WRITE_KEY).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, restored.statusCode(), restored.body());
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(champion).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> noVersion = HTTP.send(HttpRequest.newBuilder(champion).header("Authorization", "Bearer " + WRITE_KEY)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"version\": 7}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, noVersion.statusCode());
            assertEquals("{\"error\":\"model icebergs has no version 7 (versions [1])\"}", noVersion.body());
            HttpResponse<String> numeric = HTTP.send(HttpRequest.newBuilder(first.base().resolve("v1/models/icebergs/labels/42"))
                    .header("Authorization", "Bearer " + WRITE_KEY).PUT(HttpRequest.BodyPublishers.ofString("{\"version\": 1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, numeric.statusCode());
            assertEquals("{\"error\":\"alias 42: an alias must not be a number (it would read as a version)\"}", numeric.body());
            HttpResponse<String> noBody = HTTP.send(HttpRequest.newBuilder(champion).header("Authorization", "Bearer " + WRITE_KEY)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"v\": 1}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, noBody.statusCode());
            assertEquals("{\"error\":\"the body must be {\\\"version\\\": N}, N a version number\"}", noBody.body());
            assertEquals("by\r\n" + System.getProperty("user.name") + "\r\nwriter\r\nwriter\r\n", csv(first.base(),
                    "PREFIX floe: <https://w3id.org/floe/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
                    + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?by WHERE { ?c a floe:AliasChange ; "
                    + "prov:endedAtTime ?t ; prov:wasAssociatedWith/rdfs:label ?by } ORDER BY ?t"),
                    "the register command's user, then the write key's holder as labelled in the key file");

            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(first.base().resolve("metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("floe_inference_seconds_count{model=\"icebergs\",outcome=\"ok\",version=\"1\"} 2"),
                    "the two predictions so far, counted in Prometheus's format: " + metrics.body());
            assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "and the JVM's memory");
            assertTrue(metrics.body().contains("floe_inference_log_records_total{outcome=\"dropped\"} 0.0"),
                    "and the inference log's records, none dropped: " + metrics.body());

            String recordBody = "{\"instances\": [" + instance("https://example.org/patch/ross-1", "POINT(-160 -78)") + "]}";
            assertEquals(401, post(first.base().resolve("v1/models/icebergs:predict"), recordBody, null).statusCode(),
                    "recording predictions is a write");
            HttpResponse<String> recorded = post(first.base().resolve("v1/models/icebergs:predict"), recordBody, WRITE_KEY);
            assertEquals(200, recorded.statusCode(), recorded.body());
            String predictionIri = JSON.readTree(recorded.body()).at("/floe:predictions/0").asText();
            assertTrue(predictionIri.startsWith("https://w3id.org/floe/data/prediction/"), recorded.body());
            assertEquals("class\r\n" + prediction.at("/class").asText() + "\r\n", csv(first.base(), WITHIN_BOX),
                    "found by a geo:sfWithin property function as soon as the answer is back");

            HttpResponse<String> async = post(first.base().resolve("v1/models/icebergs:predict"), "{\"floe:record\": \"async\", "
                    + "\"instances\": [" + instance("https://example.org/patch/ross-2", "POINT(-155 -77)") + "]}", WRITE_KEY);
            assertEquals(200, async.statusCode(), async.body());

            // every inference request is in the inference log: 4 answered and the recording refused without a write key (401)
            HttpResponse<String> monitoring = HTTP.send(HttpRequest.newBuilder(first.base().resolve("v1/models/icebergs/monitoring"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, monitoring.statusCode(), monitoring.body());
            JsonNode watched = JSON.readTree(monitoring.body());
            assertEquals(500, watched.get("window_size").asInt(), monitoring.body());
            assertEquals(0, watched.at("/inference_log/dropped").asInt(), monitoring.body());
            assertTrue(watched.at("/versions/0/reference_profile").asBoolean(), monitoring.body());
            assertEquals(404, HTTP.send(HttpRequest.newBuilder(first.base().resolve("v1/models/penguins/monitoring")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            Path logs = store.resolve("logs").resolve("inference");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (logged(logs) < 5 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(5, logged(logs), "flushed to the log's open file before the kill");
        } finally {
            first.process().destroyForcibly(); // kill -9: no shutdown hook runs
            assertTrue(first.process().waitFor(60, TimeUnit.SECONDS));
        }

        Server second = serve(store, keys);
        try {
            String classes = csv(second.base(), WITHIN_BOX);
            assertEquals(3, classes.split("\r\n").length, "both predictions survive the kill, the synchronous and the logged one: " + classes);
        } finally {
            second.process().destroy();
            assertTrue(second.process().waitFor(60, TimeUnit.SECONDS));
        }

        // the killed server's open log file was salvaged into a finished one; floe monitor checks it in windows of 2 rows
        try (var files = Files.list(store.resolve("logs").resolve("inference"))) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".open")).toList(), "no open file left");
        }
        CommandLineTest.Run monitor = CommandLineTest.floe("monitor", "--store", store.toString(), "--model", "icebergs", "--window", "2",
                "--quiet");
        assertEquals(0, monitor.exit(), monitor.err());
        assertEquals(3, monitor.out().split("\n").length, "a header and two windows: " + monitor.out());
        assertTrue(monitor.err().contains("5 requests to icebergs (1 failed, not checked), 4 rows; 2 windows checked"), monitor.err());
        CommandLineTest.Run reports = CommandLineTest.floe("query", "--store", store.toString(), "--format", "csv",
                "PREFIX floe: <https://w3id.org/floe/ontology#> SELECT (COUNT(?r) AS ?n) WHERE { ?r a floe:DriftReport ; floe:windowSize 2 }");
        assertEquals(0, reports.exit(), reports.err());
        assertEquals("n\r\n2\r\n", reports.out(), "each window's report is in the store");
    }
}
