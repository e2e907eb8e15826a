package dev.floe.app;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.floe.ml.TrainingSet;
import dev.floe.ml.trainingset.Manifest;
import dev.floe.ml.trainingset.SparqlSource;
import dev.floe.ml.trainingset.Split;
import dev.floe.ml.trainingset.SplitRatios;
import dev.floe.ml.trainingset.TrainingQuery;
import dev.floe.store.GeoStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe trainingset create}: run a training-set query, split, materialise and record the set. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Run a training-set SELECT (binding ?sample, ?label and ?raster and/or numeric features), split it "
                + "(seeded, stratified), copy the rasters into a folder and record the set (PROV-O) in the store.",
                "With --store the set goes to STORE/trainingsets/NAME/ and its RDF into the store; with --endpoint give "
                + "--out, and the RDF is written to OUT/trainingset.ttl (load it with floe load)."})
final class TrainingSetCreateCommand implements Callable<Integer> {

    @ParentCommand
    TrainingSetCommand parent;

    static final class Target {
        @Option(names = "--store", description = "store directory to query and record the set in")
        Path store;

        @Option(names = "--endpoint", description = "SPARQL endpoint URL to query, e.g. http://127.0.0.1:8080/sparql")
        URI endpoint;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--query", required = true, description = "the training-set query (.rq), e.g. queries/training/sar-ship-iceberg.rq")
    Path query;

    @Option(names = "--name", required = true, description = "the set's name (letters, digits, . _ -)")
    String name;

    @Option(names = "--out", description = "folder for the set (default: STORE/trainingsets/NAME)")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the split (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--split", defaultValue = "0.7,0.15,0.15", description = "train,validation,test fractions (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--quiet", description = "no progress or summary on stderr")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        Floe floe = parent.floe;
        if (!Files.isRegularFile(query)) {
            throw new UsageException("--query " + query + ": no such file");
        }
        SplitRatios ratios;
        try {
            ratios = SplitRatios.parse(split);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        TrainingQuery q = new TrainingQuery(Files.readString(query, StandardCharsets.UTF_8), query.toString());
        TrainingSet set;
        if (target.store != null) {
            Stores.existing("--store", target.store);
            Path folder = out != null ? out : TrainingSet.folderIn(target.store, name);
            try (GeoStore store = Stores.openOrCreate(target.store, "query it through the server, then load the set's RDF through it: "
                    + "floe trainingset create --endpoint {URL}sparql --out " + folder + " --query " + query + " --name " + name
                    + " (and your other options), then floe load --endpoint {URL} --api-key KEY " + folder.resolve("trainingset.ttl"))) {
                set = TrainingSet.create(name, q, SparqlSource.store(store), out != null ? out : TrainingSet.folderIn(store.directory(), name), ratios, seed, quiet ? null : floe.err());
            }
        } else {
            if (out == null) {
                throw new UsageException("with --endpoint, give --out for the training set folder");
            }
            set = TrainingSet.create(name, q, SparqlSource.endpoint(target.endpoint), out, ratios, seed, quiet ? null : floe.err());
        }
        Manifest m = set.manifest();
        floe.out().printf("%s\t%s\t%d samples\ttrain %d\tvalidation %d\ttest %d\t%s%n", m.name(), m.iri(), m.total(),
                m.total(Split.TRAIN), m.total(Split.VALIDATION), m.total(Split.TEST), set.folder());
        return 0;
    }
}
