package dev.floe.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.federation.Federation;
import dev.floe.federation.FederationConfigException;
import dev.floe.ml.prediction.PredictionWriter;
import dev.floe.ml.registry.ModelRegistry;
import dev.floe.ml.serving.BatchingOptions;
import dev.floe.ml.serving.ModelServer;
import dev.floe.ml.serving.StorePredictions;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.floe.store.GeoStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe serve}: the SPARQL endpoint over a store, until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve a store over the SPARQL 1.1 Protocol until interrupted (Ctrl-C).")
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    Floe floe;

    @Mixin
    ServerOptions server;

    @Option(names = "--quiet", description = "no request log on stderr (one line per request: method, path, status, rows, ms)")
    boolean quiet;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "tdb2",
            description = "tdb2 (default: the store directory) or spark (--store names a Spark store's URI, answered on "
                    + "Spark and Sedona; the ./floe launcher runs it, see docs/SPARK.md)")
    String engine;

    @Option(names = "--federation", paramLabel = "FILE",
            description = "federation file (Turtle): also serve /federated/sparql over its members (see docs/FEDERATION.md)")
    Path federation;

    @Override
    public Integer call() throws InterruptedException {
        if (engine.equals("spark")) {
            throw new UsageException(SparkCommand.NOT_HERE);
        }
        if (!engine.equals("tdb2")) {
            throw new UsageException("unknown engine '" + engine + "': tdb2 (the default) or spark");
        }
        EndpointConfig config = server.config();
        Federation members = null;
        if (federation != null) {
            try {
                members = Federation.read(federation);
            } catch (FederationConfigException e) {
                throw new UsageException(e.getMessage());
            }
        }
        serve(floe, Stores.openOrCreate(server.store, "it is already served there"), config, server.batching(), server.monitoring(), null, members, !quiet);
        return 0;
    }

    /**
     * Serves the store until the JVM is asked to stop; prints the URL and, when given, example commands.
     * Closes the server and the store on the way out.
     */
    static void serve(Floe floe, GeoStore geoStore, EndpointConfig config, BatchingOptions batching,
                      ServingMonitor.Options monitoring, String examples, boolean requestLog) throws InterruptedException {
        serve(floe, geoStore, config, batching, monitoring, examples, null, requestLog);
    }

    /**
     * As {@link #serve(Floe, GeoStore, EndpointConfig, BatchingOptions, ServingMonitor.Options, String, boolean)}, with a federated gateway
     * when {@code federation} is given; with {@code requestLog}, one line per answered request on stderr. The store's
     * registered models are served too (TF Serving REST under /v1, the Open Inference Protocol under /v2), their
     * recorded predictions written into the store, asynchronous ones through the log in {@code STORE/models/}; every
     * request is logged and watched for drift as {@code monitoring} says ({@link ServingMonitor}).
     */
    static void serve(Floe floe, GeoStore geoStore, EndpointConfig config, BatchingOptions batching, ServingMonitor.Options monitoring,
                      String examples, Federation federation, boolean requestLog) throws InterruptedException {
        StoreWarnings.print(floe, geoStore);
        EndpointServer server;
        ModelServer models;
        ServingMonitor monitor;
        // this server's own meters, exposed at /metrics (Micrometer's JVM-wide registry is left alone)
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        ModelRegistry registry = new ModelRegistry(geoStore);
        try {
            monitor = ServingMonitor.start(geoStore, registry, monitoring, metrics, floe.err());
        } catch (RuntimeException e) {
            geoStore.close();
            throw e;
        }
        try {
            models = new ModelServer(registry, batching, new StorePredictions(new PredictionWriter(geoStore)),
                    geoStore.directory().resolve(ModelRegistry.FOLDER), floe.err(), metrics, monitor.logging()).start();
            String replay = models.predictionLog().lastFailure();
            if (replay != null) {
                floe.err().println("floe: predictions logged by an earlier run that the store refused: " + replay);
            }
        } catch (RuntimeException e) {
            monitor.close();
            geoStore.close();
            throw e;
        }
        try {
            server = EndpointServer.start(geoStore, config, federation, requestLog ? floe.err()::println : null, models, metrics);
        } catch (RuntimeException e) {
            models.close();
            monitor.close();
            geoStore.close();
            throw e;
        }
        // commands run beside the server find it here instead of failing on the store's lock
        ServerRecord record = ServerRecord.ofThisProcess(server.baseUri(), !config.readKeys().isEmpty(), !config.writeKeys().isEmpty());
        try {
            record.write(geoStore.directory());
        } catch (java.io.IOException e) {
            floe.err().println("floe: warning: cannot write " + geoStore.directory().resolve(ServerRecord.FILE) + " (" + e.getMessage()
                    + "): commands run beside this server will not find it");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            record.remove(geoStore.directory());
            server.close();
            models.close();
            monitor.close();
            geoStore.close();
            metrics.close();
            stopped.countDown();
        }, "floe-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        floe.out().println("floe is serving " + geoStore.directory());
        floe.out().println("  Analyst page:    " + server.baseUri());
        floe.out().println("  SPARQL endpoint: " + server.sparqlUri());
        if (server.gateway() != null) {
            floe.out().println("  Federated:       " + server.federatedUri());
            server.gateway().members().forEach(m -> floe.out().println("    " + m.describe()));
        }
        if (!models.models().isEmpty()) {
            floe.out().println("  Models:          " + server.baseUri() + "v1/models/{name} (TF Serving REST), " + server.baseUri()
                    + "v2/models/{name} (Open Inference Protocol): " + String.join(", ", models.models()));
        }
        if (examples == null && !config.writeKeys().isEmpty()) {
            floe.out().println("  Add data:        floe load --endpoint " + server.baseUri() + " --api-key KEY FILE...");
        }
        if (examples != null) {
            floe.out().println(examples.replace("{SPARQL}", server.sparqlUri().toString()).replace("{BASE}", server.baseUri().toString())
                    .replace("{STORE}", geoStore.directory().toString()));
        }
        floe.out().println("Press Ctrl-C to stop.");
        floe.out().flush();
        stopped.await();
    }
}
