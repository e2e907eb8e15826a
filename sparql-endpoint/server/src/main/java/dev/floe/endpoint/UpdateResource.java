package dev.floe.endpoint;

import java.util.List;

import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.sparql.ARQConstants;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.sparql.modify.request.UpdateWithUsing;
import org.apache.jena.update.Update;
import org.apache.jena.update.UpdateFactory;
import org.apache.jena.update.UpdateRequest;

import dev.floe.endpoint.security.Access;
import dev.floe.store.GeoStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The SPARQL 1.1 Protocol update operation at {@code /update}: POST of a form ({@code update=}) or of
 * {@code application/sparql-update}, with {@code using-graph-uri} / {@code using-named-graph-uri}. Needs a write key ({@link dev.floe.endpoint.security.AccessFilter}).
 * The whole request is one transaction; the spatial index is current when the answer (204) is sent. An update
 * that fails (an invalid geometry literal, a function rejecting its arguments) is 400 and changes nothing;
 * SERVICE and LOAD reach only the operator's allowlists ({@link dev.floe.endpoint.security.RemoteAccessPolicy}).
 */
@Path("/update")
@Access(Access.Level.WRITE)
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
    public Response form(@FormParam("update") String update,
                         @FormParam("using-graph-uri") List<String> usingGraphs,
                         @FormParam("using-named-graph-uri") List<String> usingNamedGraphs) {
        return run(update, usingGraphs, usingNamedGraphs);
    }

    @POST
    @Consumes("application/sparql-update")
    public Response direct(String update,
                           @QueryParam("using-graph-uri") List<String> usingGraphs,
                           @QueryParam("using-named-graph-uri") List<String> usingNamedGraphs) {
        return run(update, usingGraphs, usingNamedGraphs);
    }

    private Response run(String text, List<String> usingGraphs, List<String> usingNamedGraphs) {
        if (text == null || text.isBlank()) {
            return SparqlResource.error(Response.Status.BAD_REQUEST,
                    "missing update: send update=... as a form or a body of type application/sparql-update");
        }
        String tooDeep = Nesting.refusal(text, "the update");
        if (tooDeep != null) {
            return SparqlResource.error(Response.Status.BAD_REQUEST, tooDeep);
        }
        try {
            return parseAndRun(text, usingGraphs, usingNamedGraphs);
        } catch (StackOverflowError e) {
            return SparqlResource.error(Response.Status.BAD_REQUEST, Failures.TOO_DEEP + " (nothing was changed)");
        }
    }

    private Response parseAndRun(String text, List<String> usingGraphs, List<String> usingNamedGraphs) {
        UpdateRequest request;
        try {
            request = UpdateFactory.create(text);
        } catch (QueryParseException e) {
            return SparqlResource.error(Response.Status.BAD_REQUEST, "SPARQL Update syntax error: " + Failures.brief(e.getMessage(), e));
        }
        if (!usingGraphs.isEmpty() || !usingNamedGraphs.isEmpty()) {
            // SPARQL 1.1 Protocol 2.2.3: the parameters set the dataset of every operation that does not name
            // its own; a request that does both is an error
            for (Update op : request.getOperations()) {
                if (op instanceof UpdateWithUsing u) {
                    if (!u.getUsing().isEmpty() || !u.getUsingNamed().isEmpty() || u.getWithIRI() != null) {
                        return SparqlResource.error(Response.Status.BAD_REQUEST, "the update names its dataset with USING, "
                                + "USING NAMED or WITH and the request also sends using-graph-uri/using-named-graph-uri: use one or the other");
                    }
                    usingGraphs.forEach(g -> u.addUsing(NodeFactory.createURI(g)));
                    usingNamedGraphs.forEach(g -> u.addUsingNamed(NodeFactory.createURI(g)));
                }
            }
        }
        String refused = config.remote().check(request);
        if (refused != null) {
            return SparqlResource.error(Response.Status.FORBIDDEN, refused);
        }
        try {
            store.update(request, Context.create().set(ARQConstants.registryServiceExecutors, config.remote().serviceGuard()));
        } catch (RuntimeException e) {
            // the update's transaction was aborted, so nothing changed
            return Failures.answer(e, "update", "update failed (nothing was changed): ");
        }
        return Response.noContent().build();
    }
}
