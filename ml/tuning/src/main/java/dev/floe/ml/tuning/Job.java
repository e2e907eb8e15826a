package dev.floe.ml.tuning;

/**
 * Work for a free worker: train {@code trial} up to epoch {@code target} (a new trial from scratch, a paused one from
 * its checkpoint); {@code reason} says why (e.g. the rank that promoted it).
 */
public record Job(int trial, int target, boolean promotion, String reason) {
}
