package dev.floe.app;

import java.nio.file.Path;
import java.time.Duration;

import dev.floe.endpoint.EndpointConfig;
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

    EndpointConfig config() {
        return new EndpointConfig(host, port, Duration.ofSeconds(queryTimeoutSeconds));
    }
}
