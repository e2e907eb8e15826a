package dev.floe.ml.tuning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The median stopping rule (Golovin et al., "Google Vizier", 2017) for random, grid and Sobol studies, made patient
 * for jittery curves: after {@code graceEpochs}, a trial whose smoothed score (the mean of its last {@code window}
 * epochs) is below the median of the other trials' smoothed scores at the same epoch for {@code patience} epochs in a
 * row is stopped. A median needs at least {@code minTrials} other trials to have reached that epoch; before that no
 * trial is stopped. Every trial otherwise trains to {@code maxEpochs}; trials start in number order.
 */
public final class MedianStopping implements Scheduler {

    private final int maxEpochs;
    private final int graceEpochs;
    private final int patience;
    private final int window;
    private final int minTrials;

    public MedianStopping(int maxEpochs, int graceEpochs, int patience, int window, int minTrials) {
        if (maxEpochs < 1 || graceEpochs < 1 || patience < 1 || window < 1 || minTrials < 1) {
            throw new SpaceException("median stopping needs positive epochs, grace, patience, window and minimum trials");
        }
        this.maxEpochs = maxEpochs;
        this.graceEpochs = graceEpochs;
        this.patience = patience;
        this.window = window;
        this.minTrials = minTrials;
    }

    @Override
    public Optional<Job> next(List<TrialView> trials, boolean mayStartNew) {
        return mayStartNew ? Optional.of(new Job(trials.size(), maxEpochs, false, "new trial")) : Optional.empty();
    }

    @Override
    public Decision afterEpoch(TrialView trial, List<TrialView> trials) {
        int e = trial.epochs();
        if (e >= trial.target()) {
            return new Decision(Decision.Kind.COMPLETE, "trained all " + trial.target() + " epochs");
        }
        if (e < graceEpochs) {
            return Decision.CONTINUE;
        }
        int below = 0;
        double lastMedian = Double.NaN;
        int lastOthers = 0;
        for (int j = e; j >= Math.max(graceEpochs, e - patience + 1); j--) {
            double[] others = others(trial, trials, j);
            if (others.length < minTrials) {
                break;
            }
            double median = median(others);
            if (j == e) {
                lastMedian = median;
                lastOthers = others.length;
            }
            if (smoothed(trial, j) < median) {
                below++;
            } else {
                break;
            }
        }
        if (below < patience) {
            return Decision.CONTINUE;
        }
        return new Decision(Decision.Kind.STOP, String.format(Locale.ROOT,
                "stopped at epoch %d: smoothed score %.4f (mean of %d epochs) below the median %.4f of %d other trials "
                        + "for %d epochs in a row", e, smoothed(trial, e), Math.min(window, e), lastMedian, lastOthers, patience));
    }

    @Override
    public String whyNotPromoted(TrialView trial, List<TrialView> trials) {
        return "never promoted"; // no trial pauses under this rule
    }

    private double[] others(TrialView trial, List<TrialView> trials, int epoch) {
        List<Double> v = new ArrayList<>();
        for (TrialView t : trials) {
            if (t.number() != trial.number() && t.epochs() >= epoch) {
                v.add(smoothed(t, epoch));
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The mean score of epochs max(1, epoch - window + 1) .. epoch. */
    double smoothed(TrialView t, int epoch) {
        int from = Math.max(1, epoch - window + 1);
        double sum = 0;
        for (int j = from; j <= epoch; j++) {
            sum += t.at(j);
        }
        return sum / (epoch - from + 1);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
