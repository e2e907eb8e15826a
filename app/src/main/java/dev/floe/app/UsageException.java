package dev.floe.app;

import dev.floe.geo.FloeException;

/** The command line asks for something impossible; reported without a stack trace, exit code 2. */
final class UsageException extends FloeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
