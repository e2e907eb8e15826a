package dev.floe.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import dev.floe.store.GeoStore;
import dev.floe.store.LoadSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code floe load}: bulk-load RDF files into a store, all or nothing; or, with {@code --endpoint}, add them to the store
 * a running floe server holds, through its Graph Store endpoint ({@link ServerUpload}).
 */
@Command(name = "load", mixinStandardHelpOptions = true, description = {
        "Load RDF files into a store in one transaction and update its spatial index.",
        "With --endpoint, add them to the store of a running floe server instead (floe serve, floe demo), one transaction "
                + "per file, through its Graph Store endpoint; the server's write key goes in --api-key or FLOE_API_KEY."})
final class LoadCommand implements Callable<Integer> {

    static final Path DEFAULT_STORE = Path.of("floe-data");

    @ParentCommand
    Floe floe;

    @Option(names = "--store", description = "store directory (default: floe-data)")
    Path store;

    @Option(names = "--endpoint", paramLabel = "URL", description = "a running floe server, e.g. http://127.0.0.1:8080/")
    URI endpoint;

    @Option(names = "--graph", paramLabel = "IRI", description = "with --endpoint: add the triples to this named graph "
            + "(default: the default graph; quads files keep their own graphs)")
    String graph;

    @Mixin
    ServerAccess access;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "RDF files (.nt .nq .ttl .trig .rdf .jsonld, optionally .gz)")
    List<Path> files;

    @Option(names = "--infer-types", description = "materialise RDFS class entailment (rdf:type along rdfs:subClassOf) after loading")
    boolean inferTypes;

    @Option(names = "--quiet", description = "no summary on stderr")
    boolean quiet;

    @Override
    public Integer call() {
        if (endpoint != null) {
            return loadThrough(endpoint);
        }
        if (graph != null) {
            throw new UsageException("--graph is for --endpoint: a load into a store directory keeps each file's graphs");
        }
        Path dir = store != null ? store : DEFAULT_STORE;
        ServerRecord served = ServerRecord.live(dir).orElse(null);
        if (served != null) {
            throw new StoreServedException(dir, served, served.writes()
                    ? "load through it: floe load --endpoint " + served.base() + " --api-key KEY " + fileArguments()
                    : "it accepts no writes (it was started without --api-keys): restart it with --api-keys FILE and run "
                    + "floe load --endpoint " + served.base() + " --api-key KEY " + fileArguments() + ", or stop it and run this again");
        }
        try (GeoStore geoStore = GeoStore.open(dir)) {
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

    private Integer loadThrough(URI server) {
        if (store != null) {
            throw new UsageException("give either --store or --endpoint, not both");
        }
        if (inferTypes) {
            throw new UsageException("--infer-types runs inside a store's own load: it is not available with --endpoint");
        }
        LoadSummary summary = new ServerUpload(server, access, graph).load(files);
        if (!quiet) {
            floe.err().printf("load: %,d triples from %d file(s) in %.1f s (one transaction per file); the store served at %s "
                            + "now holds %,d triples, %,d spatial index entries%n", summary.quads(), summary.files().size(),
                    summary.millis() / 1000.0, ServerUpload.base(server), summary.storeSize(), summary.indexed());
        }
        return 0;
    }

    /** The files as the user gave them, for a command line to copy. */
    private String fileArguments() {
        return files.stream().map(Path::toString).map(f -> f.contains(" ") ? "'" + f + "'" : f).collect(Collectors.joining(" "));
    }
}
