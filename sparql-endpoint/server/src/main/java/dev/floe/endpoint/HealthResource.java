package dev.floe.endpoint;

import dev.floe.endpoint.security.Access;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /health}: 200 while the server accepts queries (for load balancers and scripts), with the
 * query endpoints this server offers (the web page lists them); 503 while a federated gateway it was started with
 * is still starting (its members being summarised), so that nothing is routed to it before every endpoint answers.
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
    public Response health() {
        if (!gateway.ready()) {
            // listening, but the federated gateway is still summarising its members: not ready for a load balancer
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity("{\"status\":\"starting\",\"endpoints\":[\"sparql\"],\"waitingFor\":[\"federated/sparql\"]}\n").build();
        }
        return Response.ok("{\"status\":\"ok\",\"endpoints\":[\"sparql\"" + (gateway.get() != null ? ",\"federated/sparql\"" : "")
                + "]}\n", MediaType.APPLICATION_JSON_TYPE).build();
    }
}
