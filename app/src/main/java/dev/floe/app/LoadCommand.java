package dev.floe.app;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.floe.store.GeoStore;
import dev.floe.store.LoadSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code floe load}: bulk-load RDF files into a store, all or nothing. */
@Command(name = "load", mixinStandardHelpOptions = true, description = "Load RDF files into a store in one transaction and update its spatial index.")
final class LoadCommand implements Callable<Integer> {

    @ParentCommand
    Floe floe;

    @Option(names = "--store", defaultValue = "floe-data", description = "store directory (default: ${DEFAULT-VALUE})")
    Path store;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "RDF files (.nt .nq .ttl .trig .rdf .jsonld, optionally .gz)")
    List<Path> files;

    @Option(names = "--infer-types", description = "materialise RDFS class entailment (rdf:type along rdfs:subClassOf) after loading")
    boolean inferTypes;

    @Option(names = "--quiet", description = "no summary on stderr")
    boolean quiet;

    @Override
    public Integer call() {
        try (GeoStore geoStore = GeoStore.open(store)) {
            StoreWarnings.print(floe, geoStore);
            int known = geoStore.warnings().size();
            LoadSummary summary = geoStore.load(files, inferTypes);
            geoStore.warnings().stream().skip(known).forEach(w -> floe.err().println("floe: warning: " + w));
            if (!quiet) {
                floe.err().printf("load: %,d triples from %d file(s) in %.1f s; store %s now holds %,d triples, %,d spatial index entries%n",
                        summary.quads(), summary.files().size(), summary.millis() / 1000.0, geoStore.directory(),
                        summary.storeSize(), summary.indexed());
            }
        }
        return 0;
    }
}
