package dev.floe.ml.pipeline;

/** How a step ended in one run, with Airflow's names for the states of a task instance. */
public enum StepState {
    /** It ran and exited 0 (a sensor: what it waited for appeared). */
    SUCCESS,
    /** A completed earlier attempt with the same inputs and parameters, whose outputs still exist: not run again. */
    CACHED,
    /** Every attempt failed (a non-zero exit, a timeout, a sensor that timed out). */
    FAILED,
    /** Not run: its trigger rule needed an upstream step to succeed, and one failed. */
    UPSTREAM_FAILED,
    /** Not run: its trigger rule did not fire (e.g. all_failed after a success), or an upstream step was skipped. */
    SKIPPED;

    /** A success for trigger rules and for the steps downstream: it ran, or its outputs came from the cache. */
    public boolean succeeded() {
        return this == SUCCESS || this == CACHED;
    }

    /** A failure for trigger rules: it failed, or did not run because an upstream step failed. */
    public boolean failed() {
        return this == FAILED || this == UPSTREAM_FAILED;
    }

    /** The lower-case name the pipeline's records and progress lines use. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
