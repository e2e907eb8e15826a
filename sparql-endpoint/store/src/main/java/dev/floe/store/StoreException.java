package dev.floe.store;

import dev.floe.geo.FloeException;

/** A store operation failed; the message names the store directory or input file and the cause. */
public class StoreException extends FloeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
