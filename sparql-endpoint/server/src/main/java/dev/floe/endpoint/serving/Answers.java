package dev.floe.endpoint.serving;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import dev.floe.ml.api.InferenceResult;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.Response;

/**
 * Answers an inference request when its result is ready, from whichever thread completes it: the HTTP worker that
 * decoded the request is free meanwhile. A failure resumes with its exception, which the server's exception mappers
 * turn into the protocol's {@code {"error": ...}} body as for a synchronous failure.
 */
final class Answers {

    private Answers() {
    }

    static void resume(AsyncResponse async, CompletableFuture<InferenceResult> result, Function<InferenceResult, Response> render) {
        result.whenComplete((r, e) -> {
            if (e != null) {
                async.resume(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                return;
            }
            try {
                async.resume(render.apply(r));
            } catch (RuntimeException failure) {
                async.resume(failure);
            }
        });
    }
}
