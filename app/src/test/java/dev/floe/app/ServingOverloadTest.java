package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.ml.registry.ModelRegistry;
import dev.floe.ml.serving.BatchingOptions;
import dev.floe.ml.serving.ModelServer;
import dev.floe.store.GeoStore;

/**
 * An overloaded model over HTTP: with room for one waiting row, a request that finds the batch queue full is answered
 * 503 with a JSON error at once, while the requests ahead of it are answered in full; the refusal is counted.
 */
class ServingOverloadTest {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path tmp;

    /** A TF Serving :predict body of {@code rows} 8 x 8 SAR patches with their incidence angle. */
    static String rows(int rows) {
        StringBuilder b = new StringBuilder("{\"instances\": [");
        for (int r = 0; r < rows; r++) {
            b.append(r == 0 ? "" : ",").append("{\"patch\": [");
            for (int c = 0; c < 2; c++) {
                b.append(c == 0 ? "[" : ",[");
                for (int y = 0; y < 8; y++) {
                    b.append(y == 0 ? "[" : ",[");
                    for (int x = 0; x < 8; x++) {
                        b.append(x == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.1f", -20.0 - (x + y + r) % 7));
                    }
                    b.append(']');
                }
                b.append(']');
            }
            b.append("], \"incidence_angle\": [38.5]}");
        }
        return b.append("]}").toString();
    }

    @Test
    void aFullBatchQueueIsAFast503AndTheRequestsAheadAreAnswered() throws Exception {
        Path store = MlCommandsTest.storeWithRegisteredModel(tmp);

        try (GeoStore geoStore = GeoStore.open(store);
             // one row a forward pass, one row may wait: a long request holds the batch thread, one more waits
             ModelServer models = new ModelServer(new ModelRegistry(geoStore), new BatchingOptions(1, 0, 1, 1), null, null, null).start();
             EndpointServer server = EndpointServer.start(geoStore, EndpointConfig.loopback(0), null, null, models)) {
            URI predict = server.baseUri().resolve("v1/models/icebergs:predict");
            String long_ = rows(4000);
            CompletableFuture<HttpResponse<String>> first = HTTP.sendAsync(HttpRequest.newBuilder(predict)
                    .POST(HttpRequest.BodyPublishers.ofString(long_)).build(), HttpResponse.BodyHandlers.ofString());
            while (models.forwardPasses() == 0 && !first.isDone()) {
                Thread.onSpinWait(); // until the long request holds the batch thread
            }
            HttpRequest one = HttpRequest.newBuilder(predict).POST(HttpRequest.BodyPublishers.ofString(rows(1))).build();
            CompletableFuture<HttpResponse<String>> waiting = HTTP.sendAsync(one, HttpResponse.BodyHandlers.ofString());
            while (!first.isDone() && models.forwardPasses() < 2) {
                Thread.sleep(1);
            }
            Thread.sleep(50); // the second request is queued behind the first
            HttpResponse<String> refused = HTTP.send(one, HttpResponse.BodyHandlers.ofString());
            assertTrue(!first.isDone(), "refused while the long request still runs, i.e. without waiting for the queue");
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("application/json", refused.headers().firstValue("Content-Type").orElse("").split(";")[0]);
            assertTrue(refused.body().startsWith("{\"error\":\"icebergs version 1: the batch queue is full (1 rows waiting, "
                    + "max_batch_size 1 x max_enqueued_batches 1); retry later\"}"), refused.body());
            assertEquals(1, models.rejected());
            assertEquals(200, first.get().statusCode());
            assertEquals(200, waiting.get().statusCode());
            assertEquals(List.of(4000), List.of(first.get().body().split("\"class\"").length - 1));
        }
    }
}
