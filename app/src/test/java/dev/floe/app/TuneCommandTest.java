package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** floe tune, floe tune list|show and floe ablate as a user runs them, on the SAR records of {@link MlCommandsTest}. */
class TuneCommandTest {

    @TempDir
    Path tmp;

    private Path store() throws IOException {
        Path json = MlCommandsTest.sarRecords(tmp.resolve("patches.json"));
        Path nt = tmp.resolve("patches.nt");
        Path store = tmp.resolve("store");
        assertEquals(0, CommandLineTest.floe("triplify", "--input", json.toString(), "--out", nt.toString(), "--quiet").exit());
        assertEquals(0, CommandLineTest.floe("load", "--store", store.toString(), nt.toString(), "--quiet").exit());
        assertEquals(0, CommandLineTest.floe("trainingset", "create", "--store", store.toString(), "--query", MlCommandsTest.SAR_QUERY,
                "--name", "sar", "--seed", "1", "--quiet").exit());
        return store;
    }

    @Test
    void tuneRunsAStudyRegistersItsBestTrialAndListsAndShowsIt() throws IOException {
        Path store = store();
        Path space = Files.writeString(tmp.resolve("space.yaml"), """
                learning_rate: {log-uniform: [0.001, 0.03]}
                filters: {choice: [4]}
                dense: {choice: [8]}
                batch_size: {choice: [8]}
                """);
        CommandLineTest.Run run = CommandLineTest.floe("tune", "--store", store.toString(), "--trainingset", "sar", "--model", "sar-cnn",
                "--space", space.toString(), "--strategy", "asha", "--trials", "3", "--max-epochs", "2", "--eta", "2", "--seed", "1",
                "--quiet");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("rank\ttrial\tval_accuracy\tepochs\tstatus\thyperparameters\twhy\n"), run.out());
        assertEquals(3 + 2, run.out().lines().count(), run.out());
        assertTrue(run.out().contains("registered as sar-sar-cnn-asha-1 version 1"), run.out());
        CommandLineTest.Run list = CommandLineTest.floe("tune", "list", "--store", store.toString());
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains("sar-sar-cnn-asha-1\tsar\tsar-cnn\tasha\t3\tval_accuracy\tfinished\ttrial "), list.out());
        CommandLineTest.Run show = CommandLineTest.floe("tune", "show", "sar-sar-cnn-asha-1", "--store", store.toString());
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("best trial "), show.out());
        assertEquals(0, CommandLineTest.floe("models", "show", "sar-sar-cnn-asha-1", "--store", store.toString()).exit());
    }

    @Test
    void badSpacesStrategiesAndMetricsAreClearErrors() throws IOException {
        Path store = store();
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "learning_rate: {log-uniform: [0.01, 0.001]}\n");
        CommandLineTest.Run run = CommandLineTest.floe("tune", "--store", store.toString(), "--trainingset", "sar", "--model", "sar-cnn",
                "--space", bad.toString(), "--quiet");
        assertEquals(Floe.EXIT_USER_ERROR, run.exit());
        assertEquals("floe: " + bad + " line 1: parameter learning_rate: log-uniform range is empty, low 0.01 > high 0.001\n", run.err());
        Path ok = Files.writeString(tmp.resolve("ok.yaml"), "dense: {choice: [8]}\n");
        CommandLineTest.Run strategy = CommandLineTest.floe("tune", "--store", store.toString(), "--trainingset", "sar", "--model",
                "sar-cnn", "--space", ok.toString(), "--strategy", "bayes");
        assertEquals(Floe.EXIT_USAGE, strategy.exit());
        assertEquals("floe: --strategy: unknown strategy bayes (random, grid, sobol, asha, hyperband)\n", strategy.err());
        CommandLineTest.Run metric = CommandLineTest.floe("tune", "--store", store.toString(), "--trainingset", "sar", "--model",
                "sar-cnn", "--space", ok.toString(), "--metric", "auc");
        assertEquals(Floe.EXIT_USER_ERROR, metric.exit());
        assertEquals("floe: the models report no metric auc (they report val_accuracy, val_loss, train_accuracy, train_loss)\n",
                metric.err());
        assertTrue(!Files.exists(store.resolve("studies").resolve("sar-sar-cnn-asha-42")), "nothing is left behind");
    }

    @Test
    void ablateRanksTheComponentsItLeavesOut() throws IOException {
        Path store = store();
        CommandLineTest.Run run = CommandLineTest.floe("ablate", "--store", store.toString(), "--trainingset", "sar", "--model",
                "sar-cnn", "--features", "band:HH,feature:incidenceAngle", "--layers", "conv1", "--filters", "4,8", "--dense", "8",
                "--batch-size", "8", "--seeds", "2", "--epochs", "1");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("rank\tcomponent left out\tval_accuracy (mean ± sd)\t"), run.out());
        assertTrue(run.out().lines().skip(1).findFirst().orElseThrow().startsWith("-\tbaseline\t"), run.out());
        assertEquals(5, run.out().lines().count(), run.out());
        CommandLineTest.Run unknown = CommandLineTest.floe("ablate", "--store", store.toString(), "--trainingset", "sar", "--model",
                "sar-cnn", "--features", "band:B02");
        assertEquals(Floe.EXIT_USER_ERROR, unknown.exit());
        assertEquals("floe: component band:B02: sar-cnn has no band B02 (it has HH, HV, band_avg)\n", unknown.err());
        CommandLineTest.Run badModel = CommandLineTest.floe("ablate", "--store", store.toString(), "--trainingset", "sar", "--model",
                "rf", "--features", "band:HH");
        assertEquals(Floe.EXIT_USAGE, badModel.exit());
        assertEquals("floe: --model rf (sar-cnn, s2-cnn)\n", badModel.err());
    }
}
