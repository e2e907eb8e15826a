package dev.floe.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.store.GeoStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code floe serve}: the SPARQL endpoint over a store, until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve a store over the SPARQL 1.1 Protocol until interrupted (Ctrl-C).")
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    Floe floe;

    @Mixin
    ServerOptions server;

    @Override
    public Integer call() throws InterruptedException {
        EndpointConfig config = server.config();
        serve(floe, GeoStore.open(server.store), config, null);
        return 0;
    }

    /**
     * Serves the store until the JVM is asked to stop; prints the URL and, when given, example commands.
     * Closes the server and the store on the way out.
     */
    static void serve(Floe floe, GeoStore geoStore, EndpointConfig config, String examples) throws InterruptedException {
        EndpointServer server;
        try {
            server = EndpointServer.start(geoStore, config);
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
        if (examples != null) {
            floe.out().println(examples.replace("{SPARQL}", server.sparqlUri().toString()));
        }
        floe.out().println("Press Ctrl-C to stop.");
        floe.out().flush();
        stopped.await();
    }
}
