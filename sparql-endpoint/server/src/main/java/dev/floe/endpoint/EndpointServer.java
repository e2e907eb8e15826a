package dev.floe.endpoint;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.jena.query.Dataset;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.ServerConfiguration;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

import dev.floe.endpoint.security.AccessFilter;
import dev.floe.endpoint.serving.InferenceV2Resource;
import dev.floe.endpoint.serving.ServedModels;
import dev.floe.endpoint.serving.ServingErrors;
import dev.floe.endpoint.serving.TfServingResource;
import dev.floe.endpoint.web.WebResource;
import dev.floe.federation.FederatedGateway;
import dev.floe.federation.Federation;
import dev.floe.federation.GatewayOptions;
import dev.floe.ml.api.ModelService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.floe.store.GeoStore;

/**
 * Entry point of the HTTP side: serves a {@link GeoStore} over the SPARQL 1.1 Protocol with Jersey on
 * Grizzly. Binds to the configured host (127.0.0.1 by default); port 0 picks a free port.
 *
 * <pre>
 *   GET/POST /sparql    query (SPARQL 1.1 Protocol), simple entailment
 *   GET/POST /rdfs/sparql   the same over RDFS entailment of the stored class and property hierarchies
 *   POST     /update    update (SPARQL 1.1 Protocol; write key)
 *   GET/PUT/POST/DELETE /data   Graph Store Protocol (writes need a write key)
 *   GET      /          the analyst web page (and /assets/, /webjars/, /queries)
 *   GET      /health    liveness
 *   GET      /metrics   the server's meters (Prometheus text format), when started with a registry
 *   GET/POST /federated/sparql   the federated gateway, when started with a {@link Federation}
 *   GET/POST /v1/models/...      TF Serving's REST API over the served models ({@link TfServingResource})
 *   GET/POST /v2/...             the Open Inference Protocol v2 ({@link InferenceV2Resource})
 * </pre>
 */
public final class EndpointServer implements AutoCloseable {

    /** Largest request line plus headers accepted; a longer one gets Grizzly's bare 400. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    private final HttpServer server;
    private final URI baseUri;
    private final FederatedGateway gateway;

    private EndpointServer(HttpServer server, URI baseUri, FederatedGateway gateway) {
        this.server = server;
        this.baseUri = baseUri;
        this.gateway = gateway;
    }

    /** Starts serving {@code store}; returns once the port is bound. */
    public static EndpointServer start(GeoStore store, EndpointConfig config) {
        return start(store, config, null);
    }

    /**
     * Starts serving {@code store} and, when {@code federation} is not null, the federated gateway over its
     * members at {@code /federated/sparql}. The local-store member is reached through this server's own
     * {@code /sparql} on loopback (same engine, GeoSPARQL set-up, timeouts and keys as every client gets).
     * Returns once the port is bound and every member is summarised.
     */
    public static EndpointServer start(GeoStore store, EndpointConfig config, Federation federation) {
        return start(store, config, federation, null);
    }

    /**
     * As {@link #start(GeoStore, EndpointConfig, Federation)}, writing one line per answered request to
     * {@code requestLog} (see {@link RequestLog}); null logs nothing.
     */
    public static EndpointServer start(GeoStore store, EndpointConfig config, Federation federation,
                                       java.util.function.Consumer<String> requestLog) {
        return start(store, config, federation, requestLog, null);
    }

    /**
     * As {@link #start(GeoStore, EndpointConfig, Federation, java.util.function.Consumer)}, serving {@code models}
     * over TF Serving's REST API ({@code /v1/models}) and the Open Inference Protocol ({@code /v2}); null serves no
     * models (those routes answer 404).
     */
    public static EndpointServer start(GeoStore store, EndpointConfig config, Federation federation,
                                       java.util.function.Consumer<String> requestLog, ModelService models) {
        return start(store, config, federation, requestLog, models, null);
    }

    /**
     * As {@link #start(GeoStore, EndpointConfig, Federation, java.util.function.Consumer, ModelService)}, exposing
     * {@code metrics} at {@code GET /metrics} in the Prometheus text format; null exposes none (404).
     */
    public static EndpointServer start(GeoStore store, EndpointConfig config, Federation federation,
                                       java.util.function.Consumer<String> requestLog, ModelService models,
                                       PrometheusMeterRegistry metrics) {
        GatewaySlot slot = new GatewaySlot(federation != null);
        // Grizzly and Jersey log every start at INFO through java.util.logging; keep stderr for floe's own messages
        Logger.getLogger("org.glassfish").setLevel(Level.WARNING);
        StreamedAnswer.quietJerseyAboutAborts();
        ResourceConfig app = application(store, config, slot, ServedModels.of(models), new MetricsResource.Metrics(metrics));
        if (requestLog != null) {
            app.register(new RequestLog(requestLog));
        }
        URI requested = URI.create("http://" + hostForUri(config.host()) + ":" + config.port() + "/");
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(requested, app, false);
        answerInPlainText(server);
        for (NetworkListener l : server.getListeners()) {
            // small answers must not wait for Nagle's algorithm (STACK.md trap 7 measured 40 ms per request)
            l.getTransport().setTcpNoDelay(true);
            // room for a long query sent with GET (Grizzly's default is 8 KiB of request line and headers)
            l.setMaxHttpHeaderSize(MAX_HEADER_BYTES);
            // HTTP/1.1 answers with all their headers to clients that offer h2c (the JDK's HttpClient, curl --http2)
            l.registerAddOn(new NoCleartextHttp2());
        }
        try {
            server.start();
        } catch (IOException e) {
            server.shutdownNow();
            throw new ServerStartException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        NetworkListener listener = server.getListeners().iterator().next();
        URI actual = URI.create("http://" + hostForUri(config.host()) + ":" + listener.getPort() + "/");
        FederatedGateway gateway = null;
        if (federation != null) {
            try {
                // the local member is this server: loopback when it listens on every address
                String self = config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : hostForUri(config.host());
                URI local = URI.create("http://" + self + ":" + listener.getPort() + "/sparql");
                gateway = FederatedGateway.start(federation.withLocalStoreAt(local),
                        GatewayOptions.defaults().withQueryTimeout(config.queryTimeout())
                                .withLocalMemberToken(slot.localMemberToken()));
            } catch (RuntimeException e) {
                server.shutdownNow();
                throw e;
            }
            slot.set(gateway);
        }
        return new EndpointServer(server, actual, gateway);
    }

    /**
     * The Jersey application this server runs: its resources, the access filter (which decides by the matched
     * resource method), the limits and the error mapping. Tests enumerate its routes from here.
     */
    static ResourceConfig application(GeoStore store, EndpointConfig config, GatewaySlot slot) {
        return application(store, config, slot, ServedModels.of(null), new MetricsResource.Metrics(null));
    }

    static ResourceConfig application(GeoStore store, EndpointConfig config, GatewaySlot slot, ServedModels models,
                                      MetricsResource.Metrics metrics) {
        ResourceConfig app = new ResourceConfig()
                .register(SparqlResource.class)
                .register(RdfsSparqlResource.class)
                .register(UpdateResource.class)
                .register(GraphStoreResource.class)
                .register(HealthResource.class)
                .register(WebResource.class)
                .register(FederatedSparqlResource.class)
                .register(TfServingResource.class)
                .register(InferenceV2Resource.class)
                .register(MetricsResource.class)
                .register(new CanonicalPaths())
                .register(new AccessFilter(config.writeKeys(), config.readKeys()))
                .register(new RequestSizeFilter(config.maxRequestBytes()))
                .register(CorsFilter.class)
                .register(new LocalChangeFilter(slot))
                .register(new ErrorMapper())
                .register(new ErrorBodies())
                .register(new ServingErrors(models))
                .register(new AbstractBinder() {
                    @Override
                    protected void configure() {
                        bind(store.dataset()).to(Dataset.class);
                        bind(store).to(GeoStore.class);
                        bind(config).to(EndpointConfig.class);
                        bind(slot).to(GatewaySlot.class);
                        bind(models).to(ServedModels.class);
                        bind(metrics).to(MetricsResource.Metrics.class);
                        bind(new QueryAdmission(config.maxConcurrentQueries(), config.queryTimeout())).to(QueryAdmission.class);
                    }
                })
                .property(ServerProperties.WADL_FEATURE_DISABLE, true);
        // one mapper per floe exception class; Jersey picks the most specific one, ErrorMapper takes the rest
        FloeErrorMapper.all().forEach(app::register);
        return app;
    }

    /** Puts {@link PlainTextErrors} around the Jersey container, so Grizzly never sends its HTML error page. */
    private static void answerInPlainText(HttpServer server) {
        ServerConfiguration conf = server.getServerConfiguration();
        for (Map.Entry<HttpHandler, HttpHandlerRegistration[]> e : Map.copyOf(conf.getHttpHandlersWithMapping()).entrySet()) {
            conf.removeHttpHandler(e.getKey());
            conf.addHttpHandler(new PlainTextErrors(e.getKey()), e.getValue());
        }
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

    /** The federated endpoint URI (served only when the server was started with a federation). */
    public URI federatedUri() {
        return baseUri.resolve("federated/sparql");
    }

    /** The federated gateway, or null when the server federates nothing. */
    public FederatedGateway gateway() {
        return gateway;
    }

    /** The bound port. */
    public int port() {
        return baseUri.getPort();
    }

    @Override
    public void close() {
        try {
            server.shutdownNow();
        } finally {
            if (gateway != null) {
                gateway.close();
            }
        }
    }
}
