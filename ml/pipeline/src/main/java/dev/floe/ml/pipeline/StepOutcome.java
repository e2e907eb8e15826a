package dev.floe.ml.pipeline;

import java.util.List;

/**
 * How a step ended in a run: its state, its attempts (none when it came from the cache or did not run), and the cache
 * key of its inputs and parameters (null when it did not run).
 */
public record StepOutcome(String step, StepState state, List<Attempt> attempts, String cacheKey) {

    public StepOutcome {
        attempts = List.copyOf(attempts);
    }

    /** The message of the last attempt, or the reason it did not run. */
    public String message() {
        return attempts.isEmpty() ? "" : attempts.get(attempts.size() - 1).message();
    }
}
