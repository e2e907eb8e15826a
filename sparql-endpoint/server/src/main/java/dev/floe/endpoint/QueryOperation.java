package dev.floe.endpoint;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.jena.geosparql.spatial.SpatialIndex;
import org.apache.jena.geosparql.spatial.SpatialIndexConstants;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.ReadWrite;
import org.apache.jena.query.Syntax;
import org.apache.jena.sparql.ARQConstants;
import org.glassfish.jersey.server.CloseableService;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import dev.floe.federation.FederatedGateway;
import dev.floe.store.GeoStore;
import dev.floe.sparql.QueryAnswer;
import dev.floe.sparql.ResultFormat;

/**
 * The SPARQL 1.1 Protocol query operation over the store under one {@link Entailment}, shared by
 * {@link SparqlResource} and {@link RdfsSparqlResource} so both parse, check (nesting, SERVICE allowlist),
 * negotiate, time out and fail the same way. A GET with no query from a client that accepts an RDF syntax gets
 * the endpoint's {@link ServiceDescription}. One instance per request, as JAX-RS creates its resources.
 */
final class QueryOperation {

    private final GeoStore store;
    private final Dataset dataset;
    private final EndpointConfig config;
    private final GatewaySlot gateway;
    private final Entailment entailment;

    private final QueryAdmission admission;
    /** Ends what the request holds (the transaction, the place among running queries) if the body is never written. */
    private final CloseableService closeables;
    /** The client's connection, aborted when an answer already begun cannot be completed. */
    private final org.glassfish.grizzly.http.server.Request connection;

    /** The request, where the answer's row count is left for the request log; null outside a request. */
    private final jakarta.ws.rs.container.ContainerRequestContext requestContext;

    QueryOperation(GeoStore store, EndpointConfig config, GatewaySlot gateway, Entailment entailment, QueryAdmission admission,
                   CloseableService closeables, org.glassfish.grizzly.http.server.Request connection,
                   jakarta.ws.rs.container.ContainerRequestContext requestContext) {
        this.requestContext = requestContext;
        this.admission = admission;
        this.closeables = closeables;
        this.connection = connection;
        this.store = store;
        this.dataset = store.dataset();
        this.config = config;
        this.gateway = gateway;
        this.entailment = entailment;
    }

    /** Answers one request; {@code get} is true for GET, where a missing query may ask for the description. */
    Response answer(String text, String format, List<String> defaultGraphs, List<String> namedGraphs,
                    String geometryVar, boolean get, Request request, HttpHeaders headers, UriInfo uri) {
        if (text == null || text.isBlank()) {
            ResultFormat rdf = get ? ServiceDescription.format(format, headers) : null;
            if (rdf != null) {
                return ServiceDescription.response(uri.getAbsolutePath().toString(), entailment, config, rdf);
            }
            return SparqlResource.error(Response.Status.BAD_REQUEST, "missing query: send query=... (GET or form POST) "
                    + "or a body of type application/sparql-query; a GET accepting an RDF syntax (text/turtle) gets the "
                    + "service description");
        }
        String tooDeep = Nesting.refusal(text, "the query");
        if (tooDeep != null) {
            return SparqlResource.error(Response.Status.BAD_REQUEST, tooDeep);
        }
        try {
            return run(text, format, defaultGraphs, namedGraphs, geometryVar, request, headers);
        } catch (StackOverflowError e) {
            return SparqlResource.error(Response.Status.BAD_REQUEST, Failures.TOO_DEEP);
        }
    }

    private Response run(String text, String format, List<String> defaultGraphs, List<String> namedGraphs,
                         String geometryVar, Request request, HttpHeaders headers) {
        Query query;
        try {
            query = QueryFactory.create(text, Syntax.syntaxARQ);
        } catch (QueryParseException e) {
            return SparqlResource.error(Response.Status.BAD_REQUEST, "SPARQL syntax error: " + Failures.brief(e.getMessage(), e));
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
            return SparqlResource.error(Response.Status.FORBIDDEN, refused);
        }
        // the row cap is for clients; this server's own gateway caps the federated answer instead, so capping its
        // sub-queries here would silently drop rows that the federated answer needs
        boolean fromGateway = headers != null && gateway.isGatewayRequest(headers.getHeaderString(FederatedGateway.LOCAL_MEMBER_HEADER));
        if (config.maxRows() > 0 && !fromGateway && query.isSelectType() && (!query.hasLimit() || query.getLimit() > config.maxRows())) {
            query.setLimit(config.maxRows());
        }
        boolean results = query.isSelectType() || query.isAskType();
        if (!(results || query.isConstructType() || query.isDescribeType())) {
            return SparqlResource.error(Response.Status.BAD_REQUEST, "unsupported query form");
        }
        Object negotiated = SparqlResource.negotiate(format, results, query.isSelectType(), request);
        if (negotiated instanceof Response refusal) {
            return refusal;
        }
        ResultFormat chosen = (ResultFormat) negotiated;
        if (geometryVar != null && !query.getResultVars().contains(geometryVar)) {
            return SparqlResource.error(Response.Status.BAD_REQUEST, "geometry=" + geometryVar + " is not a variable of the query");
        }
        // the gateway's own sub-queries run within the place its federated query holds
        QueryAdmission.Ticket ticket = fromGateway ? QueryAdmission.UNCOUNTED : admission.enter();
        if (ticket == null) {
            return admission.busy();
        }
        return execute(query, chosen, geometryVar, ticket);
    }

    private Response execute(Query query, ResultFormat format, String geometryVar, QueryAdmission.Ticket ticket) {
        // the read transaction and the spatial index version of the same committed write: property functions see
        // exactly the features whose triples the query sees
        SpatialIndex spatialIndex = store.beginRead();
        QueryExecution qe = null;
        boolean handedOver = false;
        try {
            qe = QueryExecution.dataset(entailment.view(dataset)).query(query)
                    .set(SpatialIndexConstants.symSpatialIndex, spatialIndex)
                    .set(ARQConstants.registryServiceExecutors, config.remote().serviceGuard())
                    .timeout(config.queryTimeout().toMillis(), TimeUnit.MILLISECONDS).build();
            // a SELECT is evaluated up to its first solution, the other forms whole (CONSTRUCT, DESCRIBE materialised):
            // a timeout or an error so far gets a proper status before anything is sent
            QueryAnswer answer = QueryAnswer.execute(query, qe);
            StreamedAnswer.Writer writer = out -> rows(answer.write(out, format, geometryVar));
            Runnable done = once(qe, ticket);
            if (closeables != null) {
                // should Jersey never write the body, the request's end still frees the transaction and the place
                closeables.add(done::run);
            }
            StreamingOutput body = new StreamedAnswer(writer, this::abortConnection, this::timedOut, done);
            handedOver = true;
            return Response.ok(body, ResultMediaTypes.withCharset(format)).build();
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

    /** Tells the request log how many rows (or triples) the answer held. */
    private void rows(long n) {
        if (requestContext != null) {
            requestContext.setProperty(RequestLog.ROWS, n);
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
        return SparqlResource.error(Response.Status.SERVICE_UNAVAILABLE, "query cancelled: it ran longer than the "
                + config.queryTimeout().toSeconds() + " s timeout");
    }

    /** Closes the client's connection at once, so a body already begun ends without its closing chunk. */
    private void abortConnection() {
        if (connection != null && connection.getConnection() != null) {
            connection.getConnection().terminateSilently();
        }
    }
}
