package dev.floe.app;

/** The command line asks for something impossible; reported without a stack trace, exit code 2. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
