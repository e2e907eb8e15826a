package dev.floe.store.spatialjoin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.OpVars;
import org.apache.jena.sparql.algebra.TransformCopy;
import org.apache.jena.sparql.algebra.Transformer;
import org.apache.jena.sparql.algebra.op.OpBGP;
import org.apache.jena.sparql.algebra.op.OpFilter;
import org.apache.jena.sparql.algebra.op.OpJoin;
import org.apache.jena.sparql.algebra.op.OpPath;
import org.apache.jena.sparql.algebra.op.OpSequence;
import org.apache.jena.sparql.algebra.op.OpTriple;
import org.apache.jena.sparql.algebra.optimize.Rewrite;
import org.apache.jena.sparql.algebra.optimize.RewriteFactory;
import org.apache.jena.sparql.core.BasicPattern;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.expr.E_Function;
import org.apache.jena.sparql.expr.E_LogicalAnd;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprList;
import org.apache.jena.sparql.pfunction.PropertyFunctionRegistry;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.sparql.util.Symbol;

/**
 * Rewrites spatial joins into an {@link OpSpatialJoin}: {@code FILTER(geof:rel(?x, ?y))} over a basic graph
 * pattern (triples and property paths) in which ?x and ?y are bound by unconnected parts (ARQ would form the
 * cartesian product of the two parts and test every pair), and the property function {@code ?x geo:rel ?y}
 * between two such parts. Anything it does not recognise is left to ARQ.
 */
public final class SpatialJoinTransform extends TransformCopy {

    /** Set to {@code false} in a query's context to evaluate such filters as ARQ does (for comparisons). */
    public static final Symbol ENABLED = Symbol.create("https://w3id.org/floe/ontology#spatialJoin");

    /** Wraps an optimizer factory so that this transform runs before the standard optimisation. */
    public static RewriteFactory around(RewriteFactory standard) {
        return context -> {
            Rewrite rewrite = standard.create(context);
            return op -> rewrite.rewrite(apply(op, context));
        };
    }

    static Op apply(Op op, Context context) {
        if (context != null && context.isFalse(ENABLED)) {
            return op;
        }
        return Transformer.transform(new SpatialJoinTransform(), op);
    }

    @Override
    public Op transform(OpFilter opFilter, Op sub) {
        for (Expr e : conjuncts(opFilter.getExprs())) {
            if (!(e instanceof E_Function f) || !SpatialRelations.isEnvelopeBound(f.getFunctionIRI())
                    || f.getArgs().size() != 2 || !f.getArg(1).isVariable() || !f.getArg(2).isVariable()) {
                continue;
            }
            Var x = f.getArg(1).asVar();
            Var y = f.getArg(2).asVar();
            if (x.equals(y)) {
                continue;
            }
            String relation = f.getFunctionIRI().substring(SpatialRelations.GEOF.length());
            ExprList others = new ExprList();
            for (Expr c : conjuncts(opFilter.getExprs())) {
                if (c != e) {
                    others.add(c);
                }
            }
            Op join = split(opFilter, sub, opFilter.getExprs(), others, x, y, relation);
            if (join != null) {
                return join;
            }
        }
        return super.transform(opFilter, sub);
    }

    /** The filter's conjuncts: {@code A && B} counts as A and B, as ARQ's own filter placement sees it. */
    private static List<Expr> conjuncts(ExprList filters) {
        List<Expr> out = new ArrayList<>();
        for (Expr e : filters) {
            addConjuncts(e, out);
        }
        return out;
    }

    private static void addConjuncts(Expr e, List<Expr> out) {
        if (e instanceof E_LogicalAnd and) {
            addConjuncts(and.getArg1(), out);
            addConjuncts(and.getArg2(), out);
        } else {
            out.add(e);
        }
    }

    private static Op split(OpFilter original, Op sub, ExprList filters, ExprList others, Var x, Var y, String relation) {
        List<Op> units = new ArrayList<>();
        if (!flatten(sub, units)) {
            return null;
        }
        List<List<Op>> parts = partition(units, x, y);
        if (parts == null) {
            return null;
        }
        return new OpSpatialJoin(original, combine(parts.get(0)), combine(parts.get(1)),
                parts.get(2).isEmpty() ? null : combine(parts.get(2)), filters, others, x, y, relation);
    }

    /**
     * The property-function form: a triple {@code ?x geo:rel ?y} whose two variables are otherwise bound by
     * unconnected parts of the pattern. ARQ would evaluate the property function once per row of one part,
     * each time searching the whole spatial index and testing every spatial object found, of any kind.
     */
    @Override
    public Op transform(OpBGP opBGP) {
        List<Triple> triples = opBGP.getPattern().getList();
        for (Triple t : triples) {
            Node p = t.getPredicate();
            if (!p.isURI() || !SpatialRelations.isEnvelopeBoundProperty(p.getURI()) || !t.getSubject().isVariable()
                    || !t.getObject().isVariable() || t.getSubject().equals(t.getObject())
                    || !PropertyFunctionRegistry.get().isRegistered(p.getURI())) {
                continue;
            }
            List<Op> units = new ArrayList<>();
            for (Triple other : triples) {
                if (other != t) {
                    units.add(new OpTriple(other));
                }
            }
            Var x = Var.alloc(t.getSubject());
            Var y = Var.alloc(t.getObject());
            List<List<Op>> parts = partition(units, x, y);
            if (parts != null) {
                return OpSpatialJoin.property(opBGP, combine(parts.get(0)), combine(parts.get(1)),
                        parts.get(2).isEmpty() ? null : combine(parts.get(2)), x, y, p);
            }
        }
        return super.transform(opBGP);
    }

    /**
     * Splits the units into the connected component (by shared variables) holding {@code x}, the one holding
     * {@code y}, and the rest; null when either variable is in no unit or both are in the same component.
     */
    private static List<List<Op>> partition(List<Op> units, Var x, Var y) {
        int[] parent = new int[units.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        Map<Var, Integer> owner = new HashMap<>();
        for (int i = 0; i < units.size(); i++) {
            for (Var v : vars(units.get(i))) {
                Integer j = owner.putIfAbsent(v, i);
                if (j != null) {
                    parent[find(parent, i)] = find(parent, j);
                }
            }
        }
        Integer ux = owner.get(x);
        Integer uy = owner.get(y);
        if (ux == null || uy == null || find(parent, ux) == find(parent, uy)) {
            return null;
        }
        int cx = find(parent, ux);
        int cy = find(parent, uy);
        List<Op> left = new ArrayList<>();
        List<Op> right = new ArrayList<>();
        List<Op> rest = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            int c = find(parent, i);
            (c == cx ? left : c == cy ? right : rest).add(units.get(i));
        }
        return List.of(left, right, rest);
    }

    private static boolean flatten(Op op, List<Op> units) {
        if (op instanceof OpBGP bgp) {
            bgp.getPattern().forEach(t -> units.add(new OpTriple(t)));
            return true;
        }
        if (op instanceof OpTriple || op instanceof OpPath) {
            units.add(op);
            return true;
        }
        if (op instanceof OpJoin join) {
            return flatten(join.getLeft(), units) && flatten(join.getRight(), units);
        }
        if (op instanceof OpSequence seq) {
            for (Op element : seq.getElements()) {
                if (!flatten(element, units)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static Op combine(List<Op> ops) {
        BasicPattern triples = new BasicPattern();
        List<Op> paths = new ArrayList<>();
        for (Op op : ops) {
            if (op instanceof OpTriple t) {
                triples.add(t.getTriple());
            } else {
                paths.add(op);
            }
        }
        if (paths.isEmpty()) {
            return new OpBGP(triples);
        }
        OpSequence seq = OpSequence.create();
        if (!triples.isEmpty()) {
            seq.add(new OpBGP(triples));
        }
        paths.forEach(seq::add);
        return seq;
    }

    private static Collection<Var> vars(Op op) {
        return OpVars.mentionedVars(op);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
