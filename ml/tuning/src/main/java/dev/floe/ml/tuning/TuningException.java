package dev.floe.ml.tuning;

import dev.floe.geo.FloeException;

/** A study or ablation that cannot go on: its folder cannot be written or read, or a trial failed. */
public final class TuningException extends FloeException {

    private static final long serialVersionUID = 1L;

    public TuningException(String message) {
        super(message);
    }

    public TuningException(String message, Throwable cause) {
        super(message, cause);
    }
}
