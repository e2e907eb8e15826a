package dev.floe.store.sparql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetRewindable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.floe.sparql.QueryAnswer;
import dev.floe.sparql.ResultFormat;

/** The client against a real HTTP server on loopback that answers what each test tells it to, and records the requests. */
class RemoteEndpointTest {

    private static final String TWO_ROWS = """
            { "head": { "vars": [ "label" ] },
              "results": { "bindings": [ { "label": { "type": "literal", "value": "Paris" } },
                                         { "label": { "type": "literal", "value": "Rome" } } ] } }
            """;

    private HttpServer server;
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
    private final List<String> requests = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        threads.shutdownNow();
    }

    @Test
    void selectPostsTheQueryWithFloesUserAgentAndReadsEverySolution() throws IOException {
        URI sparql = serve(200, "application/sparql-results+json", TWO_ROWS, 0);
        ResultSetRewindable rows = new RemoteEndpoint(sparql, Duration.ofSeconds(5))
                .select(QueryFactory.create("SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"));
        assertEquals(2, rows.size());
        assertEquals("Paris", rows.next().getLiteral("label").getString());
        assertEquals("Rome", rows.next().getLiteral("label").getString());
        assertEquals(1, requests.size());
        assertEquals("POST application/sparql-query;charset=utf-8 floe", requests.get(0));
    }

    @Test
    void aQueryGivenAsTextIsSentAsWrittenAndItsAnswerWrittenInAnyFormat() throws IOException {
        URI sparql = serve(200, "application/sparql-results+json", TWO_ROWS, 0);
        String text = "# labels\nSELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }";
        QueryAnswer answer = new RemoteEndpoint(sparql, Duration.ofSeconds(5)).query(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, answer.write(out, ResultFormat.CSV, null));
        assertEquals("label\r\nParis\r\nRome\r\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(text, bodies.get(0));
    }

    @Test
    void askAnswersTrueOrFalse() throws IOException {
        URI sparql = serve(200, "application/sparql-results+json", "{ \"head\": {}, \"boolean\": false }", 0);
        QueryAnswer answer = new RemoteEndpoint(sparql, Duration.ofSeconds(5)).query("ASK {}");
        assertEquals(QueryAnswer.ask(false), answer);
    }

    @Test
    void constructAnswersItsGraph() throws IOException {
        URI sparql = serve(200, "application/n-triples", "<https://example.org/a> <https://example.org/p> \"x\" .\n", 0);
        QueryAnswer answer = new RemoteEndpoint(sparql, Duration.ofSeconds(5)).query("CONSTRUCT WHERE { ?s ?p ?o }");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(1, answer.write(out, ResultFormat.NTRIPLES, null));
        assertEquals("<https://example.org/a> <https://example.org/p> \"x\" .\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anHttpErrorNamesTheEndpointTheStatusAndWhatTheServerSaid() throws IOException {
        URI sparql = serve(400, "text/plain", "SPARQL syntax error: line 1\n", 0);
        RemoteEndpointException e = assertThrows(RemoteEndpointException.class,
                () -> new RemoteEndpoint(sparql, Duration.ofSeconds(5)).query("SELECT * { ?s ?p ?o }"));
        assertEquals(sparql + ": answered HTTP 400: SPARQL syntax error: line 1", e.getMessage());
        assertEquals(sparql, e.endpoint());
    }

    @Test
    void anEndpointNobodyListensOnCannotBeConnectedTo() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        URI sparql = URI.create("http://127.0.0.1:" + port + "/sparql");
        RemoteEndpointException e = assertThrows(RemoteEndpointException.class,
                () -> new RemoteEndpoint(sparql, Duration.ofSeconds(5)).query("ASK {}"));
        assertEquals(sparql + ": cannot connect (is the server running?)", e.getMessage());
        assertEquals("cannot connect (is the server running?)", e.reason());
    }

    @Test
    void anEndpointSlowerThanTheTimeoutFailsWithTheTimeout() throws IOException {
        URI sparql = serve(200, "application/sparql-results+json", TWO_ROWS, 3_000);
        long start = System.nanoTime();
        RemoteEndpointException e = assertThrows(RemoteEndpointException.class,
                () -> new RemoteEndpoint(sparql, Duration.ofMillis(500)).query("SELECT * { ?s ?p ?o }"));
        assertEquals(sparql + ": no answer within 0.5 s", e.getMessage());
        assertTrue(System.nanoTime() - start < 2_500_000_000L, "waited for the slow answer");
    }

    @Test
    void theTextOfAnInvalidQueryIsRefusedBeforeAnythingIsSent() throws IOException {
        URI sparql = serve(200, "application/sparql-results+json", TWO_ROWS, 0);
        assertThrows(org.apache.jena.query.QueryParseException.class,
                () -> new RemoteEndpoint(sparql, Duration.ofSeconds(5)).query("SELECT WHERE"));
        assertEquals(List.of(), requests);
    }

    /** Serves one answer at /sparql on loopback after {@code delayMillis}; records method, content type and user agent. */
    private URI serve(int status, String contentType, String body, long delayMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sparql", (HttpExchange x) -> {
            synchronized (requests) {
                requests.add(x.getRequestMethod() + " " + x.getRequestHeaders().getFirst("Content-Type") + " "
                        + x.getRequestHeaders().getFirst("User-Agent"));
                bodies.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            }
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", contentType);
            x.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            } catch (IOException gone) {
                // the client gave up waiting (the timeout test)
            }
        });
        server.setExecutor(threads);
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sparql");
    }
}
