package dev.floe.store.spatialjoin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.jena.geosparql.implementation.vocabulary.Geo;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.OpVars;
import org.apache.jena.sparql.algebra.OpVisitorBase;
import org.apache.jena.sparql.algebra.TransformCopy;
import org.apache.jena.sparql.algebra.Transformer;
import org.apache.jena.sparql.algebra.op.OpBGP;
import org.apache.jena.sparql.algebra.op.OpFilter;
import org.apache.jena.sparql.algebra.op.OpGraph;
import org.apache.jena.sparql.algebra.op.OpJoin;
import org.apache.jena.sparql.algebra.op.OpPath;
import org.apache.jena.sparql.algebra.op.OpSequence;
import org.apache.jena.sparql.algebra.op.OpTriple;
import org.apache.jena.sparql.algebra.optimize.OptimizerStd;
import org.apache.jena.sparql.algebra.optimize.Rewrite;
import org.apache.jena.sparql.algebra.optimize.RewriteFactory;
import org.apache.jena.sparql.core.BasicPattern;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.expr.E_Function;
import org.apache.jena.sparql.expr.E_LogicalAnd;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprList;
import org.apache.jena.sparql.pfunction.PropertyFunctionRegistry;
import org.apache.jena.sparql.path.P_Link;
import org.apache.jena.sparql.path.P_Seq;
import org.apache.jena.sparql.path.Path;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.tdb2.TDB2;

import dev.floe.geo.Relation;

/**
 * Rewrites spatial joins into an {@link OpSpatialJoin}: {@code FILTER(geof:rel(?x, ?y))} over a basic graph
 * pattern (triples and property paths) in which ?x and ?y are bound by unconnected parts (ARQ would form the
 * cartesian product of the two parts and test every pair), and the property function {@code ?x geo:rel ?y}
 * between two such parts. Distance conditions ({@code FILTER(geof:distance(?x, ?y, units) < d)} between two such
 * parts, or with a constant geometry on one side) become an {@link OpDistanceJoin}. Anything it does not
 * recognise is left to ARQ.
 */
public final class SpatialJoinTransform extends TransformCopy {

    /** Where the property functions of the query are registered: its context's registry, else Jena's. */
    private final PropertyFunctionRegistry properties;

    private SpatialJoinTransform(Context context) {
        this.properties = context == null ? PropertyFunctionRegistry.get() : PropertyFunctionRegistry.chooseRegistry(context);
    }

    /**
     * Lets the spatial joins of the dataset whose context this is remember what they look up per committed state
     * (see {@link SpatialObjectLookup}); kept in that context, so each store has its own.
     */
    public static void rememberLookups(org.apache.jena.sparql.util.Context datasetContext) {
        SpatialObjectLookup.remember(datasetContext);
    }

    /**
     * Wraps an optimizer factory so that this transform runs inside ARQ's standard optimisation, right after it has
     * renamed the variables of each sub-SELECT by scope ({@code ?x} to {@code ?/x}) and flattened property paths, and
     * before its own transforms (property functions, filter placement) reshape the patterns this transform
     * recognises. Running before the renaming would leave the inner variables of floe's operators unrenamed (ARQ's
     * transforms do not look inside an {@code OpExt}) while an aggregate around them counts the renamed ones: a
     * spatial join inside a sub-SELECT would count nothing. Where the wrapped optimizer is not ARQ's standard one,
     * this transform runs after it instead (property-function forms are then left to ARQ). Set the result in a
     * dataset's context ({@code ARQConstants.sysOptimizerFactory}), as {@code GeoSparqlSetup} does; to compare with
     * ARQ's own evaluation, set ARQ's factory in one query's context.
     */
    public static RewriteFactory around(RewriteFactory standard) {
        return context -> {
            Rewrite rewrite = standard.create(context);
            if (rewrite.getClass() == OptimizerStd.class) {
                return new OptimizerStd(context) {
                    @Override
                    protected Op transformExprConstantFolding(Op op) {
                        return super.transformExprConstantFolding(SpatialJoinTransform.apply(op, context));
                    }
                };
            }
            return op -> apply(rewrite.rewrite(op), context);
        };
    }

    static Op apply(Op op, Context context) {
        if (context != null && context.isTrue(TDB2.symUnionDefaultGraph)) {
            // TDB2 reads the default graph's patterns as quads of the union graph; floe's operators would read them
            // as triples of the active graph, the real default graph: ARQ evaluates such a query as written
            return op;
        }
        SpatialJoinTransform transform = new SpatialJoinTransform(context);
        return Transformer.transform(transform, op, new OpVisitorBase() {
            @Override
            public void visit(OpGraph opGraph) {
                transform.insideGraph++;
            }
        }, new OpVisitorBase() {
            @Override
            public void visit(OpGraph opGraph) {
                transform.insideGraph--;
            }
        });
    }

    /**
     * How many {@code GRAPH} blocks enclose the operator being transformed. Inside one nothing is rewritten: TDB2
     * evaluates a GRAPH block by turning its patterns into quad patterns of that graph, but floe's operators evaluate
     * their patterns as triples of the query's active graph (the default graph there), so they would read the wrong graph.
     */
    private int insideGraph;

    @Override
    public Op transform(OpFilter opFilter, Op sub) {
        if (insideGraph > 0) {
            return super.transform(opFilter, sub);
        }
        List<Expr> conjuncts = conjuncts(opFilter.getExprs());
        for (Expr e : conjuncts) {
            Op join = relationJoin(opFilter, sub, conjuncts, e);
            if (join == null) {
                join = distanceJoin(opFilter, sub, e);
            }
            if (join != null) {
                return join;
            }
        }
        for (Expr e : conjuncts) {
            Op selection = relationSelection(opFilter, sub, e);
            if (selection != null) {
                return selection;
            }
        }
        for (Expr e : conjuncts) {
            Op selection = distanceSelection(opFilter, sub, e);
            if (selection != null) {
                return selection;
            }
        }
        return super.transform(opFilter, sub);
    }

    /**
     * The GeoSPARQL relation of a filter function IRI that a join can answer from envelope candidates: every
     * relation that implies the geometries intersect (floe-geo's {@link Relation#impliesIntersection()}). The
     * disjoint ones (sfDisjoint, ehDisjoint, rcc8dc) do not, and keep ARQ's own evaluation. Null for any other IRI.
     */
    static Relation envelopeBoundFunction(String iri) {
        return Relation.ofFunction(iri).filter(Relation::impliesIntersection).orElse(null);
    }

    /** As {@link #envelopeBoundFunction}, for the IRI of a GeoSPARQL property function. */
    static Relation envelopeBoundProperty(String iri) {
        return Relation.ofProperty(iri).filter(r -> r.functionIri() != null && r.impliesIntersection()).orElse(null);
    }

    /** {@code geof:rel(?x, ?y)} between two unconnected parts of the pattern; null when {@code e} is not one. */
    private static Op relationJoin(OpFilter opFilter, Op sub, List<Expr> conjuncts, Expr e) {
        if (!(e instanceof E_Function f) || envelopeBoundFunction(f.getFunctionIRI()) == null
                || f.getArgs().size() != 2 || !f.getArg(1).isVariable() || !f.getArg(2).isVariable()) {
            return null;
        }
        Var x = f.getArg(1).asVar();
        Var y = f.getArg(2).asVar();
        List<List<Op>> parts = x.equals(y) ? null : split(sub, x, y);
        if (parts == null) {
            return null;
        }
        Relation relation = envelopeBoundFunction(f.getFunctionIRI());
        ExprList others = new ExprList();
        for (Expr c : conjuncts) {
            if (c != e) {
                others.add(c);
            }
        }
        return new OpSpatialJoin(opFilter, combine(parts.get(0)), combine(parts.get(1)), restOf(parts),
                opFilter.getExprs(), others, x, y, relation);
    }

    /** {@code geof:distance(?x, ?y, units) < d} between two unconnected parts of the pattern; else null. */
    private static Op distanceJoin(OpFilter opFilter, Op sub, Expr e) {
        DistanceCondition c = DistanceCondition.of(e);
        if (c == null || !c.first().isVariable() || !c.second().isVariable()) {
            return null;
        }
        Var x = c.first().asVar();
        Var y = c.second().asVar();
        List<List<Op>> parts = x.equals(y) ? null : split(sub, x, y);
        if (parts == null) {
            return null;
        }
        return OpDistanceJoin.join(opFilter, combine(parts.get(0)), combine(parts.get(1)), restOf(parts),
                opFilter.getExprs(), x, y, c);
    }

    /**
     * {@code geof:distance(?x, "geometry", units) < d} (either way round) over a pattern; else null. The whole
     * pattern is one side and the constant the other.
     */
    private static Op distanceSelection(OpFilter opFilter, Op sub, Expr e) {
        DistanceCondition c = DistanceCondition.of(e);
        if (c == null || !flatten(sub, new ArrayList<>())) {
            return null;
        }
        Expr variable = c.first().isVariable() ? c.first() : c.second();
        Expr constant = c.first().isVariable() ? c.second() : c.first();
        if (!variable.isVariable() || !constant.isConstant() || !constant.getConstant().isLiteral()) {
            return null;
        }
        return OpDistanceJoin.selection(opFilter, sub, opFilter.getExprs(), variable.asVar(),
                constant.getConstant().asNode(), c);
    }

    /**
     * {@code geof:rel(?w, "geometry")} (either way round, a relation implying intersection) over a pattern in which a
     * triple or a path ending in {@code geo:asWKT} binds ?w; else null.
     */
    private static Op relationSelection(OpFilter opFilter, Op sub, Expr e) {
        if (!(e instanceof E_Function f) || envelopeBoundFunction(f.getFunctionIRI()) == null || f.getArgs().size() != 2) {
            return null;
        }
        Expr first = f.getArg(1);
        Expr second = f.getArg(2);
        Expr variable = first.isVariable() ? first : second;
        Expr constant = first.isVariable() ? second : first;
        List<Op> units = new ArrayList<>();
        if (!variable.isVariable() || !constant.isConstant() || !constant.getConstant().isLiteral() || !flatten(sub, units)) {
            return null;
        }
        Var w = variable.asVar();
        if (units.stream().noneMatch(u -> objectOfAsWkt(u, w))) {
            return null;
        }
        List<Triple> bounding = new ArrayList<>();
        for (Op unit : units) {
            if (unit instanceof OpTriple t && t.getTriple().getPredicate().isURI()
                    && (t.getTriple().getSubject().isConcrete() != t.getTriple().getObject().isConcrete())) {
                bounding.add(t.getTriple());
            }
        }
        return new OpSpatialSelection(opFilter, sub, bounding, opFilter.getExprs(), w, constant.getConstant().asNode());
    }

    /** Whether the unit is {@code ?s geo:asWKT ?w} or a path ending in geo:asWKT to ?w: ?w is then a geo:asWKT object. */
    private static boolean objectOfAsWkt(Op unit, Var w) {
        if (unit instanceof OpTriple t) {
            return t.getTriple().getObject().equals(w) && t.getTriple().getPredicate().equals(Geo.AS_WKT_NODE);
        }
        if (unit instanceof OpPath p && p.getTriplePath().getObject().equals(w)) {
            Path path = p.getTriplePath().getPath();
            while (path instanceof P_Seq seq) {
                path = seq.getRight();
            }
            return path instanceof P_Link link && link.getNode().equals(Geo.AS_WKT_NODE);
        }
        return false;
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

    /** The parts of a flattenable pattern as {@link #partition} splits them; null where it does not apply. */
    private static List<List<Op>> split(Op sub, Var x, Var y) {
        List<Op> units = new ArrayList<>();
        return flatten(sub, units) ? partition(units, x, y) : null;
    }

    private static Op restOf(List<List<Op>> parts) {
        return parts.get(2).isEmpty() ? null : combine(parts.get(2));
    }

    /**
     * The property-function form: a triple {@code ?x geo:rel ?y} whose two variables are otherwise bound by
     * unconnected parts of the pattern. ARQ would evaluate the property function once per row of one part,
     * each time searching the whole spatial index and testing every spatial object found, of any kind.
     */
    @Override
    public Op transform(OpBGP opBGP) {
        if (insideGraph > 0) {
            return super.transform(opBGP);
        }
        List<Triple> triples = opBGP.getPattern().getList();
        for (Triple t : triples) {
            Node p = t.getPredicate();
            if (!p.isURI() || envelopeBoundProperty(p.getURI()) == null || !t.getSubject().isVariable()
                    || !t.getObject().isVariable() || t.getSubject().equals(t.getObject())
                    || !properties.isRegistered(p.getURI())) {
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
                        restOf(parts), x, y, p);
            }
        }
        Triple selection = constantSelection(triples);
        if (selection != null && triples.get(0) != selection) {
            BasicPattern first = new BasicPattern();
            first.add(selection);
            triples.stream().filter(t -> t != selection).forEach(first::add);
            return new OpBGP(first);
        }
        return super.transform(opBGP);
    }

    /**
     * The first triple {@code ?x geo:rel "geometry"} of a pattern (a relation implying intersection, a constant
     * geometry literal as object): ARQ evaluates a basic pattern's property function where it is written, so behind
     * {@code ?x a ex:Place} it tests the constant against every place, where first it searches the spatial index
     * with the constant's envelope and the other triples then check the few resources found. A basic pattern is a
     * conjunction: the order changes the work, not the answers. Null where there is none.
     */
    private Triple constantSelection(List<Triple> triples) {
        for (Triple t : triples) {
            Node p = t.getPredicate();
            if (p.isURI() && envelopeBoundProperty(p.getURI()) != null && t.getSubject().isVariable()
                    && t.getObject().isLiteral() && properties.isRegistered(p.getURI())) {
                return t;
            }
        }
        return null;
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
