package dev.floe.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewaySlot gateway;

    @Inject
    public HealthResource(GatewaySlot gateway) {
        this.gateway = gateway;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        ObjectNode body = JSON.createObjectNode();
        if (!gateway.ready()) {
            // listening, but the federated gateway is still summarising its members: not ready for a load balancer
            body.put("status", "starting");
            body.putArray("endpoints").add("sparql");
            body.putArray("waitingFor").add("federated/sparql");
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(body + "\n").build();
        }
        body.put("status", "ok");
        var endpoints = body.putArray("endpoints").add("sparql");
        if (gateway.get() != null) {
            endpoints.add("federated/sparql");
        }
        return Response.ok(body + "\n", MediaType.APPLICATION_JSON_TYPE).build();
    }
}
