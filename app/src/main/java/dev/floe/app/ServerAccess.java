package dev.floe.app;

import java.net.URI;
import java.time.Duration;

import dev.floe.store.sparql.RemoteEndpoint;
import dev.floe.store.sparql.RemoteEndpointException;
import picocli.CommandLine.Option;

/**
 * The API key a command presents to a floe server: {@code --api-key KEY}, else the environment variable
 * {@value #ENV}. Used when a command goes through a server, named with {@code --endpoint} or found serving the
 * {@code --store} ({@link ServerRecord}).
 */
final class ServerAccess {

    /** The environment variable that holds the key when {@code --api-key} is not given. */
    static final String ENV = "FLOE_API_KEY";

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:" + ENV + "}",
            description = "API key for a floe server that needs one (a read key for queries, a write key for loads); "
                    + "default: the environment variable " + ENV)
    String apiKey;

    /** The key to present, or null for none. */
    String key() {
        return apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    }

    /** The SPARQL endpoint at {@code sparql}, presenting the key. */
    RemoteEndpoint endpoint(URI sparql, Duration timeout) {
        return new RemoteEndpoint(sparql, timeout, key());
    }

    /**
     * The failure of a request to a server in the user's terms: a refused key (401, 403) says which option to give;
     * anything else as the endpoint said it.
     */
    QueryFailedException failure(RemoteEndpointException e) {
        return new QueryFailedException(refusal(e.endpoint(), e.status(), e.reason()), e);
    }

    /** The message for answer {@code status} of {@code server}, whose own words were {@code reason}. */
    String refusal(URI server, int status, String reason) {
        if (status == 401 || status == 403) {
            return server + ": " + (key() == null ? "the server needs an API key: give --api-key KEY or set " + ENV
                    : "the server refused the API key given by " + (apiKey != null && System.getenv(ENV) != null
                    && apiKey.equals(System.getenv(ENV)) ? ENV : "--api-key") + " (" + reason + ")");
        }
        return server + ": " + reason;
    }
}
