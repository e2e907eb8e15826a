package dev.floe.store.cancellation;

import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.TransformCopy;
import org.apache.jena.sparql.algebra.Transformer;
import org.apache.jena.sparql.algebra.optimize.Rewrite;
import org.apache.jena.sparql.algebra.optimize.RewriteFactory;
import org.apache.jena.sparql.expr.E_Regex;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprFunctionN;
import org.apache.jena.sparql.expr.ExprList;
import org.apache.jena.sparql.expr.ExprTransformCopy;

/**
 * Replaces, in a query's algebra, the expressions that a timeout could not otherwise interrupt by versions that
 * watch the query's cancel signal: {@code REGEX} becomes {@link CancellableRegex}. Runs in front of ARQ's
 * optimizer, like the spatial-join rewrite; the result is the same query with the same answers.
 */
public final class CancellableExpressions extends ExprTransformCopy {

    private CancellableExpressions() {
    }

    /** Wraps an optimizer factory so that this rewrite runs before it. */
    public static RewriteFactory around(RewriteFactory standard) {
        return context -> {
            Rewrite rewrite = standard.create(context);
            return op -> rewrite.rewrite(apply(op));
        };
    }

    /** The algebra with every REGEX cancellable. */
    public static Op apply(Op op) {
        return Transformer.transform(new TransformCopy(), new CancellableExpressions(), op);
    }

    @Override
    public Expr transform(ExprFunctionN func, ExprList args) {
        if (func instanceof E_Regex && !(func instanceof CancellableRegex)) {
            return new CancellableRegex(args.get(0), args.get(1), args.size() == 2 ? null : args.get(2));
        }
        return super.transform(func, args);
    }
}
