package dev.floe.ml.monitoring;

import java.time.Instant;

/**
 * The drift report of one window of a model version's served rows: which version ({@code versionIri} as the registry
 * names it), the times of the window's first and last request, and the monitor's verdict.
 */
public record WindowReport(String model, long version, String versionIri, Instant start, Instant end, DriftReport report) {
}
