package dev.floe.endpoint;

import dev.floe.endpoint.security.Access;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /health}: 200 while the server accepts queries (for load balancers and scripts), with the
 * query endpoints this server offers (the web page lists them).
 */
@Path("/health")
@Access(Access.Level.READ)
public final class HealthResource {

    private final GatewaySlot gateway;

    @Inject
    public HealthResource(GatewaySlot gateway) {
        this.gateway = gateway;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String health() {
        return "{\"status\":\"ok\",\"endpoints\":[\"sparql\"" + (gateway.get() != null ? ",\"federated/sparql\"" : "") + "]}\n";
    }
}
