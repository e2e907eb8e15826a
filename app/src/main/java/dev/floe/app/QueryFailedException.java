package dev.floe.app;

import dev.floe.geo.FloeException;

/** A query could not be answered: bad syntax, an endpoint error or an unreachable endpoint. */
final class QueryFailedException extends FloeException {

    private static final long serialVersionUID = 1L;

    QueryFailedException(String message) {
        super(message);
    }

    QueryFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
