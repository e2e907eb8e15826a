package dev.floe.store.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * The durations of the tasks that end on a session, per stage, between {@link #clear} and {@link #stages}: the
 * scale benchmark reads from them how unevenly a spatial join's work fell on its tasks (its largest task against its
 * median task).
 */
final class TaskTimes extends SparkListener {

    /** One stage's tasks: how many, the median and the largest duration in ms. */
    record Stage(int stageId, int tasks, long medianMs, long maxMs) {
        double skew() {
            return (double) maxMs / Math.max(1, medianMs);
        }
    }

    private final Map<Integer, List<Long>> durations = new HashMap<>();

    static TaskTimes on(SparkSession spark) {
        TaskTimes t = new TaskTimes();
        spark.sparkContext().addSparkListener(t);
        return t;
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        durations.computeIfAbsent(end.stageId(), k -> new ArrayList<>()).add(end.taskInfo().duration());
    }

    synchronized void clear() {
        durations.clear();
    }

    /** The stages whose tasks ended since {@link #clear}, once the session's listener bus has delivered every event. */
    List<Stage> stages(SparkSession spark) {
        try {
            spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not drain in a minute", e);
        }
        List<Stage> out = new ArrayList<>();
        synchronized (this) {
            durations.forEach((id, ms) -> {
                List<Long> sorted = ms.stream().sorted().toList();
                out.add(new Stage(id, sorted.size(), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1)));
            });
        }
        return out;
    }

    /** The stage that held the longest task (a stage of one task says the work was not spread at all); null if none. */
    Stage slowest(SparkSession spark) {
        return stages(spark).stream()
                .max(java.util.Comparator.comparingLong(Stage::maxMs)).orElse(null);
    }
}
