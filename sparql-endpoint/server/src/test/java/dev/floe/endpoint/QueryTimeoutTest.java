package dev.floe.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.floe.store.GeoStore;

/**
 * The query timeout bounds the answer too: a query cancelled before any byte is sent is 503; one cancelled while
 * its answer streams ends in a broken connection, never a well-formed short answer; REGEX stops at the timeout.
 * A store of 3,000 generated triples, a 1 s timeout, cross products that would run for days.
 */
class QueryTimeoutTest {

    static final String EX = "PREFIX ex: <https://example.org/> ";
    /** 27 billion rows, the first at once: streams until the timeout. */
    static final String CROSS_PRODUCT = "SELECT * { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }";
    /** 3,000 rows (about 200 KB) found among 9 million pairs: few rows, slowly. */
    static final String SLOW_ROWS = EX + "SELECT ?a ?b { ?a ex:p ?x . ?b ex:p ?y FILTER(STR(?x) = STR(?y)) }";
    /** Exponential backtracking in java.util.regex: 2^40 steps on the literal below. */
    static final String CATASTROPHIC = "'^((a+)+)+$'";
    /** 40 a and a mark: the pattern above never matches it, after trying every split. */
    static final String LONG_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path tmp;
    static GeoStore store;
    static EndpointServer server;

    @BeforeAll
    static void start() throws Exception {
        StringBuilder ttl = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            ttl.append("<https://example.org/s").append(i).append("> <https://example.org/p> \"v").append(i).append("\" .\n");
        }
        ttl.append("<https://example.org/r> <https://example.org/text> \"").append(LONG_A).append("\" .\n");
        Path data = tmp.resolve("generated.ttl");
        Files.writeString(data, ttl);
        store = GeoStore.open(tmp.resolve("store"));
        store.load(List.of(data));
        server = EndpointServer.start(store, EndpointConfig.loopback(0).withQueryTimeout(Duration.ofSeconds(1)));
        send("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "csv"); // warm up the engine, so timings measure the query
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    static HttpRequest request(String query, String format) {
        return HttpRequest.newBuilder(URI.create(server.sparqlUri() + "?format=" + format + "&query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(20)).GET().build();
    }

    static HttpResponse<String> send(String query, String format) throws IOException, InterruptedException {
        return HTTP.send(request(query, format), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "tsv", "json", "xml", "geojson"})
    void aQueryTimedOutWhileStreamingBreaksTheConnectionInsteadOfEndingTheAnswer(String format) throws Exception {
        HttpResponse<InputStream> r = HTTP.send(request(CROSS_PRODUCT, format), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode(), "the answer was streaming when the timeout struck");
        long start = System.nanoTime();
        try (InputStream body = r.body()) {
            // the chunked body lacks its last chunk: the client sees an error, not a clean end of a short answer
            assertThrows(IOException.class, () -> body.transferTo(OutputStreamSink.INSTANCE));
        }
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "the answer stopped near the timeout");
    }

    /** Discards what it is given. */
    static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    @Test
    void aQueryTimedOutBeforeItsAnswerLeftIs503InPlainText() throws Exception {
        // the first rows are found at once, but the answer is still held back when the timeout strikes
        HttpResponse<String> r = send(SLOW_ROWS, "csv");
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(r.body().contains("timeout"), r.body());
    }

    @Test
    void aConstructPastTheTimeoutIs503() throws Exception {
        HttpResponse<String> r = send(EX + "CONSTRUCT { ?a ex:q ?b } WHERE { ?a ex:p ?x . ?b ex:p ?y FILTER(STR(?x) = STR(?y)) }", "turtle");
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.body().contains("timeout"), r.body());
    }

    /** SELECT, CONSTRUCT and ASK that find their few answers (or none) slowly, among 9 million pairs. */
    static final List<String> SLOW_FORMS = List.of(SLOW_ROWS,
            EX + "CONSTRUCT { ?a ex:q ?b } WHERE { ?a ex:p ?x . ?b ex:p ?y FILTER(STR(?x) = STR(?y)) }",
            EX + "ASK { ?a ex:p ?x . ?b ex:p ?y FILTER(STR(?x) = CONCAT(STR(?y), '!')) }");

    /** The same query sent the three ways the SPARQL Protocol allows, asking for CSV (Turtle for a CONSTRUCT). */
    static List<HttpRequest> threeWays(String query) {
        boolean graph = query.contains("CONSTRUCT");
        URI uri = server.sparqlUri();
        String accept = graph ? "text/turtle" : "text/csv";
        return List.of(request(query, graph ? "turtle" : "csv"),
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).header("Accept", accept)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(),
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).header("Accept", accept)
                        .header("Content-Type", "application/sparql-query")
                        .POST(HttpRequest.BodyPublishers.ofString(query)).build());
    }

    @Test
    void everyQueryFormPastTheTimeoutIs503InPlainTextOverGetAndPost() throws Exception {
        for (String query : SLOW_FORMS) {
            for (HttpRequest request : threeWays(query)) {
                HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                String what = request.method() + " " + request.headers().firstValue("Content-Type").orElse("") + " " + query;
                assertEquals(503, r.statusCode(), what + ": " + r.body());
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), what);
                assertEquals("query cancelled: it ran longer than the 1 s timeout", r.body().strip(), what);
            }
        }
    }

    @Test
    void aPostedQueryTimedOutWhileStreamingBreaksTheConnectionNeverAnErrorPage() throws Exception {
        for (HttpRequest request : threeWays(CROSS_PRODUCT).subList(1, 3)) {
            HttpResponse<InputStream> r = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode(), "the answer was streaming when the timeout struck");
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"), r.headers().toString());
            try (InputStream body = r.body()) {
                assertThrows(IOException.class, () -> body.transferTo(OutputStreamSink.INSTANCE));
            }
        }
    }

    @Test
    void aSmallAnswerStillArrivesWhole() throws Exception {
        HttpResponse<String> r = send(EX + "SELECT ?s { ?s ex:p 'v7' }", "csv");
        assertEquals(200, r.statusCode());
        assertEquals("s\r\nhttps://example.org/s7\r\n", r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        EX + "SELECT ?s { ?s ex:text ?t FILTER(REGEX(?t, " + CATASTROPHIC + ")) }",
        "SELECT ?t { BIND('" + LONG_A + "' AS ?t) FILTER(REGEX(?t, " + CATASTROPHIC + ", 'i')) }",
        "ASK { FILTER(REGEX('" + LONG_A + "', " + CATASTROPHIC + ")) }"})
    void aCatastrophicRegexStopsWithinTwiceTheTimeout(String query) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = send(query, "csv");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(ms < 2000, "answered after " + ms + " ms with a 1 s timeout");
    }
}
