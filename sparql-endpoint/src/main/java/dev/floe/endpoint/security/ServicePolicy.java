package dev.floe.endpoint.security;

import java.util.Set;

import org.apache.jena.query.Query;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.OpVisitorBase;
import org.apache.jena.sparql.algebra.OpWalker;
import org.apache.jena.sparql.algebra.op.OpService;
import org.apache.jena.update.UpdateRequest;
import org.apache.jena.sparql.modify.request.UpdateModify;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.ElementService;
import org.apache.jena.sparql.syntax.ElementWalker;
import org.apache.jena.sparql.syntax.ElementVisitorBase;

/**
 * Which remote endpoints SPARQL {@code SERVICE} may reach: only those on the allowlist (by default none), so
 * the server cannot be used to fetch arbitrary URLs. A SERVICE whose endpoint is a variable is refused too.
 * The check runs on the parsed request before execution; nothing is fetched for a refused request.
 */
public final class ServicePolicy {

    private final Set<String> allowed;

    public ServicePolicy(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    /** Refuses every SERVICE. */
    public static ServicePolicy none() {
        return new ServicePolicy(Set.of());
    }

    /** Returns null when the query may run, else the reason it may not. */
    public String check(Query query) {
        return check(Algebra.compile(query));
    }

    /** Returns null when the update may run, else the reason it may not. */
    public String check(UpdateRequest request) {
        for (var update : request.getOperations()) {
            if (update instanceof UpdateModify modify) {
                String reason = check(modify.getWherePattern());
                if (reason != null) {
                    return reason;
                }
            }
        }
        return null;
    }

    private String check(Element pattern) {
        String[] reason = new String[1];
        ElementWalker.walk(pattern, new ElementVisitorBase() {
            @Override
            public void visit(ElementService service) {
                if (reason[0] == null) {
                    reason[0] = reason(service.getServiceNode());
                }
            }
        });
        return reason[0];
    }

    private String check(Op op) {
        String[] reason = new String[1];
        OpWalker.walk(op, new OpVisitorBase() {
            @Override
            public void visit(OpService service) {
                if (reason[0] == null) {
                    reason[0] = reason(service.getService());
                }
            }
        });
        return reason[0];
    }

    private String reason(org.apache.jena.graph.Node service) {
        if (!service.isURI()) {
            return "SERVICE with a variable endpoint is not allowed";
        }
        if (!allowed.contains(service.getURI())) {
            return "SERVICE <" + service.getURI() + "> is not on this server's allowlist"
                    + (allowed.isEmpty() ? " (no remote endpoints are allowed)" : "");
        }
        return null;
    }
}
