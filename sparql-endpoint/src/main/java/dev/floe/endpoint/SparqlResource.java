package dev.floe.endpoint;

import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.jena.query.Dataset;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.ReadWrite;
import org.apache.jena.query.ResultSet;
import org.apache.jena.query.Syntax;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.sparql.ARQConstants;
import org.apache.jena.sparql.resultset.ResultsWriter;
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
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.Variant;

import dev.floe.endpoint.security.Access;
import dev.floe.federation.FederatedGateway;

/**
 * The SPARQL 1.1 Protocol query operation at {@code /sparql}: GET with {@code query=}, POST of an HTML form,
 * POST of {@code application/sparql-query}. Results by content negotiation (or the {@code format} parameter):
 * SPARQL JSON, XML, CSV, TSV for SELECT/ASK, GeoJSON for SELECT (geometry from {@code geometry=VAR} or the
 * first geometry in each solution); Turtle, N-Triples, JSON-LD, RDF/XML for CONSTRUCT/DESCRIBE.
 * A syntax error, a query nested too deeply or one whose functions reject their arguments is 400 with a short
 * message, an unsupported Accept 406, a timeout 503 before any byte of the answer is sent or, once the answer is
 * streaming, an aborted connection ({@link StreamedAnswer}); beyond {@link EndpointConfig#maxConcurrentQueries()}
 * running queries, 503 with Retry-After ({@link QueryAdmission}). SERVICE reaches only the operator's allowlist
 * ({@link dev.floe.endpoint.security.RemoteAccessPolicy}), checked before and again during execution.
 */
@Path("/sparql")
@Access(Access.Level.READ)
public final class SparqlResource {

    static final MediaType SPARQL_QUERY = MediaType.valueOf("application/sparql-query");

    private final Dataset dataset;
    private final EndpointConfig config;
    private final GatewaySlot gateway;
    private final QueryAdmission admission;

    /** The request's headers: the federated gateway's own sub-queries identify themselves there. */
    @Context
    private HttpHeaders headers;
    /** Ends what the request holds (the transaction, the place among running queries) if the body is never written. */
    @Context
    private CloseableService closeables;
    /** The client's connection, aborted when an answer already begun cannot be completed. */
    @Context
    private org.glassfish.grizzly.http.server.Request connection;

    @Inject
    public SparqlResource(Dataset dataset, EndpointConfig config, GatewaySlot gateway, QueryAdmission admission) {
        this.dataset = dataset;
        this.config = config;
        this.gateway = gateway;
        this.admission = admission;
    }

    @GET
    public Response get(@QueryParam("query") String query, @QueryParam("format") String format,
                        @QueryParam("default-graph-uri") List<String> defaultGraphs,
                        @QueryParam("named-graph-uri") List<String> namedGraphs,
                        @QueryParam("geometry") String geometry, @Context Request request) {
        return answer(query, format, defaultGraphs, namedGraphs, geometry, request);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response postForm(@FormParam("query") String query, @FormParam("format") String format,
                             @FormParam("default-graph-uri") List<String> defaultGraphs,
                             @FormParam("named-graph-uri") List<String> namedGraphs,
                             @FormParam("geometry") String geometry, @Context Request request) {
        return answer(query, format, defaultGraphs, namedGraphs, geometry, request);
    }

    @POST
    @Consumes("application/sparql-query")
    public Response postQuery(String query, @QueryParam("format") String format,
                              @QueryParam("default-graph-uri") List<String> defaultGraphs,
                              @QueryParam("named-graph-uri") List<String> namedGraphs,
                        @QueryParam("geometry") String geometry, @Context Request request) {
        return answer(query, format, defaultGraphs, namedGraphs, geometry, request);
    }

    private Response answer(String text, String format, List<String> defaultGraphs, List<String> namedGraphs,
                            String geometryVar, Request request) {
        if (text == null || text.isBlank()) {
            return error(Response.Status.BAD_REQUEST, "missing query: send query=... (GET or form POST) "
                    + "or a body of type application/sparql-query");
        }
        String tooDeep = Nesting.refusal(text, "the query");
        if (tooDeep != null) {
            return error(Response.Status.BAD_REQUEST, tooDeep);
        }
        try {
            return run(text, format, defaultGraphs, namedGraphs, geometryVar, request);
        } catch (StackOverflowError e) {
            return error(Response.Status.BAD_REQUEST, Failures.TOO_DEEP);
        }
    }

    private Response run(String text, String format, List<String> defaultGraphs, List<String> namedGraphs,
                         String geometryVar, Request request) {
        Query query;
        try {
            query = QueryFactory.create(text, Syntax.syntaxARQ);
        } catch (QueryParseException e) {
            return error(Response.Status.BAD_REQUEST, "SPARQL syntax error: " + Failures.brief(e.getMessage(), e));
        }
        // SPARQL 1.1 Protocol: protocol-level dataset parameters override FROM / FROM NAMED
        if (!defaultGraphs.isEmpty() || !namedGraphs.isEmpty()) {
            query.getGraphURIs().clear();
            query.getNamedGraphURIs().clear();
            defaultGraphs.forEach(query::addGraphURI);
            namedGraphs.forEach(query::addNamedGraphURI);
        }
        String refused = config.remote().check(query);
        if (refused != null) {
            return error(Response.Status.FORBIDDEN, refused);
        }
        // the row cap is for clients; this server's own gateway caps the federated answer instead, so capping its
        // sub-queries here would silently drop rows that the federated answer needs
        boolean fromGateway = headers != null && gateway.isGatewayRequest(headers.getHeaderString(FederatedGateway.LOCAL_MEMBER_HEADER));
        if (config.maxRows() > 0 && !fromGateway && query.isSelectType() && (!query.hasLimit() || query.getLimit() > config.maxRows())) {
            query.setLimit(config.maxRows());
        }
        boolean results = query.isSelectType() || query.isAskType();
        if (!(results || query.isConstructType() || query.isDescribeType())) {
            return error(Response.Status.BAD_REQUEST, "unsupported query form");
        }
        Object negotiated = negotiate(format, results, query.isSelectType(), request);
        if (negotiated instanceof Response refusal) {
            return refusal;
        }
        ResultFormat chosen = (ResultFormat) negotiated;
        if (geometryVar != null && !query.getResultVars().contains(geometryVar)) {
            return error(Response.Status.BAD_REQUEST, "geometry=" + geometryVar + " is not a variable of the query");
        }
        // the gateway's own sub-queries run within the place its federated query holds
        QueryAdmission.Ticket ticket = fromGateway ? QueryAdmission.UNCOUNTED : admission.enter();
        if (ticket == null) {
            return admission.busy();
        }
        return execute(query, chosen, geometryVar, ticket);
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
            Variant v = request.selectVariant(ResultFormat.variants(results));
            if (v == null) {
                return Response.notAcceptable(ResultFormat.variants(results))
                        .entity("none of the accepted media types can carry " + (results ? "SELECT/ASK results" : "an RDF graph")
                                + "; acceptable: " + ResultFormat.variants(results).stream().map(x -> x.getMediaType().toString()).toList())
                        .type(MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8")).build();
            }
            chosen = ResultFormat.byMediaType(v.getMediaType(), results);
        }
        if (chosen == ResultFormat.GEOJSON && !select) {
            return error(Response.Status.NOT_ACCEPTABLE, "GeoJSON results are for SELECT queries");
        }
        return chosen;
    }

    private Response execute(Query query, ResultFormat format, String geometryVar, QueryAdmission.Ticket ticket) {
        dataset.begin(ReadWrite.READ);
        QueryExecution qe = null;
        boolean handedOver = false;
        try {
            qe = QueryExecution.dataset(dataset).query(query)
                    .set(ARQConstants.registryServiceExecutors, config.remote().serviceGuard())
                    .timeout(config.queryTimeout().toMillis(), TimeUnit.MILLISECONDS).build();
            StreamedAnswer.Writer writer;
            if (query.isAskType()) {
                boolean answer = qe.execAsk();
                writer = out -> ResultsWriter.create().lang(format.lang()).write(out, answer);
            } else if (query.isSelectType()) {
                ResultSet rs = qe.execSelect();
                rs.hasNext(); // evaluate up to the first row now, so timeouts and errors get a proper status
                writer = format == ResultFormat.GEOJSON ? out -> GeoJsonResults.write(out, rs, geometryVar)
                        : out -> writeResults(out, rs, format);
            } else {
                // materialised: a timeout is a 503 before anything is sent
                Model model = query.isConstructType() ? qe.execConstruct() : qe.execDescribe();
                writer = out -> RDFDataMgr.write(out, model, format.lang());
            }
            Runnable done = once(qe, ticket);
            if (closeables != null) {
                // should Jersey never write the body, the request's end still frees the transaction and the place
                closeables.add(done::run);
            }
            StreamingOutput body = new StreamedAnswer(writer, this::abortConnection, this::timedOut, done);
            handedOver = true;
            return Response.ok(body, withCharset(format)).build();
        } catch (QueryCancelledException e) {
            return timedOut();
        } catch (RuntimeException e) {
            return Failures.answer(e, "query " + query, "query failed: ");
        } finally {
            if (!handedOver) {
                try {
                    if (qe != null) {
                        qe.close();
                    }
                } finally {
                    dataset.end();
                    ticket.close();
                }
            }
        }
    }

    /** Ends a handed-over query once: closes the execution, ends the read transaction, frees the place. */
    private Runnable once(QueryExecution qe, QueryAdmission.Ticket ticket) {
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (ran.compareAndSet(false, true)) {
                try {
                    qe.close();
                } finally {
                    try {
                        dataset.end();
                    } finally {
                        ticket.close();
                    }
                }
            }
        };
    }

    private Response timedOut() {
        return error(Response.Status.SERVICE_UNAVAILABLE, "query cancelled: it ran longer than the "
                + config.queryTimeout().toSeconds() + " s timeout");
    }

    /** Closes the client's connection at once, so a body already begun ends without its closing chunk. */
    private void abortConnection() {
        if (connection != null && connection.getConnection() != null) {
            connection.getConnection().terminateSilently();
        }
    }

    private static void writeResults(OutputStream out, ResultSet rs, ResultFormat format) {
        ResultsWriter.create().lang(format.lang()).write(out, rs);
    }

    static MediaType withCharset(ResultFormat format) {
        return format.mediaType().withCharset("utf-8");
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).entity(message + "\n").type(MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8")).build();
    }
}
