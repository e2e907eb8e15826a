package dev.floe.ml.pipeline;

import java.time.Duration;

/**
 * How often a step is tried and how long it may take, with Airflow's parameters: {@code retries} more attempts after
 * the first, {@code retry_delay} before each, doubled per retry with {@code retry_exponential_backoff} and capped by
 * {@code max_retry_delay}, and {@code execution_timeout} for each attempt (null: none). Unlike Airflow, the
 * exponential delay has no hash-based jitter: one runner starts the retries, so there is no herd to spread, and the
 * delays are exact and testable.
 */
public record RetryPolicy(int retries, Duration retryDelay, boolean exponentialBackoff, Duration maxRetryDelay,
                          Duration executionTimeout) {

    /** Airflow's defaults: no retries, 300 s between attempts, no backoff, no cap, no timeout. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(0, Duration.ofSeconds(300), false, null, null);

    public RetryPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more: " + retries);
        }
    }

    /** The wait before attempt {@code attempt} (2 for the first retry, 3 for the second, ...). */
    public Duration delayBefore(int attempt) {
        Duration delay = retryDelay;
        if (exponentialBackoff) {
            int doublings = Math.min(attempt - 2, 40);
            delay = retryDelay.multipliedBy(1L << doublings);
        }
        if (maxRetryDelay != null && delay.compareTo(maxRetryDelay) > 0) {
            delay = maxRetryDelay;
        }
        return delay;
    }

    /** The number of attempts in all. */
    public int attempts() {
        return retries + 1;
    }
}
