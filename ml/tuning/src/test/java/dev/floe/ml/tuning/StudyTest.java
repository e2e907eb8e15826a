package dev.floe.ml.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.train.EpochMetrics;

/** The study runner over synthetic curves: trial i (the grid's i-th dense width, 1..4) scores CURVES[i][epoch - 1]. */
class StudyTest {

    static final double[][] CURVES = {
            {0.5, 0.6, 0.7, 0.75, 0.8, 0.8},
            {0.4, 0.5, 0.6, 0.7, 0.75, 0.8},
            {0.3, 0.3, 0.3, 0.35, 0.35, 0.35},
            {0.45, 0.40, 0.75, 0.60, 0.95, 0.85}};

    static final String SPACE = "dense: {integer: [1, 4]}\n";

    @TempDir
    Path dir;

    /** Scores from the table; a checkpoint is a file holding the epoch. */
    static final class Curves implements TrialTrainer {
        @Override
        public TrialRun open(Map<String, Object> params, long seed, Path checkpoint, int epochsDone) {
            int trial = (Integer) params.get("dense") - 1;
            return new TrialRun() {
                @Override
                public EpochMetrics epoch(int epoch) {
                    return new EpochMetrics(epoch, Double.NaN, Double.NaN, 1 - CURVES[trial][epoch - 1], CURVES[trial][epoch - 1], 1);
                }

                @Override
                public void checkpoint(Path file) {
                    try {
                        Files.writeString(file, "trial " + trial);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        }
    }

    static StudySettings settings(Strategy strategy, int parallel) {
        return new StudySettings("synthetic", "s2", "s2-cnn", SPACE, "space.yaml", strategy, 4, parallel, 6, "val_accuracy", 1, 3, 2, 2, 2);
    }

    @Test
    void theMedianRuleStopsTheHopelessTrialAtTheRightEpochAndRecordsWhy() {
        SearchSpace space = SearchSpace.parse(SPACE, "space.yaml", ModelFamily.S2_CNN);
        List<Integer> finished = new ArrayList<>();
        List<TrialRecord> trials = new Study(dir, settings(Strategy.GRID, 1), space, new Curves(), t -> finished.add(t.number())).run();
        assertEquals(List.of(TrialStatus.COMPLETED, TrialStatus.COMPLETED, TrialStatus.STOPPED, TrialStatus.COMPLETED),
                trials.stream().map(TrialRecord::status).toList());
        assertEquals(List.of("epoch 0: new trial", "epoch 3: stopped at epoch 3: smoothed score 0.3000 (mean of 2 epochs) below "
                + "the median 0.6000 of 2 other trials for 2 epochs in a row"), trials.get(2).decisions());
        assertEquals(3, trials.get(2).epochs());
        assertEquals(List.of(0, 1, 2, 3), finished);
        assertEquals(trials, Study.readTrials(dir), "the records on disk are the study's");
    }

    @Test
    void parallelWorkersFinishEveryTrialWithTheSameValues() {
        SearchSpace space = SearchSpace.parse(SPACE, "space.yaml", ModelFamily.S2_CNN);
        List<TrialRecord> one = new Study(dir.resolve("one"), settings(Strategy.ASHA, 1), space, new Curves(), null).run();
        List<TrialRecord> three = new Study(dir.resolve("three"), settings(Strategy.ASHA, 3), space, new Curves(), null).run();
        assertEquals(4, three.size());
        for (int i = 0; i < 4; i++) {
            assertTrue(three.get(i).status().finished(), three.get(i).toString());
            assertEquals(one.get(i).params(), three.get(i).params());
            assertEquals(one.get(i).seed(), three.get(i).seed());
        }
    }
}
