package dev.floe.endpoint;

import org.apache.jena.query.QueryParseException;
import org.apache.jena.update.UpdateFactory;
import org.apache.jena.update.UpdateRequest;

import dev.floe.store.GeoStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The SPARQL 1.1 Protocol update operation at {@code /update}: POST of a form ({@code update=}) or of
 * {@code application/sparql-update}. Needs a write key ({@link dev.floe.endpoint.security.AccessFilter}).
 * The whole request is one transaction; the spatial index is current when the answer (204) is sent.
 */
@Path("/update")
public final class UpdateResource {

    private final GeoStore store;
    private final EndpointConfig config;

    @Inject
    public UpdateResource(GeoStore store, EndpointConfig config) {
        this.store = store;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response form(@FormParam("update") String update) {
        return run(update);
    }

    @POST
    @Consumes("application/sparql-update")
    public Response direct(String update) {
        return run(update);
    }

    private Response run(String text) {
        if (text == null || text.isBlank()) {
            return SparqlResource.error(Response.Status.BAD_REQUEST,
                    "missing update: send update=... as a form or a body of type application/sparql-update");
        }
        UpdateRequest request;
        try {
            request = UpdateFactory.create(text);
        } catch (QueryParseException e) {
            return SparqlResource.error(Response.Status.BAD_REQUEST, "SPARQL Update syntax error: " + e.getMessage());
        }
        String refused = config.services().check(request);
        if (refused != null) {
            return SparqlResource.error(Response.Status.FORBIDDEN, refused);
        }
        store.update(request);
        return Response.noContent().build();
    }
}
