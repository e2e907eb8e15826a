package dev.floe.app;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.floe.ml.experiment.Experiments;
import dev.floe.ml.experiment.RunRecord;
import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.train.TrainingOptions;
import dev.floe.store.GeoStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe train}: train a CNN on a training set and record the run as an experiment. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a CNN (DL4J; CPU by default, GPU with the cuda build) on a training set of the store, "
                + "evaluate it on the set's test split against the majority-class baseline, and record the run under "
                + "STORE/experiments/RUN/ and as ML-Schema/PROV-O in the store. Prints samples/s per epoch on stderr.",
                "--reproduce RUN repeats a recorded run with its own set, model, size, options and seed."})
final class TrainCommand implements Callable<Integer> {

    @ParentCommand
    Floe floe;

    @Option(names = "--store", defaultValue = "floe-data", description = "store directory (default: ${DEFAULT-VALUE})")
    Path store;

    @Option(names = "--trainingset", description = "name of a training set made with floe trainingset create")
    String trainingSet;

    @Option(names = "--model", description = "sar-cnn (ship or iceberg: HH, HV, band_avg + incidence angle) or s2-cnn (Sentinel-2 B02-B04, B08)")
    String model;

    @Option(names = "--epochs", defaultValue = "10", description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "minibatch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--seed", defaultValue = "42", description = "seed of weights and shuffling (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--learning-rate", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--filters", split = ",", description = "filters of each conv+pool block (default: 16,32,64 for sar-cnn, 16,32 for s2-cnn)")
    int[] filters;

    @Option(names = "--dense", description = "units of the dense layers (default: 64 for sar-cnn, 32 for s2-cnn)")
    Integer dense;

    @Option(names = "--reproduce", paramLabel = "RUN", description = "repeat this recorded run exactly")
    String reproduce;

    @Option(names = "--quiet", description = "no progress on stderr")
    boolean quiet;

    @Override
    public Integer call() {
        Stores.existing("--store", store);
        if (reproduce == null && (trainingSet == null || model == null)) {
            throw new UsageException("give --trainingset and --model (or --reproduce RUN)");
        }
        ModelFamily family = reproduce == null ? modelFamily(model) : null;
        try (GeoStore geoStore = Stores.openOrCreate(store, null)) {
            Experiments experiments = new Experiments(geoStore, quiet ? null : floe.err());
            RunRecord run = reproduce != null ? experiments.reproduce(reproduce)
                    : experiments.train(experiments.trainingSet(trainingSet), family,
                            filters != null ? filters : family.defaultFilters(), dense != null ? dense : family.defaultDense(),
                            learningRate, new TrainingOptions(epochs, batchSize, seed));
            floe.out().printf(Locale.ROOT, "%s\t%s\t%s\ttest accuracy %s\tmajority baseline %s\t%s%n", run.id(), run.architecture(),
                    run.trainingSetName(), run.test() == null ? "-" : String.format(Locale.ROOT, "%.4f", run.test().accuracy()),
                    run.test() == null ? "-" : String.format(Locale.ROOT, "%.4f", run.test().majorityBaseline()),
                    experiments.runFolder(run.id()));
            if (!quiet && run.test() != null) {
                run.test().recall().forEach((cls, recall) -> floe.err().printf(Locale.ROOT, "  %-24s recall %.3f on %d test samples%n",
                        cls, recall, run.test().support().get(cls)));
                floe.err().println("  confusion (rows true, columns predicted, " + run.test().recall().keySet() + "): "
                        + Arrays.deepToString(run.test().confusion()));
            }
        }
        return 0;
    }

    /** The family a {@code --model} value names, as a usage error naming the option where it names none. */
    static ModelFamily modelFamily(String model) {
        try {
            return ModelFamily.of(model);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--model " + e.getMessage().replace("unknown model ", ""));
        }
    }
}
