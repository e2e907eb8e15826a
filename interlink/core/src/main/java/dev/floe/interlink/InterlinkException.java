package dev.floe.interlink;

import dev.floe.geo.FloeException;

/** Bad interlinking input; the message names the file and feature. */
public class InterlinkException extends FloeException {

    private static final long serialVersionUID = 1L;

    public InterlinkException(String message) {
        super(message);
    }

    public InterlinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
