package dev.floe.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.tuning.Ablation;
import dev.floe.ml.tuning.Ablations;
import dev.floe.ml.tuning.Metric;
import dev.floe.ml.tuning.TrialModel;
import dev.floe.store.GeoStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe ablate}: what each input band, numeric feature and convolution block of a model is worth. */
@Command(name = "ablate", mixinStandardHelpOptions = true,
        description = "Leave-one-component-out: train the model (the baseline) and once without each named component (an input "
                + "band or numeric feature removed and the network rebuilt for it, or a convolution block removed), each over "
                + "--seeds seeds in parallel, stopping hopeless variants early; print the components ranked by how much "
                + "leaving them out costs, with the spread over seeds, and record the result as RDF in the store.")
final class AblateCommand implements Callable<Integer> {

    @ParentCommand
    Floe floe;

    @Option(names = "--store", defaultValue = "floe-data", description = "store directory (default: ${DEFAULT-VALUE})")
    Path store;

    @Option(names = "--trainingset", required = true, description = "name of a training set made with floe trainingset create")
    String trainingSet;

    @Option(names = "--model", required = true, description = "s2-cnn or sar-cnn")
    String model;

    @Option(names = "--features", split = ",", description = "inputs to leave out, e.g. band:B02,band:B03 or feature:inc_angle")
    List<String> features = new ArrayList<>();

    @Option(names = "--layers", split = ",", description = "layers to leave out: convolution blocks (conv1, conv2, ...) or the dense layer (dense, s2-cnn only)")
    List<String> layers = new ArrayList<>();

    @Option(names = "--parallel", defaultValue = "2", description = "trials trained at once (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--seeds", defaultValue = "3", description = "model seeds per component (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--seed", defaultValue = "42", description = "first model seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--epochs", defaultValue = "5", description = "epochs of each trial (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--metric", defaultValue = "val_accuracy", description = "val_accuracy, val_loss, train_accuracy or train_loss")
    String metric;

    @Option(names = "--margin", defaultValue = "0.05",
            description = "a variant this much worse than its baseline for --patience epochs stops early (default: ${DEFAULT-VALUE})")
    double margin;

    @Option(names = "--patience", defaultValue = "2", description = "epochs in a row (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--filters", split = ",", description = "filters of each conv block (default: the family's)")
    int[] filters;

    @Option(names = "--dense", description = "units of the dense layers (default: the family's)")
    Integer dense;

    @Option(names = "--learning-rate", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--batch-size", defaultValue = "32", description = "minibatch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--name", description = "the ablation's name in the store (default: TRAININGSET-MODEL-ablation-SEED)")
    String name;

    @Override
    public Integer call() {
        Stores.existing("--store", store);
        ModelFamily family = TrainCommand.modelFamily(model);
        if (seeds < 1 || parallel < 1 || epochs < 1 || patience < 1 || batchSize < 1) {
            throw new UsageException("--seeds, --parallel, --epochs, --patience and --batch-size must be positive");
        }
        List<String> components = new ArrayList<>(features);
        components.addAll(layers);
        List<Long> seedList = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            seedList.add(seed + i);
        }
        Metric m = Metric.of(metric);
        Ablation.Settings settings = new Ablation.Settings(family, new TrialModel(filters != null ? filters : family.defaultFilters(),
                dense != null ? dense : family.defaultDense(), learningRate, batchSize), m, epochs, seedList, parallel, margin, patience);
        String ablation = name != null ? name : trainingSet + "-" + model + "-ablation-" + seed;
        try (GeoStore geoStore = Stores.openOrCreate(store, null)) {
            long start = System.nanoTime();
            List<Ablation.Result> results = new Ablations(geoStore).run(ablation, trainingSet, settings, components);
            Ablation.table(m, results).forEach(floe.out()::println);
            floe.err().printf(Locale.ROOT, "ablation %s: %d components x %d seeds in %.1f s%n", ablation, components.size(), seeds,
                    (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }
}
