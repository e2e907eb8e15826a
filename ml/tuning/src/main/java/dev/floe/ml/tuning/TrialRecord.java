package dev.floe.ml.tuning;

import java.util.List;
import java.util.Map;

import dev.floe.ml.train.EpochMetrics;

/**
 * A trial as its folder records it ({@code trial.json}): its number, hyperparameters and model seed, status, the
 * epoch its current job trains to, the metrics of every epoch so far (those its checkpoint holds), the scheduler's
 * decisions with their reasons in order, and when it started and ended (ISO instants; ended null while unfinished).
 */
public record TrialRecord(int number, Map<String, Object> params, long seed, TrialStatus status, int target,
                          List<EpochMetrics> metrics, List<String> decisions, String started, String ended) {

    public static final String FILE = "trial.json";

    public TrialRecord {
        metrics = List.copyOf(metrics);
        decisions = List.copyOf(decisions);
    }

    public int epochs() {
        return metrics.size();
    }
}
