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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.sparql.access.ApiKeys;
import dev.floe.store.GeoStore;

/**
 * A bounded loopback load test: 50 concurrent readers run spatial queries while one writer keeps inserting
 * and deleting features. Every request must succeed, and no reader may see half of a write: each write adds
 * or removes a pair of features in one request, so every count a reader sees is even.
 */
class ConcurrentReadWriteTest {

    static final String KEY = "load-test-key-0123456789";
    static final int READERS = 50;
    static final int READS_EACH = 20;

    @TempDir
    Path tmp;

    @Test
    void fiftyReadersDuringContinuousWritesSeeNoErrorsAndNoPartialWrites() throws Exception {
        try (GeoStore store = GeoStore.open(tmp.resolve("store"));
             EndpointServer server = EndpointServer.start(store, EndpointConfig.loopback(0).withKeys(ApiKeys.of(KEY), ApiKeys.NONE))) {
            store.load(List.of(dev.floe.store.StoreFixtures.places()));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(8)).connectTimeout(Duration.ofSeconds(5)).build();
            String count = EndpointServerTest.PREFIXES + "SELECT (COUNT(?f) AS ?n) WHERE { ?f geo:sfWithin <https://example.org/italyBox> ; "
                    + "a <https://example.org/Pair> }";
            URI read = URI.create(server.sparqlUri() + "?query=" + URLEncoder.encode(count, StandardCharsets.UTF_8));

            AtomicBoolean writing = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
            AtomicInteger writes = new AtomicInteger();
            Thread writer = new Thread(() -> {
                for (int i = 0; writing.get() && i < 10_000; i++) {
                    String update = i % 2 == 0
                            ? "PREFIX geo: <http://www.opengis.net/ont/geosparql#> INSERT DATA { "
                              + pair("a" + i, 12.1) + pair("b" + i, 12.2) + "}"
                            : "DELETE WHERE { ?f a <https://example.org/Pair> ; ?p ?o }";
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.baseUri().resolve("update"))
                                .header("Content-Type", "application/sparql-update").header("X-API-Key", KEY)
                                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(update)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 204) {
                            errors.add("write " + i + ": " + r.statusCode() + " " + r.body());
                        }
                        writes.incrementAndGet();
                    } catch (Exception e) {
                        errors.add("write " + i + ": " + e);
                    }
                }
            });
            writer.start();

            ExecutorService readers = Executors.newFixedThreadPool(READERS);
            CountDownLatch done = new CountDownLatch(READERS);
            AtomicInteger reads = new AtomicInteger();
            for (int r = 0; r < READERS; r++) {
                readers.submit(() -> {
                    try {
                        for (int i = 0; i < READS_EACH; i++) {
                            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(read).header("Accept", "text/csv")
                                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                            List<String> lines = resp.body().strip().lines().toList();
                            if (resp.statusCode() != 200) {
                                errors.add("read: " + resp.statusCode() + " " + resp.body());
                            } else if (Integer.parseInt(lines.get(1).strip()) % 2 != 0) {
                                errors.add("read saw a partial write: " + lines.get(1));
                            }
                            reads.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.add("read: " + e);
                    } finally {
                        done.countDown();
                    }
                });
            }
            assertTrue(done.await(5, TimeUnit.MINUTES), "readers did not finish");
            writing.set(false);
            writer.join(60_000);
            readers.shutdownNow();

            assertEquals(List.of(), List.copyOf(errors).subList(0, Math.min(errors.size(), 5)));
            assertEquals(READERS * READS_EACH, reads.get());
            assertTrue(writes.get() > 10, "the writer kept writing during the reads: " + writes.get());
        }
    }

    /**
     * Readers during writes see a write's triples and its spatial index entries together: one query counts the
     * features in a box through the index (the property function) and through their literals (the FILTER form), in
     * the same read transaction, and the two counts never differ, while a writer keeps adding and deleting features
     * there.
     */
    @Test
    void readersSeeAWritesTriplesAndItsIndexEntriesTogether() throws Exception {
        try (GeoStore store = GeoStore.open(tmp.resolve("together"));
             EndpointServer server = EndpointServer.start(store, EndpointConfig.loopback(0).withKeys(ApiKeys.of(KEY), ApiKeys.NONE))) {
            store.load(List.of(dev.floe.store.StoreFixtures.places()));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(8)).connectTimeout(Duration.ofSeconds(5)).build();
            // the literals first, then some work (a few milliseconds), then the index: a write committed in between
            // would show if the index were not the one of the reader's transaction
            String both = EndpointServerTest.PREFIXES + "SELECT ?index ?literals WHERE { "
                    + "{ SELECT (COUNT(DISTINCT ?b) AS ?literals) WHERE { ?b a <https://example.org/Pair> ; geo:hasDefaultGeometry/geo:asWKT ?w . "
                    + "FILTER(geof:sfWithin(?w, \"POLYGON ((6 36, 19 36, 19 47.5, 6 47.5, 6 36))\"^^geo:wktLiteral)) } } "
                    + "{ SELECT (COUNT(*) AS ?work) WHERE { ?s1 ?p1 ?o1 . ?s2 ?p2 ?o2 . ?s3 a ?t3 } } "
                    + "{ SELECT (COUNT(DISTINCT ?a) AS ?index) WHERE { ?a geo:sfWithin <https://example.org/italyBox> ; a <https://example.org/Pair> } } }";
            URI read = URI.create(server.sparqlUri() + "?query=" + URLEncoder.encode(both, StandardCharsets.UTF_8));
            AtomicBoolean writing = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
            AtomicInteger writes = new AtomicInteger();
            Thread writer = new Thread(() -> {
                for (int i = 0; writing.get() && i < 10_000; i++) {
                    String update = i % 3 == 2 ? "DELETE WHERE { ?f a <https://example.org/Pair> ; ?p ?o }"
                            : "PREFIX geo: <http://www.opengis.net/ont/geosparql#> INSERT DATA { " + pair("t" + i, 12.5) + "}";
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.baseUri().resolve("update"))
                                .header("Content-Type", "application/sparql-update").header("X-API-Key", KEY)
                                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(update)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 204) {
                            errors.add("write " + i + ": " + r.statusCode() + " " + r.body());
                        }
                        writes.incrementAndGet();
                    } catch (Exception e) {
                        errors.add("write " + i + ": " + e);
                    }
                }
            });
            writer.start();
            ExecutorService readers = Executors.newFixedThreadPool(16);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            AtomicInteger nonZero = new AtomicInteger();
            for (int r = 0; r < 16; r++) {
                done.add(readers.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        try {
                            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(read).header("Accept", "text/csv")
                                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                            String[] counts = resp.body().strip().lines().toList().get(1).split(",");
                            if (resp.statusCode() != 200 || !counts[0].strip().equals(counts[1].strip())) {
                                errors.add("index and literals disagree: " + resp.statusCode() + " " + resp.body().strip());
                            } else if (!counts[0].strip().equals("0")) {
                                nonZero.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.add("read: " + e);
                        }
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
            writing.set(false);
            writer.join(60_000);
            readers.shutdownNow();
            assertEquals(List.of(), List.copyOf(errors).subList(0, Math.min(errors.size(), 5)));
            assertTrue(writes.get() > 10, "the writer kept writing during the reads: " + writes.get());
            assertTrue(nonZero.get() > 0, "some reads saw features in the box");
        }
    }

    private static String pair(String id, double lon) {
        String f = "<https://example.org/" + id + ">";
        String g = "<https://example.org/" + id + "-g>";
        return f + " a <https://example.org/Pair> ; geo:hasGeometry " + g + " ; geo:hasDefaultGeometry " + g + " . "
                + g + " geo:asWKT \"POINT (" + lon + " 41.9)\"^^geo:wktLiteral . ";
    }
}
