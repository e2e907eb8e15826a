package dev.floe.store.cancellation;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.expr.ExprList;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.function.Function;
import org.apache.jena.sparql.function.FunctionEnv;
import org.apache.jena.sparql.function.FunctionFactory;
import org.apache.jena.sparql.util.Context;

/**
 * The cancel signal of the query a function is evaluated for. ARQ sets it when the query times out or is aborted,
 * but checks it only between solutions; a function that can run long on one solution (a regular expression, a
 * geometry operation) checks it itself with {@link #check(FunctionEnv)} so that the query stops within the
 * timeout, not after the function is done.
 */
public final class Cancellation {

    private Cancellation() {
    }

    /** The query's cancel signal, or null outside a query (constant folding, a function called directly). */
    public static AtomicBoolean signal(FunctionEnv env) {
        if (env == null) {
            return null;
        }
        if (env instanceof ExecutionContext execution) {
            return execution.getCancelSignal();
        }
        return env.getContext() == null ? null : Context.getCancelSignal(env.getContext());
    }

    /** Throws {@link QueryCancelledException} when the query has been cancelled. */
    public static void check(FunctionEnv env) {
        check(signal(env));
    }

    /** Throws {@link QueryCancelledException} when {@code signal} (may be null) is set. */
    public static void check(AtomicBoolean signal) {
        if (signal != null && signal.get()) {
            throw new QueryCancelledException();
        }
    }

    /**
     * A factory of {@code make}'s functions that each check, before every evaluation, that their query has not been
     * cancelled: a timeout then stops a FILTER over many geometries between two rows (one JTS operation itself cannot
     * be interrupted). One check for every function registered through it.
     */
    public static FunctionFactory checked(Supplier<? extends Function> make) {
        return uri -> new Checked(make.get());
    }

    /** A function that checks for cancellation, then evaluates {@code inner}. */
    public record Checked(Function inner) implements Function {
        @Override
        public void build(String uri, ExprList args, Context context) {
            inner.build(uri, args, context);
        }

        @Override
        public NodeValue exec(Binding binding, ExprList args, String uri, FunctionEnv env) {
            check(env);
            return inner.exec(binding, args, uri, env);
        }
    }
}
