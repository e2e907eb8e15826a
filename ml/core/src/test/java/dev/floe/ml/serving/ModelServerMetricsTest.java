package dev.floe.ml.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ml.TrainedRuns;
import dev.floe.ml.api.InferenceRequest;
import dev.floe.ml.api.ModelSelector;
import dev.floe.ml.api.ServingException;
import dev.floe.ml.api.Tensor;
import dev.floe.ml.registry.ModelRegistry;
import dev.floe.store.GeoStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** What a model server records in its own meter registry, counted exactly on a known sequence of requests. */
class ModelServerMetricsTest {

    @TempDir
    Path dir;

    static Map<String, Tensor> rows(int n) {
        return Map.of("patch", Tensor.Numbers.fp32("patch", new long[] {n, 2, 8, 8}, new double[n * 128]),
                "incidence_angle", Tensor.Numbers.fp32("incidence_angle", new long[] {n, 1}, new double[n]));
    }

    @Test
    void requestsAreTimedByModelVersionAndOutcomeAndForwardPassesByTheirRows() throws Exception {
        try (GeoStore store = TrainedRuns.storeWithSet(dir)) {
            ModelRegistry registry = new ModelRegistry(store);
            registry.register("icebergs", TrainedRuns.train(store, 7).id(), "test");
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (ModelServer server = new ModelServer(registry, BatchingOptions.none(1), null, null, null, meters).start()) {
                server.infer(InferenceRequest.of(ModelSelector.of("icebergs"), rows(1)));
                server.infer(InferenceRequest.of(ModelSelector.of("icebergs"), rows(2)));
                server.infer(InferenceRequest.of(ModelSelector.version("icebergs", 1), rows(1)));
                assertThrows(ServingException.class, () -> server.infer(InferenceRequest.of(ModelSelector.of("icebergs"),
                        Map.of("patch", rows(1).get("patch")))));
                assertThrows(ServingException.class, () -> server.infer(InferenceRequest.of(ModelSelector.of("penguins-" + 1), rows(1))));
                assertThrows(ServingException.class, () -> server.infer(InferenceRequest.of(ModelSelector.of("penguins-" + 2), rows(1))));

                assertEquals(3, meters.get("floe.inference").tags("model", "icebergs", "version", "1", "outcome", "ok").timer().count());
                assertEquals(1, meters.get("floe.inference").tags("model", "icebergs", "version", "1", "outcome", "invalid_argument")
                        .timer().count());
                assertEquals(2, meters.get("floe.inference").tags("model", "unknown", "version", "none", "outcome", "not_found")
                        .timer().count(), "names of models not served share one series");
                assertEquals(3, meters.get("floe.inference").timers().size());
                // one row a pass without batching: 1 + 2 + 1 rows in four passes
                assertEquals(4, meters.get("floe.batch.rows").tags("model", "icebergs", "version", "1").summary().count());
                assertEquals(4.0, meters.get("floe.batch.rows").tags("model", "icebergs", "version", "1").summary().totalAmount());
                assertEquals(0.0, meters.get("floe.batch.queue.rows").tags("model", "icebergs", "version", "1").gauge().value());
                assertEquals(0.0, meters.get("floe.batch.rejected").tags("model", "icebergs", "version", "1").functionCounter().count());
            }
        }
    }
}
