package dev.floe.endpoint;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import dev.floe.endpoint.security.Access;

/**
 * The three ways the SPARQL 1.1 Protocol sends a query (GET with {@code query=}, POST of a form, POST of
 * {@code application/sparql-query}), each handed to one {@link QueryOperation}; {@link SparqlResource} and
 * {@link RdfsSparqlResource} differ only in their path and entailment regime.
 */
public abstract class QueryResource {

    private final QueryOperation queries;

    /**
     * The request's headers: Accept decides whether a GET without query gets the service description, and the
     * federated gateway's own sub-queries identify themselves there.
     */
    @Context
    private HttpHeaders headers;

    @Context
    private UriInfo uri;

    QueryResource(QueryOperation queries) {
        this.queries = queries;
    }

    @GET
    @Access(Access.Level.READ)
    public Response get(@QueryParam("query") String query, @QueryParam("format") String format,
                        @QueryParam("default-graph-uri") List<String> defaultGraphs,
                        @QueryParam("named-graph-uri") List<String> namedGraphs,
                        @QueryParam("geometry") String geometry, @Context Request request) {
        return queries.answer(query, format, defaultGraphs, namedGraphs, geometry, true, request, headers, uri);
    }

    @POST
    @Access(Access.Level.READ)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response postForm(@FormParam("query") String query, @FormParam("format") String format,
                             @FormParam("default-graph-uri") List<String> defaultGraphs,
                             @FormParam("named-graph-uri") List<String> namedGraphs,
                             @FormParam("geometry") String geometry, @Context Request request) {
        return queries.answer(query, format, defaultGraphs, namedGraphs, geometry, false, request, headers, uri);
    }

    @POST
    @Access(Access.Level.READ)
    @Consumes("application/sparql-query")
    public Response postQuery(String query, @QueryParam("format") String format,
                              @QueryParam("default-graph-uri") List<String> defaultGraphs,
                              @QueryParam("named-graph-uri") List<String> namedGraphs,
                              @QueryParam("geometry") String geometry, @Context Request request) {
        return queries.answer(query, format, defaultGraphs, namedGraphs, geometry, false, request, headers, uri);
    }
}
