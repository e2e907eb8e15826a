package dev.floe.federation;

import dev.floe.geo.FloeException;

/** A federation file or endpoint list that cannot be used; the message names the file and the member. */
public final class FederationConfigException extends FloeException {

    private static final long serialVersionUID = 1L;

    public FederationConfigException(String message) {
        super(message);
    }

    public FederationConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
