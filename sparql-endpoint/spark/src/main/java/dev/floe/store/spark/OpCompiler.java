package dev.floe.store.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.op.OpAssign;
import org.apache.jena.sparql.algebra.op.OpBGP;
import org.apache.jena.sparql.algebra.op.OpConditional;
import org.apache.jena.sparql.algebra.op.OpDisjunction;
import org.apache.jena.sparql.algebra.op.OpDistinct;
import org.apache.jena.sparql.algebra.op.OpExtend;
import org.apache.jena.sparql.algebra.op.OpFilter;
import org.apache.jena.sparql.algebra.OpVars;
import org.apache.jena.sparql.algebra.op.Op2;
import org.apache.jena.sparql.algebra.op.OpGraph;
import org.apache.jena.sparql.algebra.op.OpMinus;
import org.apache.jena.sparql.algebra.op.OpN;
import org.apache.jena.sparql.algebra.op.OpGroup;
import org.apache.jena.sparql.algebra.op.OpJoin;
import org.apache.jena.sparql.algebra.op.OpLeftJoin;
import org.apache.jena.sparql.algebra.op.OpOrder;
import org.apache.jena.sparql.algebra.op.OpProject;
import org.apache.jena.sparql.algebra.op.OpReduced;
import org.apache.jena.sparql.algebra.op.OpSequence;
import org.apache.jena.sparql.algebra.op.OpTable;
import org.apache.jena.sparql.algebra.op.OpUnion;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.core.VarExprList;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.expr.E_Exists;
import org.apache.jena.sparql.expr.E_Function;
import org.apache.jena.sparql.expr.E_LogicalNot;
import org.apache.jena.sparql.expr.E_NotExists;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprAggregator;
import org.apache.jena.sparql.expr.ExprFunctionOp;
import org.apache.jena.sparql.expr.ExprList;
import org.apache.jena.sparql.util.ExprUtils;
import org.apache.jena.sparql.expr.ExprVisitorBase;
import org.apache.jena.sparql.algebra.walker.Walker;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.expr.aggregate.AggCount;
import org.apache.jena.sparql.expr.aggregate.AggCountVar;
import org.apache.jena.sparql.expr.aggregate.AggCountVarDistinct;
import org.apache.jena.sparql.expr.aggregate.AggGroupConcat;
import org.apache.jena.sparql.expr.aggregate.AggGroupConcatDistinct;
import org.apache.jena.sparql.expr.aggregate.AggAvg;
import org.apache.jena.sparql.expr.aggregate.AggMax;
import org.apache.jena.sparql.expr.aggregate.AggMin;
import org.apache.jena.sparql.expr.aggregate.AggSample;
import org.apache.jena.sparql.expr.aggregate.AggSum;
import org.apache.jena.sparql.expr.aggregate.Aggregator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;

import dev.floe.geo.GeoSparqlIris;
import dev.floe.geo.Relation;

/**
 * Compiles Jena's algebra of a query's pattern into Spark operations over the store's predicate tables (a
 * {@link Frame} per operator): a triple pattern is a scan of its predicate's table (a variable predicate the union of
 * all), a BGP the joins of its connected parts, OPTIONAL a left outer join with its filter in the join condition,
 * UNION a union by variable, FILTER and BIND Jena's own evaluation on the executors ({@link Evaluation}), GROUP BY
 * Spark's aggregation, MINUS a left anti join, FILTER (NOT) EXISTS a left semi (anti) join where that equals SPARQL's
 * substitution, GRAPH a scan of the tables' graph column (a graph variable joins every triple pattern inside). GeoSPARQL relations as triple patterns ({@code ?a geo:sfWithin ?b}) between features (by
 * geo:hasDefaultGeometry/geo:asWKT) or geometries, and geof: relation filters between the geometry literals of two
 * parts of a BGP, become Sedona spatial joins (ST_Intersects on the stored geometries, for every relation that implies
 * an intersection) followed by floe's exact DE-9IM test; a relation filter against a constant geometry becomes a
 * bbox filter that Spark pushes down to the GeoParquet row groups, then the exact test. Whatever it cannot translate
 * exactly it refuses with {@link UnsupportedQueryException}.
 */
final class OpCompiler {

    private static final String HAS_DEFAULT_GEOMETRY = GeoSparqlIris.HAS_DEFAULT_GEOMETRY;
    private static final String AS_WKT = GeoSparqlIris.AS_WKT;
    private static final String XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer";
    /** Namespaces of Jena's property functions (text, spatial, list ...), which no table answers. */
    private static final List<String> MAGIC = List.of("http://jena.apache.org/", "http://www.jena.hpl.hp.com/ARQ/",
            "http://jena.hpl.hp.com/ARQ/");

    private final SparkStore store;
    private int fresh;
    /**
     * The graph the patterns being compiled match (GRAPH's IRI or variable); null outside GRAPH, the default graph
     * as the TDB2 store has it: the triples loaded without a graph, not the union of the named graphs.
     */
    private Node graph;

    OpCompiler(SparkStore store) {
        this.store = store;
    }

    Frame compile(Op op) {
        if (op instanceof OpBGP bgp) {
            return bgp(bgp.getPattern().getList(), List.of());
        }
        if (op instanceof OpFilter f) {
            List<Expr> plain = new ArrayList<>();
            List<Expr> exists = new ArrayList<>();
            for (Expr e : f.getExprs()) {
                (existence(e) != null ? exists : plain).add(e);
            }
            checkExprs(plain, "FILTER");
            Frame in = f.getSubOp() instanceof OpBGP bgp ? bgp(bgp.getPattern().getList(), plain) : compile(f.getSubOp());
            if (!(f.getSubOp() instanceof OpBGP)) {
                for (Expr e : plain) {
                    in = filter(in, e);
                }
            }
            for (Expr e : exists) {
                in = exists(in, existence(e));
            }
            return in;
        }
        if (op instanceof OpMinus m) {
            return minus(compile(m.getLeft()), compile(m.getRight()));
        }
        if (op instanceof OpJoin j) {
            return join(compile(j.getLeft()), compile(j.getRight()));
        }
        if (op instanceof OpSequence s) {
            Frame out = null;
            for (Op e : s.getElements()) {
                out = out == null ? compile(e) : join(out, compile(e));
            }
            return out == null ? unit() : out;
        }
        if (op instanceof OpLeftJoin lj) {
            List<Expr> exprs = lj.getExprs() == null ? List.of() : lj.getExprs().getList();
            checkExprs(exprs, "OPTIONAL's FILTER");
            return leftJoin(compile(lj.getLeft()), compile(lj.getRight()), exprs);
        }
        if (op instanceof OpConditional c) {
            return leftJoin(compile(c.getLeft()), compile(c.getRight()), List.of());
        }
        if (op instanceof OpUnion u) {
            return union(compile(u.getLeft()), compile(u.getRight()));
        }
        if (op instanceof OpDisjunction d) {
            Frame out = null;
            for (Op e : d.getElements()) {
                out = out == null ? compile(e) : union(out, compile(e));
            }
            return out;
        }
        if (op instanceof OpExtend x) {
            return extend(compile(x.getSubOp()), x.getVarExprList());
        }
        if (op instanceof OpAssign a) {
            return extend(compile(a.getSubOp()), a.getVarExprList());
        }
        if (op instanceof OpProject p) {
            if (graph != null && graph.isVariable()) {
                // evaluated once per graph, its own ?g apart from the graph's name: not a pattern over quads
                throw new UnsupportedQueryException("a sub-query inside GRAPH " + graph);
            }
            return compile(p.getSubOp()).project(p.getVars());
        }
        if (op instanceof OpDistinct d) {
            return distinct(compile(d.getSubOp()));
        }
        if (op instanceof OpReduced r) {
            return distinct(compile(r.getSubOp()));
        }
        if (op instanceof OpOrder o) {
            // an ORDER BY inside a sub-query without LIMIT/OFFSET does not change the solutions
            return compile(o.getSubOp());
        }
        if (op instanceof OpGroup g) {
            if (graph != null && graph.isVariable()) {
                throw new UnsupportedQueryException("a sub-query inside GRAPH " + graph);
            }
            return group(compile(g.getSubOp()), g.getGroupVars(), g.getAggregators());
        }
        if (op instanceof OpTable t) {
            return table(t);
        }
        if (op instanceof OpGraph g) {
            return graph(g);
        }
        throw new UnsupportedQueryException(describe(op));
    }

    /**
     * GRAPH: the inner pattern's triple patterns match the quads of that graph; with a variable, of every named
     * graph (not the default graph), the variable bound to the graph's name and shared by all of them. Jena's
     * {@code <urn:x-arq:UnionGraph>} is the union of the named graphs (a triple in several counted once) and
     * {@code <urn:x-arq:DefaultGraph>} the default graph, as in the TDB2 store.
     */
    private Frame graph(OpGraph g) {
        Node saved = graph;
        graph = g.getNode();
        try {
            Frame f = compile(g.getSubOp());
            if (graph.isVariable() && !f.vars().contains(Var.alloc(graph))) {
                throw new UnsupportedQueryException("GRAPH " + graph + " around a pattern without triple patterns");
            }
            return f;
        } finally {
            graph = saved;
        }
    }

    /**
     * A predicate's table in the current graph: columns s, o, geometry, bbox, and g where the graph is a variable
     * (then only named graphs' quads).
     */
    private Dataset<Row> inGraph(String predicateIri) {
        if (graph == null || Quad.isDefaultGraph(graph)) {
            return store.table(predicateIri);
        }
        Dataset<Row> quads = store.quadTable(predicateIri);
        if (graph.isVariable()) {
            return quads.where(col("g").isNotNull());
        }
        if (Quad.isUnionGraph(graph)) {
            return quads.where(col("g").isNotNull()).dropDuplicates("s", "o").drop("g");
        }
        if (!graph.isURI()) {
            throw new UnsupportedQueryException("GRAPH " + graph);
        }
        return quads.where(col("g").equalTo(Terms.encode(graph))).drop("g");
    }

    private static String describe(Op op) {
        return switch (op.getName()) {
            case "slice" -> "LIMIT or OFFSET inside a sub-query";
            case "graph" -> "GRAPH";
            case "service" -> "SERVICE";
            case "path" -> "property paths other than sequences and inverses (" + op.toString().strip() + ")";
            case "propfunc" -> "property functions";
            default -> "the SPARQL algebra operator '" + op.getName() + "'";
        };
    }

    // ---- MINUS and FILTER (NOT) EXISTS -----------------------------------------------------------------------

    /** A FILTER's EXISTS { pattern } (negated for NOT EXISTS and !EXISTS); null for any other expression. */
    private record Existence(Op pattern, boolean negated) {
    }

    private static Existence existence(Expr e) {
        boolean negated = false;
        if (e instanceof E_LogicalNot not) {
            negated = true;
            e = not.getArg();
        }
        if (e instanceof E_Exists x) {
            return new Existence(x.getGraphPattern(), negated);
        }
        if (e instanceof E_NotExists x) {
            return new Existence(x.getGraphPattern(), !negated);
        }
        return null;
    }

    /**
     * FILTER EXISTS as a left semi join, NOT EXISTS as a left anti join, on compatibility over the shared variables
     * (an unbound value compatible with any). SPARQL evaluates the pattern with each row's values substituted; the
     * join is the same answer for patterns of triple patterns, joins, UNION, GRAPH and FILTERs over variables the
     * pattern itself binds, and the engine refuses the others (OPTIONAL, MINUS, BIND, sub-queries, VALUES, and FILTERs
     * that read a variable of the row), where substitution changes what the pattern matches.
     */
    private Frame exists(Frame in, Existence x) {
        checkSubstitutable(x.pattern(), x.negated() ? "NOT EXISTS" : "EXISTS");
        Frame r = compile(x.pattern());
        return semiJoin(in, r, x.negated() ? "left_anti" : "left_semi", false);
    }

    private static void checkSubstitutable(Op op, String where) {
        if (op instanceof OpBGP) {
            return;
        }
        if (op instanceof OpJoin || op instanceof OpUnion) {
            checkSubstitutable(((Op2) op).getLeft(), where);
            checkSubstitutable(((Op2) op).getRight(), where);
            return;
        }
        if (op instanceof OpSequence || op instanceof OpDisjunction) {
            for (Op e : ((OpN) op).getElements()) {
                checkSubstitutable(e, where);
            }
            return;
        }
        if (op instanceof OpGraph g) {
            checkSubstitutable(g.getSubOp(), where);
            return;
        }
        if (op instanceof OpFilter f) {
            Set<Var> bound = OpVars.fixedVars(f.getSubOp());
            for (Expr e : f.getExprs()) {
                if (existence(e) != null || !bound.containsAll(e.getVarsMentioned())) {
                    throw new UnsupportedQueryException(where + " { ... } with a FILTER (" + ExprUtils.fmtSPARQL(e)
                            + ") over variables its own triple patterns do not bind");
                }
            }
            checkSubstitutable(f.getSubOp(), where);
            return;
        }
        String name = switch (op.getName()) {
            case "leftjoin", "conditional" -> "OPTIONAL";
            case "extend", "assign" -> "BIND";
            case "table" -> "VALUES";
            case "minus" -> "MINUS";
            case "project", "group", "distinct", "reduced", "order", "slice" -> "a sub-query";
            default -> "'" + op.getName() + "'";
        };
        throw new UnsupportedQueryException(where + " { ... } with " + name + " inside");
    }

    /**
     * MINUS: the left rows without a compatible right row that shares a bound variable with it (SPARQL's rule: a
     * right row with no variable bound in common removes nothing), as a left anti join.
     */
    private Frame minus(Frame l, Frame r) {
        Set<Var> shared = new LinkedHashSet<>(l.vars());
        shared.retainAll(r.vars());
        if (shared.isEmpty()) {
            return l;
        }
        return semiJoin(l, r, "left_anti", true);
    }

    /**
     * The left rows with (left_semi) or without (left_anti) a compatible right row; with {@code sharingOne} the
     * right row must also have a shared variable bound where the left row has it bound.
     */
    private Frame semiJoin(Frame l, Frame r, String kind, boolean sharingOne) {
        Set<Var> shared = new LinkedHashSet<>(l.vars());
        shared.retainAll(r.vars());
        r = r.withoutGeometry(r.geometries());
        Dataset<Row> rows;
        boolean certain = true;
        for (Var v : shared) {
            certain &= !l.maybeUnbound().contains(v) && !r.maybeUnbound().contains(v);
        }
        if (shared.isEmpty()) {
            rows = l.rows().join(r.rows().limit(1).select(lit(1).as("__any")), lit(true), kind);
        } else if (certain) {
            List<String> using = shared.stream().map(Frame::col).toList();
            Dataset<Row> keys = r.rows().select(using.stream().map(functions::col).toArray(Column[]::new));
            rows = l.rows().join(keys, scala.collection.JavaConverters.asScalaBuffer(using).toSeq(), kind);
        } else {
            List<Column> keys = new ArrayList<>();
            for (Var v : shared) {
                keys.add(col(Frame.col(v)).as(Frame.col(v) + "__r"));
            }
            Dataset<Row> rr = r.rows().select(keys.toArray(Column[]::new));
            Column on = compatible(l, r, shared);
            if (sharingOne) {
                Column one = lit(false);
                for (Var v : shared) {
                    one = one.or(col(Frame.col(v)).isNotNull().and(col(Frame.col(v) + "__r").isNotNull()));
                }
                on = on.and(one);
            }
            rows = l.rows().join(rr, on, kind);
        }
        return new Frame(rows, l.vars(), l.maybeUnbound(), l.geometries());
    }

    // ---- basic graph patterns -------------------------------------------------------------------------------

    /** A spatial relation between two variables, from a triple pattern (features or geometries) or a filter (literals). */
    private record SpatialLink(Var a, Relation relation, Var b, boolean objects) {
    }

    private Frame bgp(List<Triple> triples, List<Expr> filters) {
        List<Triple> plain = new ArrayList<>();
        List<SpatialLink> links = new ArrayList<>();
        List<Frame> parts = new ArrayList<>();
        Set<Var> constants = new HashSet<>();
        for (Triple t : triples) {
            Node p = t.getPredicate();
            if (p.isURI()) {
                for (String ns : MAGIC) {
                    if (p.getURI().startsWith(ns)) {
                        throw new UnsupportedQueryException("the property function <" + p.getURI() + ">");
                    }
                }
                Optional<Relation> rel = Relation.ofProperty(p.getURI());
                if (rel.isPresent() && rel.get().family() != Relation.Family.FLOE) {
                    if (graph != null) {
                        throw new UnsupportedQueryException("GeoSPARQL relation properties (geo:" + rel.get().localName() + ") inside GRAPH");
                    }
                    links.add(new SpatialLink(endpoint(t.getSubject(), parts, constants), rel.get(),
                            endpoint(t.getObject(), parts, constants), true));
                    continue;
                }
            }
            plain.add(t);
        }
        for (Triple t : plain) {
            parts.add(scan(t));
            mergeConnected(parts);
        }
        List<Expr> rest = new ArrayList<>();
        for (Expr e : filters) {
            Optional<Relation> rel = e instanceof E_Function f ? Relation.ofFunction(f.getFunctionIRI()) : Optional.empty();
            if (rel.isPresent() && ((E_Function) e).numArgs() == 2 && e.getFunction().getArg(1).isVariable()
                    && e.getFunction().getArg(2).isVariable()) {
                Var a = e.getFunction().getArg(1).asVar();
                Var b = e.getFunction().getArg(2).asVar();
                Frame fa = partOf(parts, a);
                Frame fb = partOf(parts, b);
                if (fa != null && fb != null && fa != fb && fa.geometries().contains(a) && fb.geometries().contains(b)
                        && !fa.maybeUnbound().contains(a) && !fb.maybeUnbound().contains(b)) {
                    links.add(new SpatialLink(a, rel.get(), b, false));
                    continue;
                }
            }
            rest.add(e);
        }
        for (SpatialLink link : links) {
            spatial(parts, link);
        }
        Frame out = null;
        for (Frame f : parts) {
            out = out == null ? f : join(out, f);
        }
        if (out == null) {
            out = unit();
        }
        if (!constants.isEmpty()) {
            List<Var> keep = new ArrayList<>(out.vars());
            keep.removeAll(constants);
            out = out.project(keep);
        }
        for (Expr e : rest) {
            out = filter(out, e);
        }
        return out;
    }

    /** The variable of a spatial triple's subject or object; a constant IRI becomes a fresh variable fixed to it. */
    private Var endpoint(Node n, List<Frame> parts, Set<Var> constants) {
        if (n.isVariable()) {
            return Var.alloc(n);
        }
        if (!n.isURI() && !n.isBlank()) {
            throw new UnsupportedQueryException("a GeoSPARQL relation with a literal as subject or object (" + n + ")");
        }
        Var v = Var.alloc("__c" + fresh++);
        Frame objects = spatialObjects(v);
        parts.add(new Frame(objects.rows().where(col(Frame.col(v)).equalTo(Terms.encode(n))).drop(Frame.col(v) + "__so"),
                Set.of(v), Set.of(), Set.of()));
        constants.add(v);
        return v;
    }

    private static Frame partOf(List<Frame> parts, Var v) {
        for (Frame f : parts) {
            if (f.vars().contains(v)) {
                return f;
            }
        }
        return null;
    }

    /** Joins the last part with every earlier part it shares a variable with. */
    private void mergeConnected(List<Frame> parts) {
        Frame last = parts.remove(parts.size() - 1);
        for (int i = 0; i < parts.size(); ) {
            Set<Var> shared = new HashSet<>(parts.get(i).vars());
            shared.retainAll(last.vars());
            if (!shared.isEmpty()) {
                last = join(parts.remove(i), last);
            } else {
                i++;
            }
        }
        parts.add(last);
    }

    /** A triple pattern as a scan of its predicate's table (of all tables for a variable predicate). */
    private Frame scan(Triple t) {
        Node s = t.getSubject();
        Node p = t.getPredicate();
        Node o = t.getObject();
        if (p.isVariable()) {
            Dataset<Row> all = null;
            boolean named = graph != null && graph.isVariable();
            for (String iri : store.predicates()) {
                Dataset<Row> one = inGraph(iri);
                one = one.select(col("s"), lit(Terms.encode(org.apache.jena.graph.NodeFactory.createURI(iri))).as("p"), col("o"),
                        named ? col("g") : lit(null).cast("string").as("g"));
                all = all == null ? one : all.unionAll(one);
            }
            if (all == null) {
                all = store.spark().createDataFrame(List.of(), new StructType(new StructField[] {
                    DataTypes.createStructField("s", DataTypes.StringType, false),
                    DataTypes.createStructField("p", DataTypes.StringType, false),
                    DataTypes.createStructField("o", DataTypes.StringType, false),
                    DataTypes.createStructField("g", DataTypes.StringType, true)}));
            }
            return positions(all, s, p, o, false);
        }
        if (!p.isURI()) {
            throw new UnsupportedQueryException("a triple pattern whose predicate is " + p);
        }
        return positions(inGraph(p.getURI()), s, null, o, AS_WKT.equals(p.getURI()));
    }

    private Frame positions(Dataset<Row> table, Node s, Node p, Node o, boolean geometry) {
        Dataset<Row> t = table;
        List<Column> cols = new ArrayList<>();
        Set<Var> vars = new LinkedHashSet<>();
        Set<Var> geoms = new LinkedHashSet<>();
        List<String> nameList = new ArrayList<>(p == null ? List.of("s", "o") : List.of("s", "p", "o"));
        List<Node> nodeList = new ArrayList<>(p == null ? List.of(s, o) : List.of(s, p, o));
        if (graph != null && graph.isVariable()) {
            // the graph's variable is a fourth position, so a pattern's triples join on it
            nameList.add("g");
            nodeList.add(graph);
        }
        String[] names = nameList.toArray(String[]::new);
        Node[] nodes = nodeList.toArray(Node[]::new);
        for (int i = 0; i < nodes.length; i++) {
            Node n = nodes[i];
            if (n.isVariable() || n.isBlank()) {
                Var v = n.isVariable() ? Var.alloc(n) : Var.alloc("__b" + n.getBlankNodeLabel());
                if (vars.contains(v)) {
                    t = t.where(col(names[i]).equalTo(col(names[indexOf(nodes, n)])));
                    continue;
                }
                vars.add(v);
                cols.add(col(names[i]).as(Frame.col(v)));
                if (geometry && "o".equals(names[i])) {
                    cols.add(col("geometry").as(Frame.geom(v)));
                    cols.add(col("bbox").as(Frame.bbox(v)));
                    geoms.add(v);
                }
            } else {
                t = t.where(col(names[i]).equalTo(Terms.encode(n)));
            }
        }
        if (cols.isEmpty()) {
            // a pattern without variables: one empty solution if it matches, none otherwise
            return new Frame(t.limit(1).select(lit(1).as("__one")).drop("__one"), Set.of(), Set.of(), Set.of());
        }
        return new Frame(t.select(cols.toArray(Column[]::new)), vars, Set.of(), geoms);
    }

    private static int indexOf(Node[] nodes, Node n) {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i].equals(n)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The spatial objects as GeoSPARQL's relation properties see them, as column v and its CRS84 geometry
     * {@code COL__so}: every feature with its geo:hasDefaultGeometry's geo:asWKT, and every geometry with its
     * geo:asWKT.
     */
    private Frame spatialObjects(Var v) {
        String c = Frame.col(v);
        Dataset<Row> hd = store.table(HAS_DEFAULT_GEOMETRY).select(col("s").as("f"), col("o").as("gn"));
        Dataset<Row> wkt = store.table(AS_WKT).select(col("s").as("gs"), col("geometry").as("gg"));
        Dataset<Row> features = hd.join(wkt, hd.col("gn").equalTo(wkt.col("gs"))).select(col("f").as(c), col("gg").as(c + "__so"));
        Dataset<Row> geometries = wkt.select(col("gs").as(c), col("gg").as(c + "__so"));
        return new Frame(features.unionAll(geometries), Set.of(v), Set.of(), Set.of());
    }

    /**
     * Adds a spatial relation between two variables to the parts: from the store's precomputed table of the relation
     * where it has a current one, else as a Sedona spatial join or a filter.
     */
    private void spatial(List<Frame> parts, SpatialLink link) {
        if (link.objects() && !link.a().equals(link.b()) && precomputed(parts, link)) {
            return;
        }
        String ga;
        String gb;
        Frame fa = partOf(parts, link.a());
        if (fa != null) {
            parts.remove(fa);
        }
        if (link.objects()) {
            fa = withObjectGeometry(fa, link.a());
            ga = Frame.col(link.a()) + "__so";
        } else {
            ga = Frame.geom(link.a());
        }
        Frame fb = partOf(parts, link.b());
        boolean same = fb == null && fa.vars().contains(link.b());
        if (fb != null) {
            parts.remove(fb);
        }
        Frame joined;
        if (same) {
            joined = link.objects() ? withObjectGeometry(fa, link.b()) : fa;
        } else {
            if (link.objects()) {
                fb = withObjectGeometry(fb, link.b());
            }
            if (link.a().equals(link.b())) {
                joined = fa;
            } else {
                Column on = link.relation().impliesIntersection()
                        ? functions.call_function("ST_Intersects", col(ga), col(link.objects() ? Frame.col(link.b()) + "__so" : Frame.geom(link.b())))
                        : lit(true);
                Set<Var> vars = new LinkedHashSet<>(fa.vars());
                vars.addAll(fb.vars());
                Set<Var> maybe = new LinkedHashSet<>(fa.maybeUnbound());
                maybe.addAll(fb.maybeUnbound());
                Set<Var> geoms = new LinkedHashSet<>(fa.geometries());
                geoms.addAll(fb.geometries());
                joined = new Frame(fa.rows().join(fb.rows(), on), vars, maybe, geoms);
            }
        }
        gb = link.objects() ? Frame.col(link.b()) + "__so" : Frame.geom(link.b());
        Dataset<Row> rows = joined.rows().where(functions.udf(new Udfs.Holds(link.relation()), DataTypes.BooleanType)
                .apply(col(ga), col(gb)));
        if (link.objects()) {
            rows = rows.drop(ga, gb);
        }
        parts.add(new Frame(rows, joined.vars(), joined.maybeUnbound(), joined.geometries()));
    }

    /**
     * A relation between two spatial objects answered from its precomputed (a, b) table ({@code floe spark links}),
     * joined by term with the parts binding either end: equal joins instead of a spatial join and a DE-9IM test per
     * pair. False (nothing done) when the store has no current table for the relation, or both ends are in one part.
     */
    private boolean precomputed(List<Frame> parts, SpatialLink link) {
        Optional<Dataset<Row>> table = store.precomputed(link.relation());
        Frame fa = partOf(parts, link.a());
        Frame fb = partOf(parts, link.b());
        if (table.isEmpty() || (fa != null && fa == fb)) {
            return false;
        }
        for (Frame f : new Frame[] {fa, fb}) {
            if (f != null && (f.maybeUnbound().contains(link.a()) || f.maybeUnbound().contains(link.b()))) {
                throw new UnsupportedQueryException("a GeoSPARQL relation on a variable that may be unbound");
            }
        }
        String a = Frame.col(link.a());
        String b = Frame.col(link.b());
        Dataset<Row> rows = table.get().select(col("a").as(a), col("b").as(b));
        Set<Var> vars = new LinkedHashSet<>(List.of(link.a(), link.b()));
        Set<Var> maybe = new LinkedHashSet<>();
        Set<Var> geoms = new LinkedHashSet<>();
        for (Frame f : new Frame[] {fa, fb}) {
            if (f == null) {
                continue;
            }
            parts.remove(f);
            String on = f == fa ? a : b;
            rows = f.rows().join(rows, scala.collection.JavaConverters.asScalaBuffer(List.of(on)).toSeq(), "inner");
            vars.addAll(f.vars());
            maybe.addAll(f.maybeUnbound());
            geoms.addAll(f.geometries());
        }
        parts.add(new Frame(rows, vars, maybe, geoms));
        return true;
    }

    /** The frame (null: every spatial object) joined with the geometry of the spatial object bound to {@code v}. */
    private Frame withObjectGeometry(Frame f, Var v) {
        Frame objects = spatialObjects(v);
        if (f == null) {
            return objects;
        }
        if (f.maybeUnbound().contains(v)) {
            throw new UnsupportedQueryException("a GeoSPARQL relation on a variable that may be unbound (" + v + ")");
        }
        String c = Frame.col(v);
        Dataset<Row> rows = f.rows().join(objects.rows(), scala.collection.JavaConverters.asScalaBuffer(List.of(c)).toSeq(), "inner");
        return new Frame(rows, f.vars(), f.maybeUnbound(), f.geometries());
    }

    // ---- filters, joins, unions ---------------------------------------------------------------------------

    private Frame filter(Frame in, Expr e) {
        if (e instanceof E_Function f && f.numArgs() == 2) {
            Optional<Relation> rel = Relation.ofFunction(f.getFunctionIRI());
            if (rel.isPresent()) {
                Expr a = f.getArg(1);
                Expr b = f.getArg(2);
                if (a.isVariable() && b.isConstant() && in.geometries().contains(a.asVar())) {
                    return constantRelation(in, rel.get(), a.asVar(), b.getConstant(), false);
                }
                if (b.isVariable() && a.isConstant() && in.geometries().contains(b.asVar())) {
                    return constantRelation(in, rel.get(), b.asVar(), a.getConstant(), true);
                }
                if (a.isVariable() && b.isVariable() && in.geometries().contains(a.asVar()) && in.geometries().contains(b.asVar())) {
                    Dataset<Row> rows = in.rows().where(functions.udf(new Udfs.Holds(rel.get()), DataTypes.BooleanType)
                            .apply(col(Frame.geom(a.asVar())), col(Frame.geom(b.asVar()))));
                    return new Frame(rows, in.vars(), in.maybeUnbound(), in.geometries());
                }
            }
        }
        List<Var> vars = new ArrayList<>(e.getVarsMentioned());
        Evaluation eval = new Evaluation(e, vars);
        Column test = functions.udf(new Udfs.Filter(eval), DataTypes.BooleanType).apply(functions.array(in.columns(vars)));
        return new Frame(in.rows().where(test), in.vars(), in.maybeUnbound(), in.geometries());
    }

    /**
     * A relation against a constant geometry: the bbox overlap (for relations that imply an intersection), which
     * Spark pushes down to the GeoParquet row-group statistics of the bbox column, then the exact test.
     */
    private Frame constantRelation(Frame in, Relation rel, Var v, NodeValue constant, boolean constantFirst) {
        Geometry g;
        try {
            g = GeofFunctions.geometry(constant, rel.functionIri());
        } catch (RuntimeException e) {
            // not a geometry: false for every row, as Jena's evaluation would be
            return new Frame(in.rows().where(lit(false)), in.vars(), in.maybeUnbound(), in.geometries());
        }
        Dataset<Row> rows = in.rows();
        Envelope e = g.getEnvelopeInternal();
        if (rel.impliesIntersection()) {
            if (e.isNull()) {
                return new Frame(rows.where(lit(false)), in.vars(), in.maybeUnbound(), in.geometries());
            }
            String b = Frame.bbox(v);
            rows = rows.where(col(b + ".xmax").geq(e.getMinX()).and(col(b + ".xmin").leq(e.getMaxX()))
                    .and(col(b + ".ymax").geq(e.getMinY())).and(col(b + ".ymin").leq(e.getMaxY())));
        }
        rows = rows.where(functions.udf(new Udfs.HoldsWithConstant(rel, new WKBWriter(2).write(g), constantFirst),
                DataTypes.BooleanType).apply(col(Frame.geom(v))));
        return new Frame(rows, in.vars(), in.maybeUnbound(), in.geometries());
    }

    /** SPARQL's join: on the shared variables, where an unbound value is compatible with any. */
    Frame join(Frame l, Frame r) {
        Set<Var> shared = new LinkedHashSet<>(l.vars());
        shared.retainAll(r.vars());
        Set<Var> dropGeoms = new HashSet<>(r.geometries());
        dropGeoms.retainAll(l.geometries());
        r = r.withoutGeometry(dropGeoms);
        Set<Var> vars = new LinkedHashSet<>(l.vars());
        vars.addAll(r.vars());
        Set<Var> geoms = new LinkedHashSet<>(l.geometries());
        geoms.addAll(r.geometries());
        Set<Var> maybe = new LinkedHashSet<>();
        for (Var v : vars) {
            boolean inL = l.vars().contains(v);
            boolean inR = r.vars().contains(v);
            if ((!inL || l.maybeUnbound().contains(v)) && (!inR || r.maybeUnbound().contains(v))) {
                maybe.add(v);
            }
        }
        if (shared.isEmpty()) {
            return new Frame(l.rows().crossJoin(r.rows()), vars, maybe, geoms);
        }
        boolean certain = true;
        for (Var v : shared) {
            certain &= !l.maybeUnbound().contains(v) && !r.maybeUnbound().contains(v);
        }
        if (certain) {
            List<String> using = shared.stream().map(Frame::col).toList();
            return new Frame(l.rows().join(r.rows(), scala.collection.JavaConverters.asScalaBuffer(using).toSeq(), "inner"),
                    vars, maybe, geoms);
        }
        Dataset<Row> rr = renameShared(r, shared);
        Dataset<Row> joined = l.rows().join(rr, compatible(l, r, shared), "inner");
        return new Frame(coalesceShared(joined, shared), vars, maybe, geoms);
    }

    private static Dataset<Row> renameShared(Frame r, Set<Var> shared) {
        Dataset<Row> rr = r.rows();
        for (Var v : shared) {
            rr = rr.withColumnRenamed(Frame.col(v), Frame.col(v) + "__r");
        }
        return rr;
    }

    private static Column compatible(Frame l, Frame r, Set<Var> shared) {
        Column on = lit(true);
        for (Var v : shared) {
            Column a = col(Frame.col(v));
            Column b = col(Frame.col(v) + "__r");
            Column eq = a.equalTo(b);
            if (l.maybeUnbound().contains(v)) {
                eq = eq.or(a.isNull());
            }
            if (r.maybeUnbound().contains(v)) {
                eq = eq.or(b.isNull());
            }
            on = on.and(eq);
        }
        return on;
    }

    private static Dataset<Row> coalesceShared(Dataset<Row> joined, Set<Var> shared) {
        for (Var v : shared) {
            String c = Frame.col(v);
            joined = joined.withColumn(c, functions.coalesce(col(c), col(c + "__r"))).drop(c + "__r");
        }
        return joined;
    }

    /** OPTIONAL: a left outer join on compatibility and the OPTIONAL's filter, evaluated over both sides. */
    private Frame leftJoin(Frame l, Frame r, List<Expr> exprs) {
        Set<Var> shared = new LinkedHashSet<>(l.vars());
        shared.retainAll(r.vars());
        Set<Var> dropGeoms = new HashSet<>(r.geometries());
        dropGeoms.retainAll(l.geometries());
        r = r.withoutGeometry(dropGeoms);
        Dataset<Row> rr = renameShared(r, shared);
        Column on = compatible(l, r, shared);
        for (Expr e : exprs) {
            List<Var> vs = new ArrayList<>(e.getVarsMentioned());
            Column[] cols = new Column[vs.size()];
            for (int i = 0; i < cols.length; i++) {
                Var v = vs.get(i);
                String c = Frame.col(v);
                cols[i] = shared.contains(v) ? functions.coalesce(col(c), col(c + "__r"))
                        : l.vars().contains(v) || r.vars().contains(v) ? col(c) : lit(null).cast("string");
            }
            on = on.and(functions.udf(new Udfs.Filter(new Evaluation(e, vs)), DataTypes.BooleanType).apply(functions.array(cols)));
        }
        Dataset<Row> joined = l.rows().join(rr, on, "left_outer");
        Set<Var> vars = new LinkedHashSet<>(l.vars());
        vars.addAll(r.vars());
        Set<Var> maybe = new LinkedHashSet<>(l.maybeUnbound());
        for (Var v : r.vars()) {
            if (!l.vars().contains(v)) {
                maybe.add(v);
            }
        }
        Set<Var> geoms = new LinkedHashSet<>(l.geometries());
        geoms.addAll(r.geometries());
        return new Frame(coalesceShared(joined, shared), vars, maybe, geoms);
    }

    private Frame union(Frame l, Frame r) {
        Set<Var> keepGeoms = new HashSet<>(l.geometries());
        keepGeoms.retainAll(r.geometries());
        Set<Var> dropL = new HashSet<>(l.geometries());
        dropL.removeAll(keepGeoms);
        Set<Var> dropR = new HashSet<>(r.geometries());
        dropR.removeAll(keepGeoms);
        l = l.withoutGeometry(dropL);
        r = r.withoutGeometry(dropR);
        Set<Var> vars = new LinkedHashSet<>(l.vars());
        vars.addAll(r.vars());
        Set<Var> maybe = new LinkedHashSet<>(l.maybeUnbound());
        maybe.addAll(r.maybeUnbound());
        for (Var v : vars) {
            if (!l.vars().contains(v) || !r.vars().contains(v)) {
                maybe.add(v);
            }
        }
        Dataset<Row> rows = withNulls(l, vars).unionByName(withNulls(r, vars));
        return new Frame(rows, vars, maybe, keepGeoms);
    }

    private static Dataset<Row> withNulls(Frame f, Set<Var> vars) {
        Dataset<Row> rows = f.rows();
        for (Var v : vars) {
            if (!f.vars().contains(v)) {
                rows = rows.withColumn(Frame.col(v), lit(null).cast("string"));
            }
        }
        return rows;
    }

    private Frame extend(Frame in, VarExprList exprs) {
        Frame out = in;
        for (Var v : exprs.getVars()) {
            Expr e = exprs.getExpr(v);
            checkExprs(List.of(e), "BIND");
            if (out.vars().contains(v)) {
                throw new UnsupportedQueryException("BIND to a variable that is already bound (" + v + ")");
            }
            Column c;
            boolean maybe = true;
            if (e.isVariable()) {
                c = out.column(e.asVar());
                maybe = !out.vars().contains(e.asVar()) || out.maybeUnbound().contains(e.asVar());
            } else if (e.isConstant()) {
                c = lit(Terms.encode(e.getConstant().asNode()));
                maybe = false;
            } else {
                List<Var> vs = new ArrayList<>(e.getVarsMentioned());
                c = functions.udf(new Udfs.Value(new Evaluation(e, vs)), DataTypes.StringType).apply(functions.array(out.columns(vs)));
            }
            Set<Var> vars = new LinkedHashSet<>(out.vars());
            vars.add(v);
            Set<Var> maybeUnbound = new LinkedHashSet<>(out.maybeUnbound());
            if (maybe) {
                maybeUnbound.add(v);
            }
            out = new Frame(out.rows().withColumn(Frame.col(v), c), vars, maybeUnbound, out.geometries());
        }
        return out;
    }

    Frame distinct(Frame in) {
        Frame f = in.withoutGeometry(in.geometries());
        List<String> cols = f.vars().stream().map(Frame::col).toList();
        Dataset<Row> rows = cols.isEmpty() ? f.rows().limit(1) : f.rows().dropDuplicates(cols.toArray(String[]::new));
        return new Frame(rows, f.vars(), f.maybeUnbound(), Set.of());
    }

    // ---- GROUP BY and aggregates ---------------------------------------------------------------------------

    private Frame group(Frame in, VarExprList groupVars, List<ExprAggregator> aggregators) {
        Frame f = in.withoutGeometry(in.geometries());
        for (Var v : groupVars.getVars()) {
            if (groupVars.getExpr(v) != null) {
                VarExprList one = new VarExprList();
                one.add(v, groupVars.getExpr(v));
                f = extend(f, one);
            }
        }
        List<Column> keys = new ArrayList<>();
        for (Var v : groupVars.getVars()) {
            keys.add(f.column(v).as(Frame.col(v)));
        }
        List<Column> aggs = new ArrayList<>();
        Set<Var> maybe = new LinkedHashSet<>();
        for (ExprAggregator ea : aggregators) {
            aggs.add(aggregate(f, ea.getAggregator()).as(Frame.col(ea.getVar())));
            maybe.add(ea.getVar());
        }
        for (Var v : groupVars.getVars()) {
            if (!f.vars().contains(v) || f.maybeUnbound().contains(v)) {
                maybe.add(v);
            }
        }
        Dataset<Row> rows;
        if (aggs.isEmpty()) {
            rows = f.rows().select(keys.toArray(Column[]::new)).distinct();
        } else {
            rows = f.rows().groupBy(keys.toArray(Column[]::new)).agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
        }
        Set<Var> vars = new LinkedHashSet<>(groupVars.getVars());
        aggregators.forEach(ea -> vars.add(ea.getVar()));
        return new Frame(rows, vars, maybe, Set.of());
    }

    private Column aggregate(Frame f, Aggregator agg) {
        if (agg instanceof AggCount) {
            return integer(functions.count(lit(1)));
        }
        if (agg instanceof AggCountVar c) {
            return integer(functions.count(argument(f, c.getExprList(), "COUNT")));
        }
        if (agg instanceof AggCountVarDistinct c) {
            return integer(functions.countDistinct(argument(f, c.getExprList(), "COUNT(DISTINCT)")));
        }
        if (agg instanceof AggSample s) {
            return functions.first(argument(f, s.getExprList(), "SAMPLE"), true);
        }
        if (agg instanceof AggGroupConcat || agg instanceof AggGroupConcatDistinct) {
            String sep = agg instanceof AggGroupConcat g ? g.getSeparator() : ((AggGroupConcatDistinct) agg).getSeparator();
            Column term = argument(f, agg.getExprList(), "GROUP_CONCAT");
            Column terms = agg instanceof AggGroupConcat ? functions.collect_list(term) : functions.collect_set(term);
            org.apache.spark.sql.expressions.UserDefinedFunction lexical = functions.udf(new Udfs.Lexical(), DataTypes.StringType);
            Column values = functions.transform(terms, t -> lexical.apply(t));
            // SPARQL leaves the order of the values open; sorted, the answer is the same on every run
            return functions.udf(new Udfs.StringLiteral(), DataTypes.StringType)
                    .apply(functions.array_join(functions.array_sort(values), sep == null ? " " : sep));
        }
        TermAggregator.Kind kind = agg instanceof AggSum ? TermAggregator.Kind.SUM : agg instanceof AggAvg ? TermAggregator.Kind.AVG
                : agg instanceof AggMin ? TermAggregator.Kind.MIN : agg instanceof AggMax ? TermAggregator.Kind.MAX : null;
        if (kind == null) {
            throw new UnsupportedQueryException("the aggregate " + agg.asSparqlExpr(null));
        }
        return functions.udaf(new TermAggregator(kind), org.apache.spark.sql.Encoders.STRING())
                .apply(argument(f, agg.getExprList(), kind.name()));
    }

    private static Column integer(Column count) {
        return functions.concat(lit("\""), count.cast("string"), lit("\"^^<" + XSD_INTEGER + ">"));
    }

    /** The single argument of an aggregate: a variable's column, or the expression's value. */
    private Column argument(Frame f, ExprList args, String name) {
        if (args == null || args.size() != 1) {
            throw new UnsupportedQueryException(name + " with " + (args == null ? 0 : args.size()) + " arguments");
        }
        Expr e = args.get(0);
        checkExprs(List.of(e), name);
        if (e.isVariable()) {
            return f.column(e.asVar());
        }
        List<Var> vs = new ArrayList<>(e.getVarsMentioned());
        return functions.udf(new Udfs.Value(new Evaluation(e, vs)), DataTypes.StringType).apply(functions.array(f.columns(vs)));
    }

    // ---- VALUES and the unit table ------------------------------------------------------------------------

    Frame unit() {
        return new Frame(store.spark().range(1).toDF().drop("id"), Set.of(), Set.of(), Set.of());
    }

    private Frame table(OpTable t) {
        if (t.isJoinIdentity()) {
            return unit();
        }
        List<Var> vars = t.getTable().getVars();
        List<Row> rows = new ArrayList<>();
        Set<Var> maybe = new LinkedHashSet<>();
        t.getTable().rows().forEachRemaining((Binding b) -> {
            Object[] values = new Object[vars.size()];
            for (int i = 0; i < values.length; i++) {
                Node n = b.get(vars.get(i));
                values[i] = Terms.encode(n);
                if (n == null) {
                    maybe.add(vars.get(i));
                }
            }
            rows.add(RowFactory.create(values));
        });
        StructField[] fields = vars.stream().map(v -> DataTypes.createStructField(Frame.col(v), DataTypes.StringType, true))
                .toArray(StructField[]::new);
        return new Frame(store.spark().createDataFrame(rows, new StructType(fields)), vars.isEmpty() ? Set.of() : new LinkedHashSet<>(vars), maybe, Set.of());
    }

    // ---- what the engine evaluates -------------------------------------------------------------------------

    /** Refuses expressions the engine cannot evaluate exactly: EXISTS, and functions neither standard nor floe's geof:. */
    static void checkExprs(List<Expr> exprs, String where) {
        for (Expr e : exprs) {
            Walker.walk(e, new ExprVisitorBase() {
                @Override
                public void visit(ExprFunctionOp op) {
                    throw new UnsupportedQueryException(where + " with " + op.getFunctionName(null).toUpperCase() + " { ... }");
                }

                @Override
                public void visit(org.apache.jena.sparql.expr.ExprFunction0 func) {
                    // NOW() is one instant per query and RAND(), UUID(), STRUUID() fresh per row: neither is what a
                    // per-row evaluation on the executors gives
                    throw new UnsupportedQueryException(where + " with " + func.getFunctionPrintName(null).toUpperCase(java.util.Locale.ROOT) + "()");
                }

                @Override
                public void visit(org.apache.jena.sparql.expr.ExprFunction1 func) {
                    if (func instanceof org.apache.jena.sparql.expr.Unstable) {
                        throw new UnsupportedQueryException(where + " with BNODE()");
                    }
                }

                @Override
                public void visit(org.apache.jena.sparql.expr.ExprFunctionN func) {
                    if (func instanceof org.apache.jena.sparql.expr.Unstable) {
                        throw new UnsupportedQueryException(where + " with BNODE()");
                    }
                    if (func instanceof E_Function f && !GeofFunctions.registry().isRegistered(f.getFunctionIRI())) {
                        throw new UnsupportedQueryException(where + " with the function <" + f.getFunctionIRI() + ">");
                    }
                }

                @Override
                public void visit(ExprAggregator eAgg) {
                }
            });
        }
    }
}
