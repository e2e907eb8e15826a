package dev.floe.endpoint;

import java.util.List;

import org.eclipse.rdf4j.query.MalformedQueryException;
import org.eclipse.rdf4j.query.QueryLanguage;
import org.eclipse.rdf4j.query.algebra.Service;
import org.eclipse.rdf4j.query.algebra.Var;
import org.eclipse.rdf4j.query.algebra.helpers.AbstractQueryModelVisitor;
import org.eclipse.rdf4j.query.parser.ParsedBooleanQuery;
import org.eclipse.rdf4j.query.parser.ParsedGraphQuery;
import org.eclipse.rdf4j.query.parser.ParsedQuery;
import org.eclipse.rdf4j.query.parser.ParsedTupleQuery;
import org.eclipse.rdf4j.query.parser.QueryParserUtil;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floe.endpoint.security.Access;
import dev.floe.federation.FederatedGateway;
import dev.floe.federation.FederatedQueryException;
import dev.floe.federation.FederatedResult;
import dev.floe.federation.MemberFailureException;
import dev.floe.federation.MemberStatus;
import dev.floe.sparql.QueryAnswer;
import dev.floe.sparql.ResultFormat;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * The federated gateway over HTTP: {@code /federated/sparql} speaks the SPARQL 1.1 Protocol like
 * {@code /sparql} (GET, form POST, {@code application/sparql-query} POST; the same formats by Accept or
 * {@code format=}), plus {@code allow-partial=true}: members that fail are left out and named in
 * {@value #WARNING_HEADER} headers instead of failing the query. A member that is down answers 502, one that
 * is too slow 504, each naming the member; a query past the timeout is 503, and so is one beyond the server's
 * limit of concurrent queries (with Retry-After, see {@link QueryAdmission}). {@code GET /federated/members} lists the members with their
 * summaries and request counts; {@code POST /federated/members/summaries} recomputes the summaries.
 */
@Path("/federated")
@Access(Access.Level.READ)
public final class FederatedSparqlResource {

    /** Response header naming a member left out of a partial answer (one per member). */
    public static final String WARNING_HEADER = "Floe-Federation-Warning";

    private final GatewaySlot slot;
    private final EndpointConfig config;
    private final QueryAdmission admission;

    @Inject
    public FederatedSparqlResource(GatewaySlot slot, EndpointConfig config, QueryAdmission admission) {
        this.slot = slot;
        this.config = config;
        this.admission = admission;
    }

    @GET
    @Path("sparql")
    public Response get(@QueryParam("query") String query, @QueryParam("format") String format,
                        @QueryParam("geometry") String geometry, @QueryParam("allow-partial") String allowPartial,
                        @QueryParam("default-graph-uri") List<String> defaultGraphs,
                        @QueryParam("named-graph-uri") List<String> namedGraphs, @Context Request request) {
        return answer(query, format, geometry, allowPartial, defaultGraphs, namedGraphs, request);
    }

    @POST
    @Path("sparql")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response postForm(@FormParam("query") String query, @FormParam("format") String format,
                             @FormParam("geometry") String geometry, @FormParam("allow-partial") String allowPartial,
                             @FormParam("default-graph-uri") List<String> defaultGraphs,
                             @FormParam("named-graph-uri") List<String> namedGraphs, @Context Request request) {
        return answer(query, format, geometry, allowPartial, defaultGraphs, namedGraphs, request);
    }

    @POST
    @Path("sparql")
    @Consumes("application/sparql-query")
    public Response postQuery(String query, @QueryParam("format") String format, @QueryParam("geometry") String geometry,
                              @QueryParam("allow-partial") String allowPartial,
                              @QueryParam("default-graph-uri") List<String> defaultGraphs,
                              @QueryParam("named-graph-uri") List<String> namedGraphs, @Context Request request) {
        return answer(query, format, geometry, allowPartial, defaultGraphs, namedGraphs, request);
    }

    @GET
    @Path("members")
    @Produces(MediaType.APPLICATION_JSON)
    public Response members() {
        FederatedGateway g = slot.get();
        return g == null ? noFederation() : Response.ok(describe(g.members())).build();
    }

    /** Makes the server query every member again: work on the operator's behalf, so a write key is needed. */
    @POST
    @Path("members/summaries")
    @Access(Access.Level.WRITE)
    @Produces(MediaType.APPLICATION_JSON)
    public Response refresh() {
        FederatedGateway g = slot.get();
        return g == null ? noFederation() : Response.ok(describe(g.refreshSummaries())).build();
    }

    private Response answer(String text, String format, String geometryVar, String allowPartial, List<String> defaultGraphs,
                            List<String> namedGraphs, Request request) {
        FederatedGateway gateway = slot.get();
        if (gateway == null) {
            return noFederation();
        }
        if (!defaultGraphs.isEmpty() || !namedGraphs.isEmpty()) {
            return SparqlResource.error(Response.Status.BAD_REQUEST, "the federated endpoint takes no default-graph-uri or "
                    + "named-graph-uri: each member answers over its own dataset (use GRAPH in the query)");
        }
        if (text == null || text.isBlank()) {
            return SparqlResource.error(Response.Status.BAD_REQUEST, "missing query: send query=... (GET or form POST) "
                    + "or a body of type application/sparql-query");
        }
        String tooDeep = Nesting.refusal(text, "the query");
        if (tooDeep != null) {
            return SparqlResource.error(Response.Status.BAD_REQUEST, tooDeep);
        }
        boolean partial;
        if (allowPartial == null || allowPartial.isBlank() || allowPartial.equalsIgnoreCase("false")) {
            partial = false;
        } else if (allowPartial.equalsIgnoreCase("true")) {
            partial = true;
        } else {
            return SparqlResource.error(Response.Status.BAD_REQUEST, "allow-partial must be true or false, was '" + allowPartial + "'");
        }
        ParsedQuery parsed;
        try {
            // the gateway runs RDF4J's engine, so its parser decides what is valid
            parsed = QueryParserUtil.parseQuery(QueryLanguage.SPARQL, text, null);
        } catch (MalformedQueryException e) {
            return SparqlResource.error(Response.Status.BAD_REQUEST, "SPARQL syntax error: " + Failures.brief(e.getMessage(), e));
        }
        String refused = refusedService(parsed);
        if (refused != null) {
            // the gateway's members are fixed by the operator; a query cannot add endpoints through SERVICE
            return SparqlResource.error(Response.Status.FORBIDDEN, refused);
        }
        boolean results = parsed instanceof ParsedTupleQuery || parsed instanceof ParsedBooleanQuery;
        if (!(results || parsed instanceof ParsedGraphQuery)) {
            return SparqlResource.error(Response.Status.BAD_REQUEST, "unsupported query form");
        }
        Object negotiated = SparqlResource.negotiate(format, results, parsed instanceof ParsedTupleQuery, request);
        if (negotiated instanceof Response refusal) {
            return refusal;
        }
        ResultFormat chosen = (ResultFormat) negotiated;
        if (geometryVar != null && !parsed.getTupleExpr().getBindingNames().contains(geometryVar)) {
            return SparqlResource.error(Response.Status.BAD_REQUEST, "geometry=" + geometryVar + " is not a variable of the query");
        }
        FederatedResult result;
        // the answer is complete before it is sent, so the place is held while the gateway computes it
        QueryAdmission.Ticket ticket = admission.enter();
        if (ticket == null) {
            return admission.busy();
        }
        try (ticket) {
            result = gateway.query(text, partial);
        } catch (MemberFailureException | FederatedQueryException e) {
            throw e; // answered by the FloeErrorMapper of its class
        } catch (RuntimeException e) {
            return Failures.answer(e, "federated query");
        }
        if (config.maxRows() > 0 && result.rows().size() > config.maxRows()) {
            // the same cap as /sparql puts on SELECT
            result = new FederatedResult(result.vars(), result.rows().subList(0, (int) config.maxRows()), null, null, result.warnings());
        }
        QueryAnswer answer = result.ask() != null ? QueryAnswer.ask(result.ask())
                : result.graph() != null ? QueryAnswer.graph(result.graph()) : QueryAnswer.select(result.resultSet());
        StreamingOutput body = out -> answer.write(out, chosen, geometryVar);
        Response.ResponseBuilder ok = Response.ok(body, ResultMediaTypes.withCharset(chosen));
        for (String w : result.warnings()) {
            // header values must stay on one line
            ok.header(WARNING_HEADER, w.replaceAll("[\\r\\n]+", " "));
        }
        return ok.build();
    }

    /**
     * The first SERVICE of the query (wherever it sits, EXISTS in expressions included) that the server's allowlist
     * does not name, or null.
     */
    private String refusedService(ParsedQuery parsed) {
        String[] reason = new String[1];
        parsed.getTupleExpr().visit(new AbstractQueryModelVisitor<RuntimeException>() {
            @Override
            public void meet(Service service) {
                if (reason[0] == null) {
                    Var ref = service.getServiceRef();
                    reason[0] = config.remote().serviceReason(ref.hasValue() ? ref.getValue().stringValue() : null);
                }
                super.meet(service);
            }
        });
        return reason[0];
    }

    private static Response noFederation() {
        return SparqlResource.error(Response.Status.NOT_FOUND, "this server federates nothing: start it with --federation FILE");
    }

    private static String describe(List<MemberStatus> members) {
        ObjectMapper json = new ObjectMapper();
        ArrayNode list = json.createArrayNode();
        for (MemberStatus m : members) {
            ObjectNode o = list.addObject();
            o.put("name", m.member().name());
            o.put("endpoint", String.valueOf(m.member().endpoint()));
            o.put("localStore", m.member().local());
            o.put("timeoutSeconds", m.member().timeout().toMillis() / 1000.0);
            o.put("requests", m.traffic().requests());
            o.put("failures", m.traffic().failures());
            if (m.summary() != null) {
                ObjectNode s = o.putObject("summary");
                s.put("predicates", m.summary().predicates().size());
                s.put("classes", m.summary().classes().size());
                s.put("geometries", m.summary().geometries());
                s.put("unplacedGeometries", m.summary().unreadable());
                if (!m.summary().bbox().isNull()) {
                    ArrayNode box = s.putArray("bbox");
                    box.add(m.summary().bbox().getMinX()).add(m.summary().bbox().getMinY())
                            .add(m.summary().bbox().getMaxX()).add(m.summary().bbox().getMaxY());
                }
                s.put("computedAt", m.summary().computedAt().toString());
            } else {
                o.put("summaryError", m.summaryError());
            }
        }
        return list.toPrettyString() + "\n";
    }
}
