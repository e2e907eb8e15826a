package dev.floe.endpoint;

import java.time.Duration;
import java.util.Objects;

/**
 * How the endpoint is served.
 *
 * @param host          address to bind; 127.0.0.1 unless the operator says otherwise
 * @param port          TCP port; 0 picks a free one (tests)
 * @param queryTimeout  a query running longer is cancelled and answered with 503
 */
public record EndpointConfig(String host, int port, Duration queryTimeout) {

    public EndpointConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
    }

    /** Loopback, the given port, a 60 s query timeout. */
    public static EndpointConfig loopback(int port) {
        return new EndpointConfig("127.0.0.1", port, Duration.ofSeconds(60));
    }

    public EndpointConfig withHost(String newHost) {
        return new EndpointConfig(newHost, port, queryTimeout);
    }

    public EndpointConfig withQueryTimeout(Duration timeout) {
        return new EndpointConfig(host, port, timeout);
    }
}
