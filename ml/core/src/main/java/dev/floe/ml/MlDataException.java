package dev.floe.ml;

import dev.floe.geo.FloeException;

/**
 * Input that the ml module cannot use: a malformed record, a NaN, a missing label, a query without the
 * variables a training set needs, an option value out of range, a folder it cannot read or write. The message names
 * the file or record and what is wrong.
 */
public class MlDataException extends FloeException {

    private static final long serialVersionUID = 1L;

    public MlDataException(String message) {
        super(message);
    }

    public MlDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
