package dev.floe.ml.tuning;

/** A search space or study setting that cannot be used; the message names the file, line and parameter. */
public final class SpaceException extends IllegalArgumentException {

    public SpaceException(String message) {
        super(message);
    }
}
