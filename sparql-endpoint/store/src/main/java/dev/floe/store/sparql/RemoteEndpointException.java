package dev.floe.store.sparql;

import java.net.URI;

/**
 * A query sent to a {@link RemoteEndpoint} got no usable answer: the endpoint could not be reached, did not answer
 * in time, or answered with an HTTP error. The message is the endpoint followed by the {@link #reason()}.
 */
public final class RemoteEndpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final URI endpoint;
    private final String reason;
    private final int status;

    RemoteEndpointException(URI endpoint, String reason, Throwable cause) {
        this(endpoint, 0, reason, cause);
    }

    RemoteEndpointException(URI endpoint, int status, String reason, Throwable cause) {
        super(endpoint + ": " + reason, cause);
        this.endpoint = endpoint;
        this.status = status;
        this.reason = reason;
    }

    /** The HTTP status the endpoint answered with, or 0 when it gave none (unreachable, too slow). */
    public int status() {
        return status;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** What went wrong, without the endpoint: "cannot connect (is the server running?)", "answered HTTP 400: ...". */
    public String reason() {
        return reason;
    }
}
