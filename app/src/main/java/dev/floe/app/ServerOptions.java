package dev.floe.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.security.ApiKeys;
import dev.floe.endpoint.security.KeyFileException;
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
