package dev.floe.app;

import java.util.concurrent.Callable;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.sparql.access.ApiKeys;
import dev.floe.store.GeoStore;
import dev.floe.store.LoadSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code floe demo}: the embedded default. First run triplifies and loads the bundled real data into the
 * store; every run then serves it and prints the URL, example queries and the command that adds data to it: without
 * {@code --api-keys} the run makes a write key of its own (never stored), printed in that command.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Load the bundled real data (first run) and serve it with GeoSPARQL on http://127.0.0.1:PORT/.")
final class DemoCommand implements Callable<Integer> {

    static final String EXAMPLES = String.join("\n",
            "",
            "Try it:",
            "  # how many features of each kind",
            "  curl -s {SPARQL} -H 'Accept: text/csv' --data-urlencode query='",
            "    SELECT ?class (COUNT(?f) AS ?n) WHERE { ?f a ?class . FILTER(STRSTARTS(STR(?class), \"https://w3id.org/floe/ontology#\")) }",
            "    GROUP BY ?class ORDER BY DESC(?n)'",
            "",
            "  # the ice shelves each Sentinel-1 footprint intersects (GeoSPARQL)",
            "  curl -s {SPARQL} -H 'Accept: text/csv' --data-urlencode query='",
            "    PREFIX geo: <http://www.opengis.net/ont/geosparql#> PREFIX floe: <https://w3id.org/floe/ontology#>",
            "    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>",
            "    SELECT DISTINCT ?product ?shelf WHERE { ?p a floe:SARProduct ; floe:productId ?product ; geo:sfIntersects ?s .",
            "      ?s a floe:IceShelf ; rdfs:label ?shelf } ORDER BY ?product ?shelf'",
            "",
            "  # the land-cover model: predict one real Sentinel-2 patch (TF Serving REST; the Open Inference Protocol is under /v2)",
            "  curl -s {BASE}v1/models/land-cover:predict -d @{STORE}/demo-input/predict-request.json",
            "  # every request is logged ({STORE}/logs/inference/) and checked for drift against the training data",
            "  curl -s {BASE}v1/models/land-cover/monitoring",
            "",
            "  # predicted land cover per country: the model's predictions are GeoSPARQL features too",
            "  curl -s {SPARQL} -H 'Accept: text/csv' --data-urlencode query='",
            "    PREFIX geo: <http://www.opengis.net/ont/geosparql#> PREFIX floe: <https://w3id.org/floe/ontology#>",
            "    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>",
            "    SELECT ?country ?class (COUNT(?p) AS ?patches) WHERE { ?p a floe:Prediction ; floe:predictedClass ?class ; geo:sfWithin ?c .",
            "      ?c a floe:Country ; rdfs:label ?country } GROUP BY ?country ?class ORDER BY ?country DESC(?patches)'",
            "",
            "  # add your own data to the running demo: one transaction per file (.nt .ttl .nq .trig .rdf .jsonld, optionally .gz)",
            "  ./floe load --endpoint {BASE} --api-key {KEY} my-data.nt.gz",
            "",
            "  More analyst queries: queries/*.rq, e.g. ./floe query --endpoint {SPARQL} --file queries/places-in-sentinel-2-footprints.rq",
            "");

    @ParentCommand
    Floe floe;

    @Mixin
    ServerOptions server;

    @Option(names = "--quiet", description = "no progress and no request log on stderr")
    boolean quiet;

    @Override
    public Integer call() throws InterruptedException {
        EndpointConfig config = server.config();
        String key = "KEY";
        if (config.writeKeys().isEmpty()) {
            // a demo takes data in: without --api-keys, a write key of this run's own, printed with the load command
            key = newWriteKey();
            config = config.withKeys(ApiKeys.of(key), config.readKeys());
        }
        GeoStore geoStore = Stores.openOrCreate(server.store, "it is already served there (open its URL)");
        try {
            if (geoStore.isEmpty()) {
                floe.err().println("demo: first run, loading the bundled data into " + geoStore.directory());
                ProgressPrinter progress = new ProgressPrinter(floe.err(), quiet, "demo");
                LoadSummary s = DemoData.install(geoStore, line -> {
                    if (!quiet) {
                        floe.err().println(line);
                    }
                }, progress);
                floe.err().printf("demo: loaded %,d triples, %,d spatial index entries in %.1f s%n",
                        s.storeSize(), s.indexed(), s.millis() / 1000.0);
            } else {
                floe.err().println("demo: reusing the store in " + geoStore.directory() + " (delete it to reload)");
            }
            if (!DemoModel.installed(geoStore)) {
                long start = System.nanoTime();
                DemoModel.install(geoStore, quiet ? null : floe.err());
                floe.err().printf("demo: land-cover model trained, registered, served and its predictions loaded in %.1f s%n",
                        (System.nanoTime() - start) / 1e9);
            }
        } catch (RuntimeException e) {
            geoStore.close();
            throw e;
        }
        ServeCommand.serve(floe, geoStore, config, server.batching(), server.monitoring(), EXAMPLES.replace("{KEY}", key), !quiet);
        return 0;
    }

    /** A random write key for one run of the demo: 128 bits, as 32 hexadecimal digits. */
    static String newWriteKey() {
        byte[] bytes = new byte[16];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
