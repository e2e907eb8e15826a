package dev.floe.ml.pipeline;

import java.time.Duration;

/** Waits between attempts and between a sensor's pokes; tests pass one that records the waits and advances a clock. */
@FunctionalInterface
public interface Sleeper {

    /** The real one: {@link Thread#sleep}. */
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    /** Waits {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;
}
