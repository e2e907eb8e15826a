package dev.floe.federation;

import dev.floe.geo.FloeException;

/** A federated query that cannot be run: a syntax error ({@link #badRequest()}), or a failure of the engine. */
public final class FederatedQueryException extends FloeException {

    private static final long serialVersionUID = 1L;

    private final boolean badRequest;
    private final boolean timedOut;

    public FederatedQueryException(String message, boolean badRequest, boolean timedOut, Throwable cause) {
        super(message, cause);
        this.badRequest = badRequest;
        this.timedOut = timedOut;
    }

    /** Whether the query itself is at fault (HTTP 400). */
    public boolean badRequest() {
        return badRequest;
    }

    /** Whether the whole query ran past the gateway's query timeout. */
    public boolean timedOut() {
        return timedOut;
    }
}
