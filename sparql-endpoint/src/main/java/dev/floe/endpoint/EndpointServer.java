package dev.floe.endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.jena.query.Dataset;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

import dev.floe.endpoint.security.AccessFilter;
import dev.floe.endpoint.web.WebResource;
import dev.floe.store.GeoStore;

/**
 * Entry point of the HTTP side: serves a {@link GeoStore} over the SPARQL 1.1 Protocol with Jersey on
 * Grizzly. Binds to the configured host (127.0.0.1 by default); port 0 picks a free port.
 *
 * <pre>
 *   GET/POST /sparql    query (SPARQL 1.1 Protocol)
 *   POST     /update    update (SPARQL 1.1 Protocol; write key)
 *   GET/PUT/POST/DELETE /data   Graph Store Protocol (writes need a write key)
 *   GET      /          the analyst web page (and /assets/, /webjars/, /queries)
 *   GET      /health    liveness
 * </pre>
 */
public final class EndpointServer implements AutoCloseable {

    private final HttpServer server;
    private final URI baseUri;

    private EndpointServer(HttpServer server, URI baseUri) {
        this.server = server;
        this.baseUri = baseUri;
    }

    /** Starts serving {@code store}; returns once the port is bound. */
    public static EndpointServer start(GeoStore store, EndpointConfig config) {
        // Grizzly and Jersey log every start at INFO through java.util.logging; keep stderr for floe's own messages
        Logger.getLogger("org.glassfish").setLevel(Level.WARNING);
        ResourceConfig app = new ResourceConfig()
                .register(SparqlResource.class)
                .register(UpdateResource.class)
                .register(GraphStoreResource.class)
                .register(new AccessFilter(config.writeKeys(), config.readKeys()))
                .register(new RequestSizeFilter(config.maxRequestBytes()))
                .register(HealthResource.class)
                .register(WebResource.class)
                .register(CorsFilter.class)
                .register(new AbstractBinder() {
                    @Override
                    protected void configure() {
                        bind(store.dataset()).to(Dataset.class);
                        bind(store).to(GeoStore.class);
                        bind(config).to(EndpointConfig.class);
                    }
                })
                .property(ServerProperties.WADL_FEATURE_DISABLE, true);
        URI requested = URI.create("http://" + hostForUri(config.host()) + ":" + config.port() + "/");
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(requested, app, false);
        for (NetworkListener l : server.getListeners()) {
            // small answers must not wait for Nagle's algorithm (STACK.md trap 7 measured 40 ms per request)
            l.getTransport().setTcpNoDelay(true);
        }
        try {
            server.start();
        } catch (IOException e) {
            server.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        NetworkListener listener = server.getListeners().iterator().next();
        URI actual = URI.create("http://" + hostForUri(config.host()) + ":" + listener.getPort() + "/");
        return new EndpointServer(server, actual);
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The server's base URI, e.g. {@code http://127.0.0.1:8080/}. */
    public URI baseUri() {
        return baseUri;
    }

    /** The SPARQL query endpoint URI. */
    public URI sparqlUri() {
        return baseUri.resolve("sparql");
    }

    /** The bound port. */
    public int port() {
        return baseUri.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
