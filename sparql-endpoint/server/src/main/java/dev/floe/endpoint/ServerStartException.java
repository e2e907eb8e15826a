package dev.floe.endpoint;

import dev.floe.geo.FloeException;

/** The server cannot start: its port is taken or its host cannot be bound. The message names host and port. */
public final class ServerStartException extends FloeException {

    private static final long serialVersionUID = 1L;

    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
