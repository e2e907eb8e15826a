package dev.floe.federation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingBuilder;
import org.eclipse.rdf4j.federated.FedXConfig;
import org.eclipse.rdf4j.federated.FedXFactory;
import org.eclipse.rdf4j.federated.endpoint.Endpoint;
import org.eclipse.rdf4j.federated.repository.FedXRepository;
import org.eclipse.rdf4j.federated.structures.FedXDataset;
import org.eclipse.rdf4j.model.Statement;
import org.eclipse.rdf4j.query.BindingSet;
import org.eclipse.rdf4j.query.BooleanQuery;
import org.eclipse.rdf4j.query.GraphQuery;
import org.eclipse.rdf4j.query.GraphQueryResult;
import org.eclipse.rdf4j.query.MalformedQueryException;
import org.eclipse.rdf4j.query.Query;
import org.eclipse.rdf4j.query.QueryInterruptedException;
import org.eclipse.rdf4j.query.QueryLanguage;
import org.eclipse.rdf4j.query.TupleQuery;
import org.eclipse.rdf4j.query.TupleQueryResult;
import org.eclipse.rdf4j.repository.RepositoryConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The federated gateway: answers one SPARQL query over the members of a {@link Federation} with RDF4J FedX,
 * and adds what FedX lacks for geodata: member summaries (predicates, classes, bounding box), computed when
 * the gateway starts and on demand ({@link #refreshSummaries()}), prune sources before FedX's ASK probes
 * ({@link SummarySourceSelection}); GeoSPARQL functions read CRS84-prefixed WKT ({@link CrsTolerantFunctions});
 * every member has its own timeout, and a member that is down or slow fails the query with a
 * {@link MemberFailureException} naming it, or, when the caller allows partial answers, is left out with a
 * warning. Each query attempt learns which members failed it from the failures of its own member requests
 * ({@link MemberFailures}, {@link FailureScope}), never from counters shared with concurrent queries. Only the
 * members' endpoints are ever contacted. Thread-safe; close it to release connections.
 */
public final class FederatedGateway implements AutoCloseable {

    /** The header that identifies the gateway's own sub-queries to the local store's server (see {@link GatewayOptions}). */
    public static final String LOCAL_MEMBER_HEADER = "Floe-Gateway-Token";


    private static final Logger LOG = LoggerFactory.getLogger(FederatedGateway.class);

    private final Federation federation;
    private final GatewayOptions options;
    private final Map<String, MemberConnection> connections = new LinkedHashMap<>();
    private final Map<String, MemberSummary> summaries = new ConcurrentHashMap<>();
    private final Map<String, String> summaryErrors = new ConcurrentHashMap<>();
    /** Which query attempt or summary each member request belongs to. */
    private final FailureScope failureScope = new FailureScope();
    private final FedXRepository repository;
    /** Recomputes summaries after changes, one at a time, off the request threads. */
    private final ExecutorService resummarize = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "floe-federation-summaries");
        t.setDaemon(true);
        return t;
    });

    private FederatedGateway(Federation federation, GatewayOptions options) {
        this.federation = federation;
        this.options = options;
        List<Endpoint> endpoints = new ArrayList<>();
        for (Member m : federation.members()) {
            if (m.endpoint() == null) {
                throw new FederationConfigException(federation.source() + ": member '" + m.name()
                        + "' is the local store; only `floe serve --federation` can serve it");
            }
            MemberConnection c = new MemberConnection(m, options.localMemberToken(), failureScope);
            connections.put(m.name(), c);
            endpoints.add(c.endpoint());
        }
        FedXFactory factory = FedXFactory.newFederation().withMembers(endpoints)
                .withConfig(new FedXConfig().withEnforceMaxQueryTime((int) Math.max(1, options.queryTimeout().toSeconds()))
                        .withTaskWrapper(failureScope));
        factory = factory.withFederationEvaluationStrategyFactory(options.useSummaries()
                ? new SummarySourceSelection.Factory(this::summaries, options.colocatedFeatures() && federation.colocatedFeatures())
                : new CrsTolerantFunctions.Factory());
        this.repository = factory.create();
        repository.init();
    }

    /**
     * Starts a gateway over {@code federation}; with summaries on, summarises every member first (a member
     * that cannot be summarised is logged and kept unpruned).
     */
    public static FederatedGateway start(Federation federation, GatewayOptions options) {
        FederatedGateway g = new FederatedGateway(federation, options);
        if (options.useSummaries()) {
            g.refreshSummaries();
        }
        return g;
    }

    /** The federation served. */
    public Federation federation() {
        return federation;
    }

    /** The current summaries by member name (members without one are absent). */
    public Map<String, MemberSummary> summaries() {
        return Collections.unmodifiableMap(summaries);
    }

    /**
     * Recomputes every member's summary, the members in parallel, and forgets FedX's cached ASK answers;
     * returns the members' status.
     */
    public List<MemberStatus> refreshSummaries() {
        repository.getFederationContext().getSourceSelectionCache().invalidate();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, connections.size()));
        try {
            Map<String, Future<Summarized>> running = new LinkedHashMap<>();
            connections.forEach((name, c) -> running.put(name, pool.submit(() -> summarize(c))));
            for (Map.Entry<String, Future<Summarized>> e : running.entrySet()) {
                try {
                    Summarized s = e.getValue().get();
                    if (s.summary() != null) {
                        summaries.put(e.getKey(), s.summary());
                        summaryErrors.remove(e.getKey());
                    } else {
                        summaries.remove(e.getKey());
                        summaryErrors.put(e.getKey(), s.error());
                        LOG.warn("federation member {}: no summary ({}); it will not be pruned", e.getKey(), s.error());
                    }
                } catch (java.util.concurrent.ExecutionException ex) {
                    // an Error: summarize() turns every exception into a Summarized
                    summaries.remove(e.getKey());
                    summaryErrors.put(e.getKey(), String.valueOf(ex.getCause()));
                    LOG.warn("federation member {}: no summary; it will not be pruned", e.getKey(), ex.getCause());
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new FederatedQueryException("interrupted while summarising the members", false, false, ex);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return members();
    }

    /**
     * Tells the gateway that a member's data changed (the server's own store after a write): its summary is
     * dropped at once, so the member is not pruned on stale knowledge, and recomputed in the background.
     */
    public void changed(String member) {
        MemberConnection c = connections.get(member);
        if (c == null) {
            throw new IllegalArgumentException("no member named " + member);
        }
        summaries.remove(member);
        summaryErrors.put(member, "being recomputed after a change");
        // FedX remembers ASK answers across queries; those about the changed member may be wrong now
        repository.getFederationContext().getSourceSelectionCache().invalidate();
        if (!options.useSummaries()) {
            return;
        }
        resummarize.submit(() -> {
            Summarized s = summarize(c);
            if (s.summary() != null) {
                summaries.put(member, s.summary());
                summaryErrors.remove(member);
            } else {
                summaryErrors.put(member, s.error());
                LOG.warn("federation member {}: no summary after a change ({}); it will not be pruned", member, s.error());
            }
        });
    }

    /**
     * A member's summary, or why it has none.
     *
     * @param summary the summary, or null
     * @param error   why there is none, or null
     */
    private record Summarized(MemberSummary summary, String error) {
    }

    /**
     * Summarises one member. Without a summary, the member's own HTTP failure during this summary says more than
     * the client's exception; a refusal of ours (a capped list) says it all.
     */
    private Summarized summarize(MemberConnection c) {
        MemberFailures failures = new MemberFailures();
        try {
            return new Summarized(failureScope.recording(failures, () -> Summarizer.summarize(c.repository())), null);
        } catch (RuntimeException e) {
            MemberFailures.Failure http = failures.byMember().get(c.member().name());
            return new Summarized(null, http != null ? http.description() : String.valueOf(e.getMessage()));
        }
    }

    /** Every member with its summary and request log. */
    public List<MemberStatus> members() {
        List<MemberStatus> out = new ArrayList<>();
        connections.forEach((name, c) -> out.add(new MemberStatus(c.member(), summaries.get(name), summaryErrors.get(name), c.traffic())));
        return out;
    }

    /** A member's request log. */
    public MemberTraffic traffic(String member) {
        MemberConnection c = connections.get(member);
        if (c == null) {
            throw new IllegalArgumentException("no member named " + member);
        }
        return c.traffic();
    }

    /**
     * Answers a SPARQL query over the federation. With {@code allowPartial}, members that fail are left out
     * and named in the result's warnings; otherwise the first failure ends the query with a
     * {@link MemberFailureException}.
     */
    public FederatedResult query(String text, boolean allowPartial) {
        Set<String> excluded = new LinkedHashSet<>();
        List<String> warnings = new ArrayList<>();
        while (true) {
            // this attempt's own member requests, wherever FedX sends them, record their failures here
            MemberFailures attempt = new MemberFailures();
            try {
                FederatedResult r = failureScope.recording(attempt, () -> run(text, excluded));
                return new FederatedResult(r.vars(), r.rows(), r.ask(), r.graph(), warnings);
            } catch (MalformedQueryException e) {
                throw new FederatedQueryException("SPARQL syntax error: " + e.getMessage(), true, false, e);
            } catch (RuntimeException e) {
                Map<String, MemberFailures.Failure> failures = attempt.byMember();
                List<String> failed = connections.keySet().stream().filter(n -> !excluded.contains(n) && failures.containsKey(n)).toList();
                if (failed.isEmpty()) {
                    if (e instanceof QueryInterruptedException) {
                        throw new FederatedQueryException("query cancelled: it ran longer than the "
                                + options.queryTimeout().toSeconds() + " s timeout", false, true, e);
                    }
                    throw new FederatedQueryException("federated query failed: " + rootMessage(e), false, false, e);
                }
                List<String> reasons = failed.stream().map(n -> "member '" + n + "' (" + connections.get(n).member().endpoint()
                        + ") failed: " + failures.get(n).description()).toList();
                boolean timeouts = failed.stream().allMatch(n -> failures.get(n).timeout());
                excluded.addAll(failed);
                if (!allowPartial || excluded.size() == connections.size()) {
                    throw new MemberFailureException(failed, timeouts, String.join("; ", reasons)
                            + (allowPartial ? "; no member is left to answer" : "; ask with allow-partial to get the other members' results"), e);
                }
                warnings.addAll(reasons.stream().map(r -> r + "; its results are left out").toList());
                LOG.warn("federated query without {}: {}", failed, reasons);
            }
        }
    }

    private FederatedResult run(String text, Set<String> excluded) {
        try (RepositoryConnection c = repository.getConnection()) {
            Query q = c.prepareQuery(QueryLanguage.SPARQL, text);
            q.setMaxExecutionTime((int) Math.max(1, options.queryTimeout().toSeconds()));
            if (!excluded.isEmpty()) {
                // FedX's documented way to restrict a query to some members
                FedXDataset only = new FedXDataset(q.getDataset());
                connections.keySet().stream().filter(n -> !excluded.contains(n)).forEach(only::addEndpoint);
                q.setDataset(only);
            }
            if (q instanceof TupleQuery tq) {
                try (TupleQueryResult r = tq.evaluate()) {
                    List<Var> vars = r.getBindingNames().stream().map(Var::alloc).toList();
                    List<Binding> rows = new ArrayList<>();
                    while (r.hasNext()) {
                        BindingSet b = r.next();
                        BindingBuilder builder = BindingBuilder.create();
                        for (Var v : vars) {
                            if (b.getValue(v.getVarName()) != null) {
                                builder.add(v, JenaTerms.node(b.getValue(v.getVarName())));
                            }
                        }
                        rows.add(builder.build());
                    }
                    return new FederatedResult(vars, rows, null, null, List.of());
                }
            }
            if (q instanceof BooleanQuery bq) {
                return new FederatedResult(List.of(), List.of(), bq.evaluate(), null, List.of());
            }
            GraphQuery gq = (GraphQuery) q;
            Model model = ModelFactory.createDefaultModel();
            try (GraphQueryResult r = gq.evaluate()) {
                r.getNamespaces().forEach(model::setNsPrefix);
                while (r.hasNext()) {
                    Statement s = r.next();
                    model.getGraph().add(JenaTerms.node(s.getSubject()), JenaTerms.node(s.getPredicate()), JenaTerms.node(s.getObject()));
                }
            }
            return new FederatedResult(List.of(), List.of(), null, model, List.of());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }

    @Override
    public void close() {
        resummarize.shutdownNow();
        try {
            repository.shutDown();
        } finally {
            connections.values().forEach(MemberConnection::close);
        }
    }
}
