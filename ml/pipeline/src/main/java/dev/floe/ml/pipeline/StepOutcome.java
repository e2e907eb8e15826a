package dev.floe.ml.pipeline;

import java.time.Instant;
import java.util.List;

/**
 * How a step ended in a run: its state, its attempts (none when it came from the cache or did not run), the cache
 * key of its inputs and parameters (null when it did not run), and when its state was known.
 */
public record StepOutcome(String step, StepState state, List<Attempt> attempts, String cacheKey, Instant ended) {

    public StepOutcome {
        attempts = List.copyOf(attempts);
    }

    /** The message of the last attempt, or the reason it did not run. */
    public String message() {
        return attempts.isEmpty() ? "" : attempts.get(attempts.size() - 1).message();
    }
}
