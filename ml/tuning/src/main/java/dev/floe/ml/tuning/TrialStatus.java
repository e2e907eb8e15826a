package dev.floe.ml.tuning;

/** Where a trial stands: waiting to start, training, paused at a rung (checkpointed), stopped early, or done. */
public enum TrialStatus {
    PENDING, RUNNING, PAUSED, STOPPED, COMPLETED;

    public boolean finished() {
        return this == STOPPED || this == COMPLETED;
    }
}
