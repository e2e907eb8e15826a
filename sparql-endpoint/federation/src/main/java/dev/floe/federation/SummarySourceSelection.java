package dev.floe.federation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.eclipse.rdf4j.common.iteration.CloseableIteration;
import org.eclipse.rdf4j.common.iteration.LookAheadIteration;
import org.eclipse.rdf4j.federated.FederationContext;
import org.eclipse.rdf4j.federated.cache.SourceSelectionCache;
import org.eclipse.rdf4j.federated.endpoint.Endpoint;
import org.eclipse.rdf4j.federated.evaluation.FederationEvalStrategy;
import org.eclipse.rdf4j.federated.evaluation.FederationEvaluationStrategyFactory;
import org.eclipse.rdf4j.federated.evaluation.concurrent.ControlledWorkerScheduler;
import org.eclipse.rdf4j.federated.optimizer.GenericInfoOptimizer;
import org.eclipse.rdf4j.federated.optimizer.SourceSelection;
import org.eclipse.rdf4j.federated.structures.QueryInfo;
import org.eclipse.rdf4j.query.Binding;
import org.eclipse.rdf4j.query.BindingSet;
import org.eclipse.rdf4j.query.Dataset;
import org.eclipse.rdf4j.query.QueryEvaluationException;
import org.eclipse.rdf4j.query.algebra.TupleExpr;
import org.eclipse.rdf4j.query.algebra.evaluation.QueryBindingSet;
import org.eclipse.rdf4j.query.algebra.StatementPattern;
import org.eclipse.rdf4j.query.algebra.evaluation.TripleSource;
import org.eclipse.rdf4j.query.algebra.evaluation.impl.EvaluationStatistics;

/**
 * Where floe plugs into FedX (5.1.2): FedX's evaluation strategy calls {@code performSourceSelection} once per
 * query with every triple pattern; this strategy first asks {@link SourcePruner} which members each pattern
 * may match by their summaries, then runs FedX's own {@link SourceSelection} (cache, then parallel ASK probes)
 * per group of patterns with the same surviving members. FedX is used as shipped otherwise: join order, bound
 * joins, exclusive groups and filter push-down all see the pruned sources. Property paths fall back to FedX's
 * selection unchanged.
 */
final class SummarySourceSelection extends CrsTolerantFunctions.Strategy {

    private final Supplier<Map<String, MemberSummary>> summaries;
    private final boolean colocated;

    SummarySourceSelection(FederationContext context, Supplier<Map<String, MemberSummary>> summaries, boolean colocated) {
        super(context);
        this.summaries = summaries;
        this.colocated = colocated;
    }

    @Override
    protected Set<Endpoint> performSourceSelection(List<Endpoint> members, SourceSelectionCache cache, QueryInfo queryInfo,
                                                   GenericInfoOptimizer info) {
        if (info.hasPathExpression()) {
            return super.performSourceSelection(members, cache, queryInfo, info);
        }
        List<StatementPattern> patterns = info.getStatements();
        List<String> names = members.stream().map(Endpoint::getId).toList();
        Map<StatementPattern, Set<String>> allowed = SourcePruner.select(patterns, names, summaries.get(), colocated);
        Map<Set<String>, List<StatementPattern>> groups = new LinkedHashMap<>();
        for (StatementPattern p : patterns) {
            groups.computeIfAbsent(allowed.get(p), k -> new ArrayList<>()).add(p);
        }
        Set<Endpoint> relevant = new HashSet<>();
        for (Map.Entry<Set<String>, List<StatementPattern>> g : groups.entrySet()) {
            List<Endpoint> sources = members.stream().filter(e -> g.getKey().contains(e.getId())).toList();
            SourceSelection selection = new SourceSelection(sources, cache, queryInfo);
            selection.doSourceSelection(g.getValue());
            relevant.addAll(selection.getRelevantSources());
        }
        return relevant;
    }

    /**
     * A join argument that shares no variable with the arguments before it (a spatial join, whose only link is
     * a FILTER over both sides) is evaluated once and combined with every solution on the left, instead of
     * FedX's nested loop that sends it to its members again for each left solution.
     */
    @Override
    public CloseableIteration<BindingSet> executeJoin(ControlledWorkerScheduler<BindingSet> scheduler,
                                                      CloseableIteration<BindingSet> leftIter, TupleExpr rightArg,
                                                      Set<String> joinVars, BindingSet bindings, QueryInfo queryInfo)
            throws QueryEvaluationException {
        if (!joinVars.isEmpty()) {
            return super.executeJoin(scheduler, leftIter, rightArg, joinVars, bindings, queryInfo);
        }
        List<BindingSet> right = new ArrayList<>();
        try (CloseableIteration<BindingSet> r = evaluate(rightArg, bindings)) {
            while (r.hasNext()) {
                right.add(r.next());
            }
        } catch (RuntimeException e) {
            leftIter.close();
            throw e;
        }
        return new CrossProduct(leftIter, right);
    }

    /** Every left solution combined with every right one, the left streamed, the right held. */
    private static final class CrossProduct extends LookAheadIteration<BindingSet> {
        private final CloseableIteration<BindingSet> left;
        private final List<BindingSet> right;
        private BindingSet current;
        private int next;

        CrossProduct(CloseableIteration<BindingSet> left, List<BindingSet> right) {
            this.left = left;
            this.right = right;
        }

        @Override
        protected BindingSet getNextElement() {
            if (right.isEmpty()) {
                return null;
            }
            while (current == null || next == right.size()) {
                if (!left.hasNext()) {
                    return null;
                }
                current = left.next();
                next = 0;
            }
            QueryBindingSet merged = new QueryBindingSet(current);
            for (Binding b : right.get(next++)) {
                if (!merged.hasBinding(b.getName())) {
                    merged.addBinding(b);
                }
            }
            return merged;
        }

        @Override
        protected void handleClose() {
            left.close();
        }
    }

    /** Makes FedX evaluate every query with {@link SummarySourceSelection}. */
    static final class Factory extends FederationEvaluationStrategyFactory {

        private final Supplier<Map<String, MemberSummary>> summaries;
        private final boolean colocated;

        Factory(Supplier<Map<String, MemberSummary>> summaries, boolean colocated) {
            this.summaries = summaries;
            this.colocated = colocated;
        }

        @Override
        public FederationEvalStrategy createEvaluationStrategy(Dataset dataset, TripleSource tripleSource,
                                                               EvaluationStatistics statistics) {
            SummarySourceSelection s = new SummarySourceSelection(getFederationContext(), summaries, colocated);
            s.setCollectionFactory(collectionFactorySupplier);
            return s;
        }
    }
}
