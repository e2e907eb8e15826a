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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.store.GeoStore;

/** At most {@code --max-concurrent-queries} queries run at once; the rest get a fast 503 with Retry-After. */
class QueryAdmissionTest {

    static final int LIMIT = 2;
    static final int EXTRA = 3;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path tmp;
    static GeoStore store;
    static EndpointServer server;

    @BeforeAll
    static void start() throws Exception {
        StringBuilder ttl = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            ttl.append("<https://example.org/s").append(i).append("> <https://example.org/p> \"v").append(i).append("\" .\n");
        }
        Path data = tmp.resolve("generated.ttl");
        Files.writeString(data, ttl);
        store = GeoStore.open(tmp.resolve("store"));
        store.load(List.of(data));
        // 3 s: the admitted queries outlast the refusals' 0.75 s wait even on a busy machine
        server = EndpointServer.start(store, EndpointConfig.loopback(0).withQueryTimeout(Duration.ofSeconds(3))
                .withMaxConcurrentQueries(LIMIT));
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    static HttpRequest heavy() {
        return HttpRequest.newBuilder(URI.create(server.sparqlUri() + "?format=csv&query="
                + URLEncoder.encode(QueryTimeoutTest.CROSS_PRODUCT, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void queriesBeyondTheLimitGetAFast503WithRetryAfterWhileTheAdmittedOnesRunToTheirEnd() throws Exception {
        // twice: the second round shows that the first gave every place back (aborted streams included)
        for (int round = 0; round < 2; round++) {
            List<HttpResponse<InputStream>> admitted = new ArrayList<>();
            for (int i = 0; i < LIMIT; i++) {
                // headers back: the query holds its place and streams its answer; read only after the refusals, so
                // its writing waits on this client rather than racing the timeout on a busy machine
                HttpResponse<InputStream> r = HTTP.send(heavy(), HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, r.statusCode(), "round " + round);
                admitted.add(r);
            }
            List<CompletableFuture<HttpResponse<String>>> refused = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < EXTRA; i++) {
                refused.add(HTTP.sendAsync(heavy(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> f : refused) {
                HttpResponse<String> r = f.get();
                assertEquals(503, r.statusCode(), r.body());
                assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
                assertTrue(r.body().contains("limit of 2 queries"), r.body());
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            // the server waits 0.75 s for a place; the rest is this busy client (two answers streaming into it)
            assertTrue(ms < 2500, "the refusals took " + ms + " ms: they waited for the running queries to end (3 s)");
            for (HttpResponse<InputStream> r : admitted) {
                try (InputStream body = r.body()) {
                    // the admitted query resumes writing, reaches its timeout and is cut off
                    assertThrows(IOException.class, () -> body.transferTo(QueryTimeoutTest.OutputStreamSink.INSTANCE));
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> EndpointConfig.loopback(0).withMaxConcurrentQueries(0));
    }
}
