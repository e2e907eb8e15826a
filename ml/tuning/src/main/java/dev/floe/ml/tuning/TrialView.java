package dev.floe.ml.tuning;

import java.util.List;

/**
 * What a scheduler sees of a trial: its number, the score after each epoch so far (index 0 is epoch 1; higher is
 * better, a loss enters negated), the epoch its current job trains to, and its status.
 */
public record TrialView(int number, List<Double> scores, int target, TrialStatus status) {

    public TrialView {
        scores = List.copyOf(scores);
    }

    public int epochs() {
        return scores.size();
    }

    /** The score after {@code epoch} (1-based). */
    public double at(int epoch) {
        return scores.get(epoch - 1);
    }
}
