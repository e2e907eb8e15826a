package dev.floe.federation;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The request log of one member: how many HTTP requests the gateway sent it and how many failed (no
 * connection, timeout, an HTTP error status), with the last failure's description. Thread-safe.
 */
public final class MemberTraffic {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastFailure;
    private volatile boolean lastFailureWasTimeout;

    void request() {
        requests.incrementAndGet();
    }

    void failed(String description, boolean timeout) {
        lastFailure = description;
        lastFailureWasTimeout = timeout;
        failures.incrementAndGet();
    }

    /** Requests sent so far (summaries, ASK probes and queries). */
    public long requests() {
        return requests.get();
    }

    /** Requests that failed so far. */
    public long failures() {
        return failures.get();
    }

    /** What went wrong last, or null. */
    public String lastFailure() {
        return lastFailure;
    }

    /** Whether the last failure was a timeout (rather than a refused connection or an error status). */
    public boolean lastFailureWasTimeout() {
        return lastFailureWasTimeout;
    }
}
