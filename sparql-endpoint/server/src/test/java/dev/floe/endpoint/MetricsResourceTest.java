package dev.floe.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.store.GeoStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

class MetricsResourceTest {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @Test
    void theServersOwnMetersAreScrapedInThePrometheusTextFormat() throws Exception {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics.counter("floe.test.requests", "model", "toy").increment(3);
        try (GeoStore store = GeoStore.open(dir.resolve("store"));
             EndpointServer server = EndpointServer.start(store, EndpointConfig.loopback(0), null, null, null, metrics);
             EndpointServer without = EndpointServer.start(store, EndpointConfig.loopback(0))) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve("metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            jakarta.ws.rs.core.MediaType type = jakarta.ws.rs.core.MediaType.valueOf(r.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("text/plain", type.getType() + "/" + type.getSubtype());
            assertEquals("0.0.4", type.getParameters().get("version"));
            assertEquals("utf-8", type.getParameters().get("charset").toLowerCase(java.util.Locale.ROOT));
            assertTrue(r.body().contains("floe_test_requests_total{model=\"toy\"} 3.0"), r.body());
            HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(without.baseUri().resolve("metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, none.statusCode());
            assertEquals("this server keeps no metrics\n", none.body());
        }
    }
}
