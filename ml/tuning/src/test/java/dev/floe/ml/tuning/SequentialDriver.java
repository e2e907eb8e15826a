package dev.floe.ml.tuning;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Drives a scheduler with one worker over synthetic curves (trial i's score after epoch e is {@code curves[i][e - 1]})
 * and logs every job and decision, e.g. "t1 promoted to 3", "t2 paused at 1", "t4 stopped at 3".
 */
final class SequentialDriver {

    final List<String> log = new ArrayList<>();
    final List<String> reasons = new ArrayList<>();
    private final List<TrialView> trials = new ArrayList<>();

    List<String> run(Scheduler s, double[][] curves) {
        while (true) {
            Optional<Job> next = s.next(List.copyOf(trials), trials.size() < curves.length);
            if (next.isEmpty()) {
                break;
            }
            Job job = next.get();
            if (job.trial() == trials.size()) {
                trials.add(new TrialView(job.trial(), List.of(), job.target(), TrialStatus.RUNNING));
                log.add("t" + job.trial() + " new to " + job.target());
            } else {
                log.add("t" + job.trial() + " promoted to " + job.target());
            }
            TrialView t = trials.get(job.trial());
            t = new TrialView(t.number(), t.scores(), job.target(), TrialStatus.RUNNING);
            while (true) {
                List<Double> scores = new ArrayList<>(t.scores());
                scores.add(curves[t.number()][scores.size()]);
                t = new TrialView(t.number(), scores, job.target(), TrialStatus.RUNNING);
                trials.set(t.number(), t);
                Decision d = s.afterEpoch(t, List.copyOf(trials));
                if (d.kind() == Decision.Kind.CONTINUE) {
                    continue;
                }
                TrialStatus status = switch (d.kind()) {
                    case PAUSE -> TrialStatus.PAUSED;
                    case STOP -> TrialStatus.STOPPED;
                    default -> TrialStatus.COMPLETED;
                };
                trials.set(t.number(), new TrialView(t.number(), scores, job.target(), status));
                log.add("t" + t.number() + " " + status.name().toLowerCase(java.util.Locale.ROOT) + " at " + scores.size());
                if (d.kind() == Decision.Kind.STOP) {
                    reasons.add("t" + t.number() + ": " + d.reason());
                }
                break;
            }
        }
        for (TrialView t : trials) {
            if (t.status() == TrialStatus.PAUSED) {
                reasons.add("t" + t.number() + ": " + s.whyNotPromoted(t, List.copyOf(trials)));
            }
        }
        return log;
    }

    /** A curve that stays at {@code v} for {@code epochs} epochs. */
    static double[] flat(double v, int epochs) {
        double[] c = new double[epochs];
        java.util.Arrays.fill(c, v);
        return c;
    }
}
