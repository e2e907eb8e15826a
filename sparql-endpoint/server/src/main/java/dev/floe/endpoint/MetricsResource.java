package dev.floe.endpoint;

import dev.floe.endpoint.security.Access;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /metrics}: the server's meters in the Prometheus text format (version 0.0.4), e.g. the served models'
 * request counts and latency histograms per model and version, rows per forward pass, rows waiting and requests
 * refused for a full queue, and the JVM's memory. A read (closed by read keys like a query); 404 on a server started
 * without a meter registry.
 */
@Path("/metrics")
@Access(Access.Level.READ)
public final class MetricsResource {

    static final MediaType PROMETHEUS_TEXT = MediaType.valueOf("text/plain; version=0.0.4; charset=utf-8");

    private final Metrics metrics;

    @Inject
    public MetricsResource(Metrics metrics) {
        this.metrics = metrics;
    }

    @GET
    public Response scrape() {
        if (metrics.registry() == null) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8"))
                    .entity("this server keeps no metrics\n").build();
        }
        return Response.ok(metrics.registry().scrape(), PROMETHEUS_TEXT).build();
    }

    /** The registry a server exposes, or none; bound per server, never JVM-wide. */
    public record Metrics(PrometheusMeterRegistry registry) {
    }
}
