package dev.floe.ml.pipeline;

import java.time.Duration;

/** Hears what a run does, step by step (the app prints it on stderr). Called from the runner's threads. */
public interface RunListener {

    /** Hears nothing. */
    RunListener NONE = new RunListener() {
    };

    /** An attempt of {@code step} starts. */
    default void started(String step, int attempt, int attempts) {
    }

    /** An attempt failed and another follows after {@code delay}. */
    default void retrying(String step, Attempt failed, int next, int attempts, Duration delay) {
    }

    /** {@code step} ended (ran, came from the cache, or was not run). */
    default void ended(StepOutcome outcome) {
    }
}
