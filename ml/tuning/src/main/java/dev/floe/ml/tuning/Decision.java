package dev.floe.ml.tuning;

/** A scheduler's word on a trial after an epoch, with the reason recorded in the trial's run. */
public record Decision(Kind kind, String reason) {

    public enum Kind {
        /** Train the next epoch. */
        CONTINUE,
        /** Reached its rung: checkpoint and wait for a promotion. */
        PAUSE,
        /** Hopeless: stop for good. */
        STOP,
        /** Trained all its epochs. */
        COMPLETE
    }

    public static final Decision CONTINUE = new Decision(Kind.CONTINUE, "");
}
