package dev.floe.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.sparql.access.ApiKeys;
import dev.floe.sparql.access.KeyFileException;
import dev.floe.endpoint.security.RemoteAccessPolicy;
import dev.floe.geo.SourceLocation;
import picocli.CommandLine.Option;

/** The options of every command that serves a store: where the store is and how it is served. */
final class ServerOptions {

    @Option(names = "--store", defaultValue = "floe-data", description = "store directory (default: ${DEFAULT-VALUE})")
    Path store;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE}, loopback only)")
    String host;

    @Option(names = "--query-timeout", defaultValue = "60", description = "seconds before a query is cancelled (default: ${DEFAULT-VALUE})")
    long queryTimeoutSeconds;

    @Option(names = "--api-keys", paramLabel = "FILE",
            description = "keys allowed to write (/update, Graph Store writes), one per line; without it writes are refused")
    Path apiKeys;

    @Option(names = {"--read-keys", "--read-key"}, paramLabel = "FILE",
            description = "keys needed to read; without it reads are open")
    Path readKeys;

    @Option(names = "--allow-service", paramLabel = "URL",
            description = "a remote SPARQL endpoint that SERVICE may reach (repeatable; default: none)")
    List<String> allowedServices = new ArrayList<>();

    @Option(names = "--allow-load", paramLabel = "IRI",
            description = "a source that SPARQL Update LOAD may read, matched exactly (repeatable; default: none, LOAD is refused)")
    List<String> allowedLoads = new ArrayList<>();

    @Option(names = "--max-request-bytes", defaultValue = "67108864",
            description = "largest request body accepted (default: ${DEFAULT-VALUE})")
    long maxRequestBytes;

    @Option(names = "--max-concurrent-queries", paramLabel = "N",
            description = "queries run at once; more get 503 with Retry-After (default: twice the processors)")
    Integer maxConcurrentQueries;

    @Option(names = "--max-rows", defaultValue = "0", description = "cap on SELECT rows, 0 for none (default: ${DEFAULT-VALUE})")
    long maxRows;

    @Option(names = "--max-batch-size", defaultValue = "32",
            description = "model serving: most rows one forward pass takes from concurrent requests (default: ${DEFAULT-VALUE})")
    int maxBatchSize;

    @Option(names = "--batch-timeout-micros", defaultValue = "1000",
            description = "model serving: how long a batch waits for more rows after its first (default: ${DEFAULT-VALUE})")
    long batchTimeoutMicros;

    @Option(names = "--max-enqueued-batches", defaultValue = "10",
            description = "model serving: full batches that may wait before a request is refused with 503 (default: ${DEFAULT-VALUE})")
    int maxEnqueuedBatches;

    @Option(names = "--num-batch-threads", defaultValue = "1",
            description = "model serving: forward passes run at once per model version (default: ${DEFAULT-VALUE})")
    int numBatchThreads;

    @Option(names = "--inference-log", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "model serving: log every request (summaries of its inputs, its outputs) as Avro files under "
                    + "STORE/logs/inference/ (default: on; --no-inference-log turns it and drift monitoring off)")
    boolean inferenceLog;

    @Option(names = "--log-sample-rate", defaultValue = "0.01", paramLabel = "SHARE",
            description = "model serving: share of the requests whose full input tensor is logged too (default: ${DEFAULT-VALUE})")
    double logSampleRate;

    @Option(names = "--log-queue", defaultValue = "1024", paramLabel = "N",
            description = "model serving: requests waiting for the inference log's writer; beyond it they are dropped "
                    + "and counted, never waited for (default: ${DEFAULT-VALUE})")
    int logQueue;

    @Option(names = "--log-rotate-mb", defaultValue = "128", paramLabel = "MB",
            description = "model serving: start a new inference log file after this many MiB (default: ${DEFAULT-VALUE})")
    long logRotateMb;

    @Option(names = "--log-rotate-minutes", defaultValue = "60", paramLabel = "MIN",
            description = "model serving: start a new inference log file after this many minutes (default: ${DEFAULT-VALUE})")
    long logRotateMinutes;

    @Option(names = "--inference-kafka", paramLabel = "HOST:PORT[,...]",
            description = "model serving: also send every logged request to a Kafka topic at these brokers (Avro single-object "
                    + "encoding of the log's schema, keyed by model)")
    String inferenceKafka;

    @Option(names = "--inference-topic", defaultValue = "floe-inference", paramLabel = "TOPIC",
            description = "model serving: the Kafka topic of --inference-kafka (default: ${DEFAULT-VALUE})")
    String inferenceTopic;

    @Option(names = "--drift-window", defaultValue = "500", paramLabel = "ROWS",
            description = "model serving: rows per window the background drift monitor compares with each version's "
                    + "training profile; 0 turns it off (default: ${DEFAULT-VALUE})")
    int driftWindow;

    /** How served models are logged and watched, as given. */
    ServingMonitor.Options monitoring() {
        if (!(logSampleRate >= 0 && logSampleRate <= 1)) {
            throw new UsageException("--log-sample-rate is a share from 0 to 1, not " + logSampleRate);
        }
        if (logQueue < 1 || logRotateMb < 1 || logRotateMinutes < 1) {
            throw new UsageException("--log-queue, --log-rotate-mb and --log-rotate-minutes must be at least 1");
        }
        if (driftWindow != 0 && driftWindow < 2) {
            throw new UsageException("--drift-window is at least 2 rows (0: no drift monitor), not " + driftWindow);
        }
        if (inferenceKafka != null && !inferenceLog) {
            throw new UsageException("--inference-kafka sends the inference log's records: it needs the log (drop --no-inference-log)");
        }
        if (inferenceTopic.isBlank()) {
            throw new UsageException("--inference-topic must name a topic");
        }
        return new ServingMonitor.Options(inferenceLog, logSampleRate, logQueue, logRotateMb << 20,
                Duration.ofMinutes(logRotateMinutes), inferenceLog ? driftWindow : 0, inferenceKafka, inferenceTopic);
    }

    /** TF Serving's batching parameters, as given. */
    dev.floe.ml.serving.BatchingOptions batching() {
        try {
            return new dev.floe.ml.serving.BatchingOptions(maxBatchSize, batchTimeoutMicros, maxEnqueuedBatches, numBatchThreads);
        } catch (dev.floe.ml.MlDataException e) {
            throw new UsageException("--" + e.getMessage().replace('_', '-'));
        }
    }

    EndpointConfig config() {
        ApiKeys writers = keys(apiKeys);
        ApiKeys readers = keys(readKeys);
        try {
            return new EndpointConfig(host, port, Duration.ofSeconds(queryTimeoutSeconds), writers, readers,
                    new RemoteAccessPolicy(Set.copyOf(allowedServices), Set.copyOf(allowedLoads)), maxRequestBytes, maxRows,
                    maxConcurrentQueries == null ? EndpointConfig.defaultMaxConcurrentQueries() : maxConcurrentQueries);
        } catch (IllegalArgumentException e) {
            // EndpointConfig checks the option values (a port out of range, say) and says which one
            throw new UsageException(e.getMessage());
        }
    }

    private static ApiKeys keys(Path file) {
        if (file == null) {
            return ApiKeys.NONE;
        }
        try {
            return ApiKeys.read(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new KeyFileException(SourceLocation.of(e.getFile()), "no such key file", e);
        } catch (IOException e) {
            throw new KeyFileException(null, "cannot read the key file: " + e.getMessage(), e);
        }
    }
}
