package dev.floe.ml.pipeline;

import java.time.Duration;
import java.time.Instant;

/**
 * One try of a step: when it started and ended, how it ended ({@link StepState#SUCCESS}, {@link StepState#FAILED}, or
 * {@link StepState#SKIPPED} for a sensor with {@code soft_fail} that timed out),
 * the process's exit code (null for a sensor, or when it was killed on timeout) and what went wrong, if anything.
 */
public record Attempt(int number, Instant started, Instant ended, StepState state, Integer exitCode, String message) {

    /** How long it took. */
    public Duration duration() {
        return Duration.between(started, ended);
    }
}
