package dev.floe.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.floe.ml.tuning.Strategy;
import dev.floe.ml.tuning.Study;
import dev.floe.ml.tuning.StudySettings;
import dev.floe.ml.tuning.StudyTable;
import dev.floe.ml.tuning.Tuning;
import dev.floe.store.GeoStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code floe tune}: a hyperparameter study over a training set; {@code floe tune list|show} the studies of a store. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        subcommands = {TuneCommand.ListStudies.class, TuneCommand.ShowStudy.class},
        description = {"Search hyperparameters of a model family on a training set: trials sampled from a YAML search space "
                + "(random, grid, sobol, each with the median stopping rule; asha and hyperband stop trials at rungs), trained in "
                + "parallel, checkpointed under STORE/studies/STUDY/ (run the same command again to resume a stopped study), "
                + "each recorded as an ML-Schema run in the store. The best trial is tested on the set's test split and "
                + "registered as the next version of the model named after the study.",
                "Space file, e.g.: learning_rate: {log-uniform: [0.0001, 0.01]}  dense: {integer: [16, 64]}  "
                        + "filters: {choice: [8, 16]}  batch_size: {choice: [16, 32]}  blocks: {choice: [1, 2]}"})
final class TuneCommand implements Callable<Integer> {

    @ParentCommand
    Floe floe;

    @Option(names = "--store", defaultValue = "floe-data", description = "store directory (default: ${DEFAULT-VALUE})")
    Path store;

    @Option(names = "--trainingset", description = "name of a training set made with floe trainingset create")
    String trainingSet;

    @Option(names = "--model", description = "s2-cnn or sar-cnn")
    String model;

    @Option(names = "--space", description = "the search space (YAML)")
    Path space;

    @Option(names = "--strategy", defaultValue = "asha", description = "random, grid, sobol, asha or hyperband (default: ${DEFAULT-VALUE})")
    String strategy;

    @Option(names = "--trials", defaultValue = "16", description = "trials (default: ${DEFAULT-VALUE})")
    int trials;

    @Option(names = "--parallel", defaultValue = "1", description = "trials trained at once (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--max-epochs", defaultValue = "9", description = "epochs of a trial that is never stopped (default: ${DEFAULT-VALUE})")
    int maxEpochs;

    @Option(names = "--metric", defaultValue = "val_accuracy",
            description = "val_accuracy, val_loss, train_accuracy or train_loss (default: ${DEFAULT-VALUE})")
    String metric;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the trials' values and models (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--study", description = "the study's name (default: TRAININGSET-MODEL-STRATEGY-SEED)")
    String study;

    @Option(names = "--eta", defaultValue = "3", description = "asha/hyperband: a rung promotes its top 1/eta (default: ${DEFAULT-VALUE})")
    int eta;

    @Option(names = "--min-epochs", defaultValue = "1",
            description = "asha/hyperband: the first rung; median rule: epochs before a trial may be stopped (default: ${DEFAULT-VALUE})")
    int minEpochs;

    @Option(names = "--patience", defaultValue = "2",
            description = "median rule: epochs in a row below the median before a trial stops (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--window", defaultValue = "2",
            description = "median rule: epochs averaged to smooth a jittery curve (default: ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--quiet", description = "no progress on stderr")
    boolean quiet;

    @Override
    public Integer call() {
        if (trainingSet == null || model == null || space == null) {
            throw new UsageException("give --trainingset, --model and --space (or floe tune list, floe tune show STUDY)");
        }
        Stores.existing("--store", store);
        String text;
        try {
            text = Files.readString(space);
        } catch (IOException e) {
            throw new UsageException("--space " + space + ": cannot read it (" + e.getMessage() + ")");
        }
        Strategy s;
        try {
            s = Strategy.of(strategy);
        } catch (RuntimeException e) {
            throw new UsageException("--strategy: " + e.getMessage());
        }
        if (trials < 1 || parallel < 1 || maxEpochs < 1) {
            throw new UsageException("--trials, --parallel and --max-epochs must be positive");
        }
        String name = study != null ? study : trainingSet + "-" + model + "-" + s.id() + "-" + seed;
        StudySettings settings = new StudySettings(name, trainingSet, model, text, space.toString(), s, trials, parallel, maxEpochs,
                metric, seed, eta, minEpochs, patience, window);
        try (GeoStore geoStore = Stores.openOrCreate(store, null)) {
            Tuning tuning = new Tuning(geoStore, quiet ? null : floe.err());
            Tuning.Outcome outcome = tuning.tune(settings);
            StudyTable.ranked(settings, Study.readTrials(tuning.folder(name))).forEach(floe.out()::println);
            floe.out().printf(Locale.ROOT, "study %s: best trial %d, %s %.4f; run %s, test accuracy %.4f; registered as %s version %d%n",
                    name, outcome.bestTrial(), metric, outcome.score(), outcome.runId(), outcome.testAccuracy(), outcome.model(),
                    outcome.version());
        }
        return 0;
    }

    /** {@code floe tune list}: the studies of the store. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the studies of the store, one line each.")
    static final class ListStudies implements Callable<Integer> {

        @ParentCommand
        TuneCommand parent;

        @Option(names = "--store", defaultValue = "floe-data", description = "store directory (default: ${DEFAULT-VALUE})")
        Path store;

        @Override
        public Integer call() {
            try (GeoStore geoStore = Stores.open(store)) {
                Tuning tuning = new Tuning(geoStore, null);
                var out = parent.floe.out();
                out.println("study\ttraining set\tmodel\tstrategy\ttrials\tmetric\tstate\tbest");
                for (String name : tuning.studies()) {
                    StudySettings s = tuning.settings(name);
                    String best = "-";
                    if (tuning.finished(name)) {
                        Tuning.Outcome o = tuning.outcome(name);
                        best = String.format(Locale.ROOT, "trial %d (%.4f)", o.bestTrial(), o.score());
                    }
                    out.printf(Locale.ROOT, "%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s%n", name, s.trainingSet(), s.model(), s.strategy().id(),
                            s.trials(), s.metric(), tuning.finished(name) ? "finished" : "unfinished (run it again to resume)", best);
                }
            }
            return 0;
        }
    }

    /** {@code floe tune show STUDY}: a study's settings and its trials, ranked. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a study's settings and its trials ranked by its metric.")
    static final class ShowStudy implements Callable<Integer> {

        @ParentCommand
        TuneCommand parent;

        @Option(names = "--store", defaultValue = "floe-data", description = "store directory (default: ${DEFAULT-VALUE})")
        Path store;

        @Parameters(index = "0", paramLabel = "STUDY")
        String name;

        @Override
        public Integer call() {
            try (GeoStore geoStore = Stores.open(store)) {
                Tuning tuning = new Tuning(geoStore, null);
                StudySettings s = tuning.settings(name);
                var out = parent.floe.out();
                out.printf(Locale.ROOT, "study %s: training set %s, model %s, strategy %s, %d trials, %d workers, %d epochs, metric %s, "
                        + "seed %d, space %s%n", name, s.trainingSet(), s.model(), s.strategy().id(), s.trials(), s.parallel(),
                        s.maxEpochs(), s.metric(), s.seed(), s.spaceSource());
                if (tuning.finished(name)) {
                    Tuning.Outcome o = tuning.outcome(name);
                    out.printf(Locale.ROOT, "best trial %d (%.4f), run %s, test accuracy %.4f, registered as %s version %d%n",
                            o.bestTrial(), o.score(), o.runId(), o.testAccuracy(), o.model(), o.version());
                } else {
                    out.println("unfinished: run floe tune with its settings again to resume it");
                }
                StudyTable.ranked(s, Study.readTrials(tuning.folder(name))).forEach(out::println);
            }
            return 0;
        }
    }
}
