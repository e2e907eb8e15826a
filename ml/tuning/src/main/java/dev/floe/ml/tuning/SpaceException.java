package dev.floe.ml.tuning;

import dev.floe.geo.FloeException;

/** A search space or study setting that cannot be used; the message names the file, line and parameter. */
public final class SpaceException extends FloeException {

    private static final long serialVersionUID = 1L;

    public SpaceException(String message) {
        super(message);
    }
}
