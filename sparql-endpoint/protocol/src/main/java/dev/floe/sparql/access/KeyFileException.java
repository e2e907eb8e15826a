package dev.floe.sparql.access;

import dev.floe.geo.FloeException;
import dev.floe.geo.SourceLocation;

/** An API key file that cannot be used: missing, unreadable, a malformed line or a short key; names file and line. */
public final class KeyFileException extends FloeException {

    private static final long serialVersionUID = 1L;

    public KeyFileException(SourceLocation location, String problem, Throwable cause) {
        super(location, problem, cause);
    }
}
