package dev.floe.ml.tuning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter Tuning", 2020). Rungs at
 * {@code minEpochs * eta^k} epochs, and the last at {@code maxEpochs}. A new trial trains to the first rung and pauses
 * (checkpointed). Whenever a worker is free, the highest rung that has a paused trial in the top {@code 1/eta} of the
 * results it holds so far promotes that trial to the next rung; only when there is none does a new trial start.
 * Nothing waits for stragglers: a rung's top fraction is taken over whatever results are in.
 *
 * <p>With one worker the order of results, and so every promotion, follows from the seed. With several, which trial a
 * rung promotes depends on which results are in when a worker asks, as ASHA intends; the trials themselves (values and
 * model seeds) never depend on it.
 */
public final class Asha implements Scheduler {

    private final int eta;
    private final int maxEpochs;
    private final List<Integer> rungs;

    public Asha(int minEpochs, int maxEpochs, int eta) {
        if (eta < 2) {
            throw new SpaceException("eta must be at least 2, got " + eta);
        }
        if (minEpochs < 1 || minEpochs > maxEpochs) {
            throw new SpaceException("ASHA needs 1 <= min epochs <= max epochs, got " + minEpochs + " and " + maxEpochs);
        }
        this.eta = eta;
        this.maxEpochs = maxEpochs;
        List<Integer> r = new ArrayList<>();
        for (long e = minEpochs; e < maxEpochs; e *= eta) {
            r.add((int) e);
        }
        r.add(maxEpochs);
        this.rungs = List.copyOf(r);
    }

    /** The epochs at which trials pause and are ranked, the last being {@code maxEpochs}. */
    public List<Integer> rungs() {
        return rungs;
    }

    @Override
    public Optional<Job> next(List<TrialView> trials, boolean mayStartNew) {
        Optional<Job> promotion = promotion(trials);
        if (promotion.isPresent() || !mayStartNew) {
            return promotion;
        }
        return Optional.of(new Job(trials.size(), rungs.get(0), false, "new trial, first rung at epoch " + rungs.get(0)));
    }

    /** The promotion a free worker should take among {@code members}, from the highest rung down. */
    Optional<Job> promotion(List<TrialView> members) {
        for (int k = rungs.size() - 2; k >= 0; k--) {
            int r = rungs.get(k);
            List<TrialView> ranked = ranked(members, r);
            int top = ranked.size() / eta;
            for (int i = 0; i < top; i++) {
                TrialView t = ranked.get(i);
                if (t.status() == TrialStatus.PAUSED && t.target() == r) {
                    return Optional.of(new Job(t.number(), rungs.get(k + 1), true, String.format(Locale.ROOT,
                            "promoted to epoch %d: rank %d of %d at epoch %d (score %.4f, top 1/%d)",
                            rungs.get(k + 1), i + 1, ranked.size(), r, t.at(r), eta)));
                }
            }
        }
        return Optional.empty();
    }

    /** The trials that have reached epoch {@code r}, best score there first (ties: lower trial number). */
    private static List<TrialView> ranked(List<TrialView> members, int r) {
        List<TrialView> in = new ArrayList<>();
        for (TrialView t : members) {
            if (t.epochs() >= r) {
                in.add(t);
            }
        }
        in.sort(Comparator.comparingDouble((TrialView t) -> -t.at(r)).thenComparingInt(TrialView::number));
        return in;
    }

    @Override
    public Decision afterEpoch(TrialView trial, List<TrialView> trials) {
        int e = trial.epochs();
        if (e >= maxEpochs) {
            return new Decision(Decision.Kind.COMPLETE, "trained all " + maxEpochs + " epochs");
        }
        if (e < trial.target()) {
            return Decision.CONTINUE;
        }
        return new Decision(Decision.Kind.PAUSE, String.format(Locale.ROOT, "reached rung %d at epoch %d (score %.4f)",
                rungs.indexOf(e), e, trial.at(e)));
    }

    @Override
    public String whyNotPromoted(TrialView trial, List<TrialView> trials) {
        int r = trial.epochs();
        List<TrialView> ranked = ranked(trials, r);
        int rank = ranked.indexOf(trial) + 1;
        return String.format(Locale.ROOT, "stopped at epoch %d (rung %d): rank %d of %d, only the top %d (1/%d) were promoted",
                r, rungs.indexOf(r), rank, ranked.size(), ranked.size() / eta, eta);
    }
}
