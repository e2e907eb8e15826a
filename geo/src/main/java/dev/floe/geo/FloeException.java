package dev.floe.geo;

import java.util.Optional;

/**
 * The base of every error a user can act on: bad input, a configuration that cannot work, a query that cannot be
 * answered, a remote source that fails. Its message is meant for the user and starts with the {@link SourceLocation}
 * when there is one ({@code places.csv: line 12 (id x): no geometry}). The command line prints the message alone
 * and exits with 1; the endpoint maps each subclass to an HTTP status with the message as the body. Any other
 * exception that reaches them is a bug in floe and is reported with its stack trace.
 */
public abstract class FloeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SourceLocation location;
    private final String problem;

    /** An error whose message already says where, or that has no location. */
    protected FloeException(String message) {
        this(null, message, null);
    }

    /** An error whose message already says where, or that has no location, caused by {@code cause}. */
    protected FloeException(String message, Throwable cause) {
        this(null, message, cause);
    }

    /** An error at {@code location} (null for none): the message is the location, a colon, then {@code problem}. */
    protected FloeException(SourceLocation location, String problem, Throwable cause) {
        super(location == null ? problem : location + ": " + problem, cause);
        this.location = location;
        this.problem = problem;
    }

    /** Where the bad input is, when the error knows. */
    public Optional<SourceLocation> location() {
        return Optional.ofNullable(location);
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }
}
