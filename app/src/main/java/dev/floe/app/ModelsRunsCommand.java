package dev.floe.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.apache.jena.query.QueryFactory;

import dev.floe.ml.experiment.Experiments;
import dev.floe.ml.experiment.ModelEntry;
import dev.floe.store.GeoStore;
import dev.floe.store.sparql.RemoteEndpointException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    ServerAccess access;

    @Override
    public Integer call() {
        ServerRecord served = Stores.server(store);
        if (served != null) {
            // a running server holds the store: the same query through its /sparql
            try {
                print(Experiments.models(access.endpoint(served.sparql(), java.time.Duration.ofSeconds(60))
                        .select(QueryFactory.create(Experiments.MODELS_QUERY))));
            } catch (RemoteEndpointException e) {
                throw access.failure(e);
            }
            return 0;
        }
        try (GeoStore geoStore = GeoStore.open(store)) {
            print(new Experiments(geoStore, null).models());
        }
        return 0;
    }

    private void print(List<ModelEntry> models) {
        var out = parent.floe.out();
        out.println("run\tmodel\ttraining set\ttest accuracy\tmajority baseline\tfinished\tfile");
        for (ModelEntry m : models) {
            out.printf(Locale.ROOT, "%s\t%s\t%s\t%s\t%s\t%s\t%s%n", m.run(), m.architecture(), m.trainingSet(),
                    m.testAccuracy() == null ? "-" : String.format(Locale.ROOT, "%.4f", m.testAccuracy()),
                    m.majorityBaseline() == null ? "-" : String.format(Locale.ROOT, "%.4f", m.majorityBaseline()),
                    m.ended(), m.modelFile());
        }
    }
}
