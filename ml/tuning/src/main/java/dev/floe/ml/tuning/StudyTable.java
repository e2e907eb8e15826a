package dev.floe.ml.tuning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A study's trials ranked by the metric at their last epoch, as tab-separated lines with a header. */
public final class StudyTable {

    private StudyTable() {
    }

    public static List<String> ranked(StudySettings settings, List<TrialRecord> trials) {
        Metric metric = Metric.of(settings.metric());
        List<TrialRecord> sorted = new ArrayList<>();
        for (TrialRecord t : trials) {
            if (t.epochs() > 0) {
                sorted.add(t);
            }
        }
        sorted.sort(Comparator.comparingDouble((TrialRecord t) -> -metric.score(last(metric, t))).thenComparingInt(TrialRecord::number));
        List<String> out = new ArrayList<>();
        out.add("rank\ttrial\t" + metric.id() + "\tepochs\tstatus\thyperparameters\twhy");
        for (int i = 0; i < sorted.size(); i++) {
            TrialRecord t = sorted.get(i);
            out.add(String.format(Locale.ROOT, "%d\t%d\t%.4f\t%d\t%s\t%s\t%s", i + 1, t.number(), last(metric, t), t.epochs(),
                    t.status().name().toLowerCase(Locale.ROOT),
                    t.params().entrySet().stream().map(e -> e.getKey() + "=" + format(e.getValue())).collect(Collectors.joining(",")),
                    t.decisions().isEmpty() ? "" : t.decisions().get(t.decisions().size() - 1)));
        }
        return out;
    }

    private static double last(Metric metric, TrialRecord t) {
        return metric.value(t.metrics().get(t.epochs() - 1));
    }

    private static String format(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.3g", d) : String.valueOf(v);
    }
}
