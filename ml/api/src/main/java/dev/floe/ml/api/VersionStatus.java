package dev.floe.ml.api;

/**
 * The state of one served model version, in TF Serving's terms ({@code START}, {@code LOADING}, {@code AVAILABLE},
 * {@code UNLOADING}, {@code END}); {@code error} says why a version that failed to load is not available (else null).
 */
public record VersionStatus(String model, long version, State state, String error) {

    /** TF Serving's version states. */
    public enum State { START, LOADING, AVAILABLE, UNLOADING, END }

    public boolean available() {
        return state == State.AVAILABLE;
    }
}
