package dev.floe.ml.pipeline;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * When a step runs, given the states of its upstream steps: Airflow's trigger rules, with their names and meaning. A
 * rule is asked again each time an upstream step ends; it answers {@link Decision#WAIT} until it can decide, so
 * {@code one_success} and {@code one_failed} fire as soon as one upstream step did, without waiting for the others.
 */
public enum TriggerRule {
    /** Every upstream step succeeded (Airflow's default). */
    ALL_SUCCESS,
    /** Every upstream step failed or did not run because its own upstream failed. */
    ALL_FAILED,
    /** Every upstream step ended, however. */
    ALL_DONE,
    /** At least one upstream step succeeded. */
    ONE_SUCCESS,
    /** At least one upstream step failed. */
    ONE_FAILED,
    /** No upstream step failed: each succeeded or was skipped. */
    NONE_FAILED,
    /** No upstream step failed and at least one succeeded. */
    NONE_FAILED_MIN_ONE_SUCCESS,
    /** Runs at any time, whatever its upstream steps do (Airflow's "dependencies are just for show"). */
    ALWAYS;

    /** What a rule says about a step now. */
    public enum Decision {
        /** Run it. */
        RUN,
        /** Ask again when the next upstream step ends. */
        WAIT,
        /** Do not run it: it ends {@link StepState#SKIPPED}. */
        SKIP,
        /** Do not run it: it ends {@link StepState#UPSTREAM_FAILED}. */
        UPSTREAM_FAILED
    }

    /** The rule named as Airflow spells it ({@code all_success}), if there is one. */
    public static Optional<TriggerRule> named(String name) {
        for (TriggerRule rule : values()) {
            if (rule.airflowName().equals(name)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /** The name as Airflow and the pipeline file spell it. */
    public String airflowName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The decision for a step with {@code upstreamCount} upstream steps, of which those in {@code ended} have ended in
     * the given states.
     */
    public Decision decide(int upstreamCount, Collection<StepState> ended) {
        long succeeded = ended.stream().filter(StepState::succeeded).count();
        long failed = ended.stream().filter(StepState::failed).count();
        long skipped = ended.stream().filter(s -> s == StepState.SKIPPED).count();
        boolean allDone = ended.size() == upstreamCount;
        if (upstreamCount == 0 || this == ALWAYS) {
            return Decision.RUN;
        }
        return switch (this) {
            case ALL_SUCCESS -> failed > 0 ? Decision.UPSTREAM_FAILED
                    : skipped > 0 ? Decision.SKIP
                    : allDone ? Decision.RUN : Decision.WAIT;
            case ALL_FAILED -> succeeded > 0 || skipped > 0 ? Decision.SKIP
                    : allDone ? Decision.RUN : Decision.WAIT;
            case ALL_DONE -> allDone ? Decision.RUN : Decision.WAIT;
            case ONE_SUCCESS -> succeeded > 0 ? Decision.RUN
                    : !allDone ? Decision.WAIT
                    : failed > 0 ? Decision.UPSTREAM_FAILED : Decision.SKIP;
            case ONE_FAILED -> failed > 0 ? Decision.RUN
                    : allDone ? Decision.SKIP : Decision.WAIT;
            case NONE_FAILED -> failed > 0 ? Decision.UPSTREAM_FAILED
                    : allDone ? Decision.RUN : Decision.WAIT;
            case NONE_FAILED_MIN_ONE_SUCCESS -> failed > 0 ? Decision.UPSTREAM_FAILED
                    : !allDone ? Decision.WAIT
                    : succeeded > 0 ? Decision.RUN : Decision.SKIP;
            case ALWAYS -> Decision.RUN;
        };
    }
}
