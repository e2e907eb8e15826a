package dev.floe.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.federation.Federation;
import dev.floe.federation.FederationConfigException;
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

    @Option(names = "--federation", paramLabel = "FILE",
            description = "federation file (Turtle): also serve /federated/sparql over its members (see the README)")
    Path federation;

    @Override
    public Integer call() throws InterruptedException {
        EndpointConfig config = server.config();
        Federation members = null;
        if (federation != null) {
            try {
                members = Federation.read(federation);
            } catch (FederationConfigException e) {
                throw new UsageException(e.getMessage());
            }
        }
        serve(floe, GeoStore.open(server.store), config, null, members, !quiet);
        return 0;
    }

    /**
     * Serves the store until the JVM is asked to stop; prints the URL and, when given, example commands.
     * Closes the server and the store on the way out.
     */
    static void serve(Floe floe, GeoStore geoStore, EndpointConfig config, String examples, boolean requestLog)
            throws InterruptedException {
        serve(floe, geoStore, config, examples, null, requestLog);
    }

    /**
     * As {@link #serve(Floe, GeoStore, EndpointConfig, String, boolean)}, with a federated gateway when
     * {@code federation} is given; with {@code requestLog}, one line per answered request on stderr.
     */
    static void serve(Floe floe, GeoStore geoStore, EndpointConfig config, String examples, Federation federation,
                      boolean requestLog) throws InterruptedException {
        StoreWarnings.print(floe, geoStore);
        EndpointServer server;
        try {
            server = EndpointServer.start(geoStore, config, federation, requestLog ? floe.err()::println : null);
        } catch (RuntimeException e) {
            geoStore.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            geoStore.close();
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
        if (examples != null) {
            floe.out().println(examples.replace("{SPARQL}", server.sparqlUri().toString()));
        }
        floe.out().println("Press Ctrl-C to stop.");
        floe.out().flush();
        stopped.await();
    }
}
