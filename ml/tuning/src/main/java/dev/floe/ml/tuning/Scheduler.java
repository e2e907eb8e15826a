package dev.floe.ml.tuning;

import java.util.List;
import java.util.Optional;

/**
 * Decides which trial trains next and for how long, and which stop early. Schedulers hold no state of their own: every
 * decision is a function of the trials' views, so a resumed study (trials read back from their records) decides as
 * the stopped one would have, and with one worker a study's decisions depend only on its seed.
 *
 * <p>Callers serialise calls (the {@link Study} holds its lock around them).
 */
public interface Scheduler {

    /**
     * Work for a free worker: a promotion of a paused trial, or (when {@code mayStartNew}) a new trial numbered {@code
     * trials.size()}; empty when neither is possible now.
     */
    Optional<Job> next(List<TrialView> trials, boolean mayStartNew);

    /** The word on {@code trial}, which has just reported the score of its latest epoch. */
    Decision afterEpoch(TrialView trial, List<TrialView> trials);

    /** Why a trial still paused when the study ends was never promoted. */
    String whyNotPromoted(TrialView trial, List<TrialView> trials);
}
