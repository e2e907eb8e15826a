package dev.floe.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.floe.ml.experiment.Experiments;
import dev.floe.ml.experiment.ModelEntry;
import dev.floe.store.GeoStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe models runs}: every trained model in the store, newest first (a SPARQL query over the run records). */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List training runs, newest first: run, model, training set, test accuracy, majority baseline, finished, file.")
final class ModelsRunsCommand implements Callable<Integer> {

    @ParentCommand
    ModelsCommand parent;

    @Option(names = "--store", defaultValue = "floe-data", description = "store directory (default: ${DEFAULT-VALUE})")
    Path store;

    @Override
    public Integer call() {
        try (GeoStore geoStore = Stores.open(store)) {
            var out = parent.floe.out();
            out.println("run\tmodel\ttraining set\ttest accuracy\tmajority baseline\tfinished\tfile");
            for (ModelEntry m : new Experiments(geoStore, null).models()) {
                out.printf(Locale.ROOT, "%s\t%s\t%s\t%s\t%s\t%s\t%s%n", m.run(), m.architecture(), m.trainingSet(),
                        m.testAccuracy() == null ? "-" : String.format(Locale.ROOT, "%.4f", m.testAccuracy()),
                        m.majorityBaseline() == null ? "-" : String.format(Locale.ROOT, "%.4f", m.majorityBaseline()),
                        m.ended(), m.modelFile());
            }
        }
        return 0;
    }
}
