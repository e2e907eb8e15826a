package dev.floe.endpoint;

import org.glassfish.jersey.server.CloseableService;

import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Variant;

import dev.floe.endpoint.security.Access;
import dev.floe.store.GeoStore;
import dev.floe.sparql.ResultFormat;

/**
 * The SPARQL 1.1 Protocol query operation at {@code /sparql}, under simple entailment: GET with {@code query=},
 * POST of an HTML form, POST of {@code application/sparql-query}. Results by content negotiation (or the
 * {@code format} parameter): SPARQL JSON, XML, CSV, TSV for SELECT/ASK, GeoJSON for SELECT (geometry from
 * {@code geometry=VAR} or the first geometry in each solution); Turtle, N-Triples, JSON-LD, RDF/XML for
 * CONSTRUCT/DESCRIBE. A GET with no query accepting an RDF syntax gets the {@link ServiceDescription}.
 * A syntax error, a query nested too deeply or one whose functions reject their arguments is 400 with a short
 * message, an unsupported Accept 406, a timeout 503; SERVICE reaches only the operator's allowlist
 * ({@link dev.floe.endpoint.security.RemoteAccessPolicy}), checked before and again during execution.
 * The work is {@link QueryOperation}'s, shared with {@link RdfsSparqlResource}.
 */
@Path("/sparql")
@Access(Access.Level.READ)
public final class SparqlResource extends QueryResource {

    static final MediaType SPARQL_QUERY = MediaType.valueOf("application/sparql-query");

    @Inject
    public SparqlResource(GeoStore store, EndpointConfig config, GatewaySlot gateway, QueryAdmission admission,
                          @Context CloseableService closeables, @Context org.glassfish.grizzly.http.server.Request connection,
                          @Context org.glassfish.jersey.server.ContainerRequest request) {
        super(new QueryOperation(store, config, gateway, Entailment.SIMPLE, admission, closeables, connection, request));
    }

    /**
     * The response format for a query form: the {@code format} parameter when given, else content negotiation on
     * Accept. Returns the {@link ResultFormat}, or the error {@link Response} to send (400, 406). Shared with the
     * federated endpoint so both speak the same formats.
     */
    static Object negotiate(String format, boolean results, boolean select, Request request) {
        ResultFormat chosen;
        if (format != null && !format.isBlank()) {
            chosen = ResultFormat.byName(format, results);
            if (chosen == null) {
                return error(Response.Status.BAD_REQUEST, "unknown format '" + format + "' for this query; use one of "
                        + ResultFormat.names(results));
            }
        } else {
            Variant v = request.selectVariant(ResultMediaTypes.variants(results));
            if (v == null) {
                return Response.notAcceptable(ResultMediaTypes.variants(results))
                        .entity("none of the accepted media types can carry " + (results ? "SELECT/ASK results" : "an RDF graph")
                                + "; acceptable: " + ResultMediaTypes.variants(results).stream().map(x -> x.getMediaType().toString()).toList())
                        .type(MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8")).build();
            }
            chosen = ResultMediaTypes.byMediaType(v.getMediaType(), results);
        }
        if (chosen == ResultFormat.GEOJSON && !select) {
            return error(Response.Status.NOT_ACCEPTABLE, "GeoJSON results are for SELECT queries");
        }
        return chosen;
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).entity(message + "\n").type(MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8")).build();
    }
}
