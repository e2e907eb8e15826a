package dev.floe.federation;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The lifetime request log of one member, for the members' status page: how many HTTP requests the gateway sent
 * it and how many failed (no connection, timeout, an HTTP error status), over all queries and summaries. No
 * decision about a query reads it, since concurrent queries share it: each query attempt learns of its own
 * failures from its {@link MemberFailures}. Thread-safe.
 */
public final class MemberTraffic {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    void request() {
        requests.incrementAndGet();
    }

    void failed() {
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
}
