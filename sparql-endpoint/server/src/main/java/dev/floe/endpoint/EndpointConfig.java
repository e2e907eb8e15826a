package dev.floe.endpoint;

import java.time.Duration;
import java.util.Objects;

import dev.floe.sparql.access.ApiKeys;
import dev.floe.endpoint.security.RemoteAccessPolicy;

/**
 * How the endpoint is served.
 *
 * @param host            address to bind; 127.0.0.1 unless the operator says otherwise
 * @param port            TCP port; 0 picks a free one (tests)
 * @param queryTimeout    a query running longer is cancelled and answered with 503
 * @param writeKeys       keys that may write (update, Graph Store writes); none: writes are refused
 * @param readKeys        keys that may read; none: reads are open
 * @param remote          what SPARQL SERVICE and LOAD may dereference (by default nothing)
 * @param maxRequestBytes largest request body accepted (413 beyond)
 * @param maxRows         most rows a SELECT returns (0: no cap)
 * @param maxConcurrentQueries most queries run at once (at {@code /sparql} and {@code /federated/sparql}); more
 *                        are answered 503 with Retry-After
 */
public record EndpointConfig(String host, int port, Duration queryTimeout, ApiKeys writeKeys, ApiKeys readKeys,
                             RemoteAccessPolicy remote, long maxRequestBytes, long maxRows, int maxConcurrentQueries) {

    /** Default cap on request bodies: 64 MiB, room for a sizeable Graph Store upload. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 64L << 20;

    /** Default limit on concurrent queries: twice the processors, so a few heavy queries leave room for the rest. */
    public static int defaultMaxConcurrentQueries() {
        return 2 * Runtime.getRuntime().availableProcessors();
    }

    public EndpointConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        Objects.requireNonNull(writeKeys, "writeKeys");
        Objects.requireNonNull(readKeys, "readKeys");
        Objects.requireNonNull(remote, "remote");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        if (maxRequestBytes <= 0 || maxRows < 0) {
            throw new IllegalArgumentException("maxRequestBytes must be positive and maxRows not negative");
        }
        if (maxConcurrentQueries < 1) {
            throw new IllegalArgumentException("maxConcurrentQueries must be at least 1, was " + maxConcurrentQueries);
        }
    }

    /**
     * Loopback, the given port, a 60 s query timeout, no write keys, open reads, no SERVICE or LOAD, no row cap,
     * {@link #defaultMaxConcurrentQueries()}.
     */
    public static EndpointConfig loopback(int port) {
        return new EndpointConfig("127.0.0.1", port, Duration.ofSeconds(60), ApiKeys.NONE, ApiKeys.NONE,
                RemoteAccessPolicy.none(), DEFAULT_MAX_REQUEST_BYTES, 0, defaultMaxConcurrentQueries());
    }

    public EndpointConfig withHost(String newHost) {
        return new EndpointConfig(newHost, port, queryTimeout, writeKeys, readKeys, remote, maxRequestBytes, maxRows, maxConcurrentQueries);
    }

    public EndpointConfig withQueryTimeout(Duration timeout) {
        return new EndpointConfig(host, port, timeout, writeKeys, readKeys, remote, maxRequestBytes, maxRows, maxConcurrentQueries);
    }

    public EndpointConfig withKeys(ApiKeys writers, ApiKeys readers) {
        return new EndpointConfig(host, port, queryTimeout, writers, readers, remote, maxRequestBytes, maxRows, maxConcurrentQueries);
    }

    public EndpointConfig withRemote(RemoteAccessPolicy policy) {
        return new EndpointConfig(host, port, queryTimeout, writeKeys, readKeys, policy, maxRequestBytes, maxRows, maxConcurrentQueries);
    }

    public EndpointConfig withLimits(long maxBytes, long rows) {
        return new EndpointConfig(host, port, queryTimeout, writeKeys, readKeys, remote, maxBytes, rows, maxConcurrentQueries);
    }

    public EndpointConfig withMaxConcurrentQueries(int limit) {
        return new EndpointConfig(host, port, queryTimeout, writeKeys, readKeys, remote, maxRequestBytes, maxRows, limit);
    }
}
