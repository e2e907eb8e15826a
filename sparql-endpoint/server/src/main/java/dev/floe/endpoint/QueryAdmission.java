package dev.floe.endpoint;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.ws.rs.core.Response;

/**
 * How many queries run at once: at most {@link EndpointConfig#maxConcurrentQueries()}. A query beyond the limit
 * waits briefly for a running one to finish (1 s, or a quarter of the query timeout if that is shorter), then is
 * answered 503 with {@code Retry-After} and a plain-text message, so that a burst of heavy queries cannot take
 * every thread and core of the server. One per server; thread-safe.
 */
final class QueryAdmission {

    /** Seconds a refused client is asked to wait. */
    static final int RETRY_AFTER_SECONDS = 1;
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(1);

    private final Semaphore running;
    private final int limit;
    private final Duration wait;

    QueryAdmission(int limit, Duration queryTimeout) {
        this.running = new Semaphore(limit, true);
        this.limit = limit;
        Duration quarter = queryTimeout.dividedBy(4);
        this.wait = quarter.isZero() || quarter.isNegative() || quarter.compareTo(LONGEST_WAIT) >= 0 ? LONGEST_WAIT : quarter;
    }

    /** A place among the running queries; {@link #close()} gives it up (once, however often it is called). */
    static final class Ticket implements AutoCloseable {
        private final Semaphore owner;
        private final AtomicBoolean held = new AtomicBoolean(true);

        private Ticket(Semaphore owner) {
            this.owner = owner;
        }

        @Override
        public void close() {
            if (owner != null && held.compareAndSet(true, false)) {
                owner.release();
            }
        }
    }

    /** A ticket that holds no place: for requests the limit does not count (the gateway's own sub-queries). */
    static final Ticket UNCOUNTED = new Ticket(null);

    /** A place for one more query, or null when every place stayed taken for the whole wait. */
    Ticket enter() {
        try {
            return running.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS) ? new Ticket(running) : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The answer to a query refused for want of a place: 503, {@code Retry-After}, plain text. */
    Response busy() {
        return Response.fromResponse(Failures.text(Response.Status.SERVICE_UNAVAILABLE, "the server is running its limit of "
                        + limit + " queries at once; try again in a moment"))
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
    }
}
