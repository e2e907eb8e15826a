package dev.floe.endpoint;

import java.util.List;

import org.glassfish.jersey.server.CloseableService;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.apache.jena.query.Dataset;

import dev.floe.endpoint.security.Access;
import dev.floe.store.GeoStore;

/**
 * The SPARQL 1.1 Protocol query operation at {@code /rdfs/sparql}, under RDFS entailment ({@link Entailment#RDFS}):
 * {@code ?x a ex:B} also finds instances of ex:B's subclasses, {@code ?f geo:hasGeometry ?g} also follows
 * sub-properties such as {@code geo:hasDefaultGeometry}, computed at query time from the schema in the store.
 * Everything else (requests, formats, access, SERVICE allowlist, timeout, errors) is {@link SparqlResource}'s,
 * through the same {@link QueryOperation}.
 */
@Path("/rdfs/sparql")
@Access(Access.Level.READ)
public final class RdfsSparqlResource {

    private final QueryOperation queries;

    /** The request's headers: Accept decides whether a GET without query gets the service description. */
    @Context
    private HttpHeaders headers;

    @Context
    private UriInfo uri;

    @Inject
    public RdfsSparqlResource(GeoStore store, EndpointConfig config, GatewaySlot gateway, QueryAdmission admission,
                          @Context CloseableService closeables, @Context org.glassfish.grizzly.http.server.Request connection,
                          @Context org.glassfish.jersey.server.ContainerRequest request) {
        this.queries = new QueryOperation(store, config, gateway, Entailment.RDFS, admission, closeables, connection, request);
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
