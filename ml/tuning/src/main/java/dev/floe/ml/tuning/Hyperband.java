package dev.floe.ml.tuning;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Asynchronous Hyperband: brackets of {@link Asha} that differ in their first rung, bracket b starting at {@code
 * minEpochs * eta^b} epochs (bracket 0 is the most aggressive, the last trains every trial to {@code maxEpochs}),
 * hedging against a first rung too early to tell good trials from bad. Trial i belongs to bracket i mod (number of
 * brackets); a free worker takes a promotion in any bracket (lowest bracket first) before it starts a new trial.
 */
public final class Hyperband implements Scheduler {

    private final List<Asha> brackets = new ArrayList<>();

    public Hyperband(int minEpochs, int maxEpochs, int eta) {
        new Asha(minEpochs, maxEpochs, eta); // checks the arguments
        for (long first = minEpochs; first <= maxEpochs; first *= eta) {
            brackets.add(new Asha((int) first, maxEpochs, eta));
        }
    }

    public int brackets() {
        return brackets.size();
    }

    /** The bracket of trial {@code number}. */
    public int bracketOf(int number) {
        return number % brackets.size();
    }

    public Asha bracket(int b) {
        return brackets.get(b);
    }

    @Override
    public Optional<Job> next(List<TrialView> trials, boolean mayStartNew) {
        for (int b = 0; b < brackets.size(); b++) {
            Optional<Job> p = brackets.get(b).promotion(members(trials, b));
            if (p.isPresent()) {
                return Optional.of(new Job(p.get().trial(), p.get().target(), true, "bracket " + b + ": " + p.get().reason()));
            }
        }
        if (!mayStartNew) {
            return Optional.empty();
        }
        int b = bracketOf(trials.size());
        int first = brackets.get(b).rungs().get(0);
        return Optional.of(new Job(trials.size(), first, false, "new trial in bracket " + b + ", first rung at epoch " + first));
    }

    @Override
    public Decision afterEpoch(TrialView trial, List<TrialView> trials) {
        return brackets.get(bracketOf(trial.number())).afterEpoch(trial, members(trials, bracketOf(trial.number())));
    }

    @Override
    public String whyNotPromoted(TrialView trial, List<TrialView> trials) {
        int b = bracketOf(trial.number());
        return "bracket " + b + ": " + brackets.get(b).whyNotPromoted(trial, members(trials, b));
    }

    private List<TrialView> members(List<TrialView> trials, int b) {
        List<TrialView> out = new ArrayList<>();
        for (TrialView t : trials) {
            if (bracketOf(t.number()) == b) {
                out.add(t);
            }
        }
        return out;
    }
}
