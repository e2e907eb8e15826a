package dev.floe.ml.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that only the sleeper moves, and the waits it was asked for: backoff delays checked without sleeping. */
final class FakeTime extends Clock implements Sleeper {

    private Instant now = Instant.parse("2026-12-07T12:00:00Z");
    private final List<Duration> sleeps = new ArrayList<>();
    private Runnable onSleep = () -> { };

    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
        now = now.plus(duration);
        onSleep.run();
    }

    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** Runs {@code action} after each sleep (a file that appears while a sensor waits). */
    synchronized void onSleep(Runnable action) {
        onSleep = action;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
