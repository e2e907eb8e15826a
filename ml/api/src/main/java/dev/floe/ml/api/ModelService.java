package dev.floe.ml.api;

import java.util.List;

/**
 * The models a server serves, as the HTTP protocols (TF Serving REST, Open Inference Protocol v2) need them: the
 * protocol resources decode requests into {@link InferenceRequest}s and encode {@link InferenceResult}s, and this
 * service does the rest (resolving versions and aliases, batching, the forward pass, recording predictions). It is
 * free of HTTP and of the ML library, so that the server module depends on neither the other.
 *
 * <p>Failures in the caller's terms are {@link ServingException}s, whose kind gives the status code.
 */
public interface ModelService {

    /** The names of the served models, sorted. */
    List<String> models();

    /**
     * The status of the versions the selector means: every version of the model when it names neither a version nor
     * an alias, else the one it resolves to. NOT_FOUND for an unknown model, version or alias.
     */
    List<VersionStatus> status(ModelSelector selector);

    /** What a client needs to call the version the selector resolves to. */
    ModelVersionInfo metadata(ModelSelector selector);

    /** True when every served model's default version is loaded and warmed up. */
    boolean ready();

    /** Runs the model; the rows of every input must agree in number and each input must fit the signature. */
    InferenceResult infer(InferenceRequest request);

    /**
     * Points {@code alias} of {@code model} at {@code version}, or removes it when {@code version} is null, recording
     * who did it; the served default follows at once, requests in flight finish on their version. NOT_FOUND for an
     * unknown model or version, INVALID_ARGUMENT for an alias name the registry refuses. This default refuses: a
     * service without a registry has no aliases to change.
     */
    default AliasUpdate setAlias(String model, String alias, Long version, String by) {
        throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "this server cannot change model aliases");
    }

    /**
     * As {@link #infer}, without holding the caller's thread while the request waits for its batch: an HTTP server's
     * worker is free again at once, so an overload meets the service's own bounded queue (a fast UNAVAILABLE) rather
     * than the server's. The future fails with the ServingException {@link #infer} would throw. This default runs
     * {@link #infer} on the calling thread.
     */
    default java.util.concurrent.CompletableFuture<InferenceResult> inferAsync(InferenceRequest request) {
        try {
            return java.util.concurrent.CompletableFuture.completedFuture(infer(request));
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    /**
     * How {@code model} is watched: the inference log's counts and the drift monitor's windows per version. NOT_FOUND
     * for an unknown model; this default says the service does not monitor (a server started without an inference
     * log).
     */
    default ModelMonitoring monitoring(String model) {
        throw new ServingException(ServingException.Kind.NOT_FOUND, "this server does not monitor its models (it runs without "
                + "an inference log)");
    }

    /**
     * Tells the service of a request the protocol refused before it could call {@link #inferAsync}: a body that is
     * not JSON, inputs that do not fit the signature, recording without a write key. {@code status} is the HTTP status
     * answered, {@code message} why, {@code startNanos} the {@link System#nanoTime} when the request arrived, so that
     * the request is logged and counted as those that reach the model are. This default ignores it.
     */
    default void refused(ModelSelector selector, String protocol, int status, String message, long startNanos) {
    }
}
