package dev.floe.ml.monitoring;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link InferenceLog} buffers and cuts its files: at most {@code queueCapacity} records wait for the writer
 * (more are dropped, never waited for); a file is finished once its written size passes {@code rotateBytes} or it has
 * been open for {@code rotateAfter}; what was appended is flushed to the file at least every {@code flushEvery} (and
 * whenever the queue runs empty), which bounds what a crash of the process can lose.
 */
public record InferenceLogOptions(int queueCapacity, long rotateBytes, Duration rotateAfter, Duration flushEvery) {

    public InferenceLogOptions {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("the inference log's queue capacity must be at least 1, not " + queueCapacity);
        }
        if (rotateBytes < 1) {
            throw new IllegalArgumentException("the inference log's file size limit must be at least 1 byte, not " + rotateBytes);
        }
        if (Objects.requireNonNull(rotateAfter, "rotateAfter").isNegative() || rotateAfter.isZero()) {
            throw new IllegalArgumentException("the inference log's file age limit must be positive, not " + rotateAfter);
        }
        if (Objects.requireNonNull(flushEvery, "flushEvery").isNegative() || flushEvery.isZero()) {
            throw new IllegalArgumentException("the inference log's flush interval must be positive, not " + flushEvery);
        }
    }

    /**
     * The defaults:
     * <ul>
     * <li>a queue of 1,024 records: each queued record keeps its request's input tensors alive until it is written,
     * so the bound is on memory as much as on count (1,024 single-row SAR requests, 2 x 75 x 75 doubles, hold about 92
     * MB); it absorbs a burst of that many requests while the writer is busy, and beyond it records are dropped and
     * counted rather than slowing serving;</li>
     * <li>files of 128 MiB: large enough that Spark reads few files per day of traffic (one task per file or split),
     * small enough that a file is finished and safe from a crash within hours even under light load;</li>
     * <li>files at most 1 hour old: a finished file, which other tools may copy or read, holds at most the last hour;
     * an idle server closes its file within the hour too;</li>
     * <li>a flush every second: a crash loses at most about a second of appended records (plus those queued), and a
     * block with its sync marker per second costs little in size.</li>
     * </ul>
     */
    public static InferenceLogOptions defaults() {
        return new InferenceLogOptions(1024, 128L << 20, Duration.ofHours(1), Duration.ofSeconds(1));
    }
}
