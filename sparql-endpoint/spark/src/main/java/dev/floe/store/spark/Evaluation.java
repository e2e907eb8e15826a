package dev.floe.store.spark;

import java.io.Serializable;
import java.util.List;

import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingBuilder;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprEvalException;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.function.FunctionEnv;
import org.apache.jena.sparql.function.FunctionEnvBase;
import org.apache.jena.sparql.function.FunctionRegistry;
import org.apache.jena.sparql.sse.SSE;
import org.apache.jena.sparql.util.Context;

import scala.collection.Seq;

/**
 * SPARQL expressions evaluated on the executors by Jena itself, so FILTER and BIND mean exactly what they mean in
 * the TDB2 store: the expression travels as SSE text with the variables it reads; each task parses it once (an
 * instance field, per deserialised copy: no JVM-wide cache), builds a binding from the row's terms and evaluates it
 * with the standard functions and {@link GeofFunctions} on a context of its own.
 */
final class Evaluation implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String sse;
    private final List<String> vars;
    private transient Expr expr;
    private transient FunctionEnv env;

    Evaluation(Expr expr, List<Var> vars) {
        this.sse = SSE.str(expr);
        this.vars = vars.stream().map(Var::getVarName).toList();
    }

    private void init() {
        if (expr == null) {
            expr = SSE.parseExpr(sse);
            Context cxt = new Context();
            FunctionRegistry.set(cxt, GeofFunctions.registry());
            env = new FunctionEnvBase(cxt);
        }
    }

    Binding binding(Seq<String> values) {
        BindingBuilder b = BindingBuilder.create();
        for (int i = 0; i < vars.size(); i++) {
            String v = values.apply(i);
            if (v != null) {
                b.add(Var.alloc(vars.get(i)), Terms.decode(v));
            }
        }
        return b.build();
    }

    /** The expression's value as a term string, or null where it is an error (BIND leaves the variable unbound). */
    String value(Seq<String> values) {
        init();
        try {
            NodeValue nv = expr.eval(binding(values), env);
            Node n = nv.asNode();
            return Terms.encode(n);
        } catch (ExprEvalException e) {
            return null;
        }
    }

    /** The expression's effective boolean value; false where it is an error (as FILTER treats errors). */
    boolean test(Seq<String> values) {
        init();
        return expr.isSatisfied(binding(values), env);
    }
}
