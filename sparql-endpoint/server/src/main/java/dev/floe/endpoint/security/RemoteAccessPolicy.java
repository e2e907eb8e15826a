package dev.floe.endpoint.security;

import java.util.Collection;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecException;
import org.apache.jena.query.SortCondition;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.OpVisitorBase;
import org.apache.jena.sparql.algebra.OpWalker;
import org.apache.jena.sparql.algebra.op.OpAssign;
import org.apache.jena.sparql.algebra.op.OpExtend;
import org.apache.jena.sparql.algebra.op.OpFilter;
import org.apache.jena.sparql.algebra.op.OpGroup;
import org.apache.jena.sparql.algebra.op.OpLeftJoin;
import org.apache.jena.sparql.algebra.op.OpOrder;
import org.apache.jena.sparql.algebra.op.OpService;
import org.apache.jena.sparql.algebra.op.OpTopN;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprAggregator;
import org.apache.jena.sparql.expr.ExprFunction;
import org.apache.jena.sparql.expr.ExprFunctionOp;
import org.apache.jena.sparql.modify.request.UpdateLoad;
import org.apache.jena.sparql.modify.request.UpdateModify;
import org.apache.jena.sparql.service.ServiceExecutorRegistry;
import org.apache.jena.update.Update;
import org.apache.jena.update.UpdateRequest;

/**
 * Which IRIs the SPARQL engine may dereference for a request: SERVICE endpoints and LOAD sources, each only
 * when the operator put it on its allowlist (by default both are empty), matched exactly. A SERVICE whose
 * endpoint is a variable is refused too. {@link #check(Query)} and {@link #check(UpdateRequest)} look at every
 * SERVICE wherever it sits (sub-queries, OPTIONAL, ORDER BY, and expressions: EXISTS / NOT EXISTS in FILTER,
 * BIND, HAVING, ORDER BY) and every LOAD before anything runs; {@link #serviceGuard()} refuses again at the
 * moment of a call, whatever the optimizer made of the query. Nothing is fetched for a refused request.
 *
 * @param services SERVICE endpoints that may be called
 * @param loads    sources that SPARQL Update LOAD may read (file:, jar: and relative IRIs included: only if listed)
 */
public record RemoteAccessPolicy(Set<String> services, Set<String> loads) {

    public RemoteAccessPolicy {
        services = Set.copyOf(services);
        loads = Set.copyOf(loads);
    }

    /** Refuses every SERVICE and every LOAD. */
    public static RemoteAccessPolicy none() {
        return new RemoteAccessPolicy(Set.of(), Set.of());
    }

    /** Returns null when the query may run, else the reason it may not. */
    public String check(Query query) {
        return check(Algebra.compile(query));
    }

    /** Returns null when the update may run, else the reason it may not. */
    public String check(UpdateRequest request) {
        for (Update update : request.getOperations()) {
            String reason = null;
            if (update instanceof UpdateLoad load) {
                reason = loadReason(load.getSource());
            } else if (update instanceof UpdateModify modify && modify.getWherePattern() != null) {
                reason = check(Algebra.compile(modify.getWherePattern()));
            }
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    /** Whether SERVICE may call {@code endpoint}. */
    public boolean allowsService(String endpoint) {
        return endpoint != null && services.contains(endpoint);
    }

    /** Returns null when SERVICE may call {@code endpoint} (an IRI, or null for a variable), else why not. */
    public String serviceReason(String endpoint) {
        if (endpoint == null) {
            return "SERVICE with a variable endpoint is not allowed";
        }
        if (!allowsService(endpoint)) {
            return "SERVICE <" + endpoint + "> is not on this server's allowlist"
                    + (services.isEmpty() ? " (no remote endpoints are allowed; see --allow-service)" : "");
        }
        return null;
    }

    private String loadReason(String source) {
        if (loads.contains(source)) {
            return null;
        }
        return "LOAD <" + source + "> is not on this server's allowlist"
                + (loads.isEmpty() ? " (LOAD is not allowed; see --allow-load)" : "");
    }

    /** The first refused SERVICE in {@code op}, including those inside expressions, or null. */
    private String check(Op op) {
        String[] reason = new String[1];
        OpWalker.walk(op, new OpVisitorBase() {
            private void note(String r) {
                if (reason[0] == null) {
                    reason[0] = r;
                }
            }

            private void exprs(Collection<Expr> exprs) {
                for (Expr e : exprs) {
                    note(checkExpr(e));
                }
            }

            @Override
            public void visit(OpService service) {
                note(serviceReason(uriOrNull(service.getService())));
            }

            @Override
            public void visit(OpFilter filter) {
                exprs(filter.getExprs().getList());
            }

            @Override
            public void visit(OpLeftJoin join) {
                if (join.getExprs() != null) {
                    exprs(join.getExprs().getList());
                }
            }

            @Override
            public void visit(OpExtend extend) {
                exprs(extend.getVarExprList().getExprs().values());
            }

            @Override
            public void visit(OpAssign assign) {
                exprs(assign.getVarExprList().getExprs().values());
            }

            @Override
            public void visit(OpOrder order) {
                exprs(order.getConditions().stream().map(SortCondition::getExpression).toList());
            }

            @Override
            public void visit(OpTopN top) {
                exprs(top.getConditions().stream().map(SortCondition::getExpression).toList());
            }

            @Override
            public void visit(OpGroup group) {
                exprs(group.getGroupVars().getExprs().values());
                for (ExprAggregator agg : group.getAggregators()) {
                    if (agg.getAggregator().getExprList() != null) {
                        exprs(agg.getAggregator().getExprList().getList());
                    }
                }
            }
        });
        return reason[0];
    }

    /**
     * The first refused SERVICE inside an expression: in the graph pattern of EXISTS / NOT EXISTS (walked as any
     * other pattern) or in the arguments of any function, or null.
     */
    private String checkExpr(Expr expr) {
        if (expr instanceof ExprFunctionOp withPattern) {
            String r = check(withPattern.getGraphPattern());
            if (r != null) {
                return r;
            }
        }
        if (expr instanceof ExprAggregator agg && agg.getAggregator().getExprList() != null) {
            for (Expr arg : agg.getAggregator().getExprList()) {
                String r = checkExpr(arg);
                if (r != null) {
                    return r;
                }
            }
        }
        if (expr instanceof ExprFunction f) {
            for (Expr arg : f.getArgs()) {
                String r = checkExpr(arg);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    private static String uriOrNull(Node n) {
        return n.isURI() ? n.getURI() : null;
    }

    /**
     * A registry of SERVICE executors for one query or update execution (put it in that execution's context under
     * {@code ARQConstants.registryServiceExecutors}): calls Jena's own executors only for allowlisted endpoints and
     * fails the execution for any other, at the moment the call would be made.
     */
    public ServiceExecutorRegistry serviceGuard() {
        ServiceExecutorRegistry registry = ServiceExecutorRegistry.get().copy();
        registry.addSingleLink((opExecute, original, binding, execCxt, chain) -> {
            String reason = serviceReason(uriOrNull(opExecute.getService()));
            if (reason != null) {
                throw new Refused(reason);
            }
            return chain.createExecution(opExecute, original, binding, execCxt);
        });
        return registry;
    }

    /** A SERVICE call refused while the query ran (answered 403, like a refusal before it). */
    public static final class Refused extends QueryExecException {

        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }
}
