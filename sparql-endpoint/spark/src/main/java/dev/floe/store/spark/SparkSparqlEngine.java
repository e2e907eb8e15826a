package dev.floe.store.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.ResultSet;
import org.apache.jena.query.SortCondition;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.lang.LabelToNode;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.Transformer;
import org.apache.jena.sparql.algebra.optimize.TransformMergeBGPs;
import org.apache.jena.sparql.algebra.optimize.TransformPathFlatten;
import org.apache.jena.sparql.algebra.op.OpDistinct;
import org.apache.jena.sparql.algebra.op.OpOrder;
import org.apache.jena.sparql.algebra.op.OpProject;
import org.apache.jena.sparql.algebra.op.OpReduced;
import org.apache.jena.sparql.algebra.op.OpSlice;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingBuilder;
import org.apache.jena.sparql.engine.binding.BindingComparator;
import org.apache.jena.sparql.exec.RowSetStream;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sparql.util.VarUtils;
import org.apache.jena.sparql.sse.SSE;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * SPARQL (SELECT, ASK and CONSTRUCT) over a {@link SparkStore}: the query is parsed and compiled to Jena's algebra on the
 * driver, the pattern runs as Spark SQL ({@link OpCompiler}), and only the final solutions are collected: with
 * ORDER BY and LIMIT, the top rows by Jena's own ordering ({@code takeOrdered}); with ORDER BY alone, a distributed
 * sort. Jena's algebra optimiser is not applied: its join strategies (sequence, conditional) substitute bindings
 * into the right side, which is index-nested-loop evaluation, not a join of two tables; Spark's optimiser places
 * the filters and chooses the joins instead. The answer is a Jena {@link ResultSet}, so floe's answer writers
 * (QueryAnswer) write it in every format.
 */
public final class SparkSparqlEngine {

    private final SparkStore store;

    public SparkSparqlEngine(SparkStore store) {
        this.store = store;
    }

    /** Parses a query; a syntax error is an {@link IllegalArgumentException} with Jena's message. */
    public static Query parse(String sparql) {
        try {
            return QueryFactory.create(sparql);
        } catch (QueryParseException e) {
            throw new IllegalArgumentException("not a SPARQL query: " + e.getMessage(), e);
        }
    }

    /** The answer of a SELECT query. */
    public ResultSet select(String sparql) {
        Query q = parse(sparql);
        if (q.isDescribeType()) {
            throw new UnsupportedQueryException("DESCRIBE queries (only SELECT, ASK and CONSTRUCT)");
        }
        if (!q.isSelectType()) {
            throw new IllegalArgumentException("not a SELECT query");
        }
        try {
            return select(q);
        } catch (Exception e) {
            throw unwrapped(e);
        }
    }

    /**
     * The {@link UnsupportedQueryException} a task threw (a value the engine finds only on the executors, such as
     * a GML literal in a geof: function), else the failure itself.
     */
    private static RuntimeException unwrapped(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedQueryException u) {
                return u;
            }
        }
        String m = e.getMessage();
        String marker = UnsupportedQueryException.class.getName() + ": ";
        int at = m == null ? -1 : m.indexOf(marker);
        if (at >= 0) {
            String rest = m.substring(at + marker.length());
            int end = rest.indexOf('\n');
            String construct = (end < 0 ? rest : rest.substring(0, end)).replaceFirst("^the Spark engine does not support ", "");
            return new UnsupportedQueryException(construct);
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException("the query failed: " + e.getMessage(), e);
    }

    /** The answer of an ASK query. */
    public boolean ask(String sparql) {
        Query q = parse(sparql);
        if (!q.isAskType()) {
            throw new IllegalArgumentException("not an ASK query");
        }
        try {
            Frame f = new OpCompiler(store).compile(algebra(q));
            return !f.rows().limit(1).isEmpty();
        } catch (Exception e) {
            throw unwrapped(e);
        }
    }

    ResultSet select(Query q) {
        Op op = algebra(q);
        return ResultSet.adapt(RowSetStream.create(projection(op, q.getProjectVars()), solutions(op, q.getProjectVars()).iterator()));
    }

    /** The variables a query's answer has: those of its outermost projection, else {@code vars}. */
    private static List<Var> projection(Op op, List<Var> vars) {
        if (op instanceof OpSlice s) {
            op = s.getSubOp();
        }
        if (op instanceof OpDistinct || op instanceof OpReduced) {
            op = ((org.apache.jena.sparql.algebra.op.Op1) op).getSubOp();
        }
        return op instanceof OpProject p ? p.getVars() : vars;
    }

    /**
     * The solutions of a query's algebra (with its slice, DISTINCT, projection and ORDER BY), collected on the
     * driver, as bindings of {@code projected} (unless the algebra projects itself).
     */
    private List<Binding> solutions(Op op, List<Var> projected) {
        long offset = -1;
        long limit = -1;
        boolean distinct = false;
        List<SortCondition> order = null;
        if (op instanceof OpSlice s) {
            offset = s.getStart();
            limit = s.getLength();
            op = s.getSubOp();
        }
        if (op instanceof OpDistinct d) {
            distinct = true;
            op = d.getSubOp();
        } else if (op instanceof OpReduced r) {
            distinct = true;
            op = r.getSubOp();
        }
        if (op instanceof OpProject p) {
            projected = p.getVars();
            op = p.getSubOp();
        }
        if (op instanceof OpOrder o) {
            order = o.getConditions();
            op = o.getSubOp();
        }
        OpCompiler compiler = new OpCompiler(store);
        Frame f = compiler.compile(op);
        long skip = Math.max(0, offset);
        List<Binding> out = new ArrayList<>();
        if (order == null) {
            Frame p = f.project(projected);
            if (distinct) {
                p = compiler.distinct(p);
            }
            Column[] cols = p.columns(projected);
            org.apache.spark.sql.Dataset<Row> rows = p.rows().select(cols);
            if (limit >= 0) {
                rows = rows.limit((int) Math.min(Integer.MAX_VALUE, skip + limit));
            }
            List<Row> collected = rows.collectAsList();
            for (int i = (int) Math.min(skip, collected.size()); i < collected.size(); i++) {
                out.add(binding(projected, collected.get(i)));
            }
        } else {
            Set<Var> needed = new LinkedHashSet<>(projected);
            for (SortCondition c : order) {
                OpCompiler.checkExprs(List.of(c.getExpression()), "ORDER BY");
                org.apache.jena.sparql.algebra.walker.Walker.walk(c.getExpression(), new org.apache.jena.sparql.expr.ExprVisitorBase() {
                    @Override
                    public void visit(org.apache.jena.sparql.expr.ExprFunctionN f) {
                        if (f instanceof org.apache.jena.sparql.expr.E_Function e && GeofFunctions.supported().contains(e.getFunctionIRI())) {
                            // Jena's comparator evaluates with the global function registry, which lacks them
                            throw new UnsupportedQueryException("ORDER BY with <" + e.getFunctionIRI() + "> (BIND its value, then order by the variable)");
                        }
                    }
                });
                needed.addAll(c.getExpression().getVarsMentioned());
            }
            if (distinct && !projected.containsAll(needed)) {
                throw new UnsupportedQueryException("DISTINCT with ORDER BY on a variable that is not selected");
            }
            List<Var> vars = new ArrayList<>(needed);
            Frame p = f.project(vars);
            if (distinct) {
                p = compiler.distinct(p);
            }
            JavaRDD<Row> rows = p.rows().select(p.columns(vars)).javaRDD();
            RowOrder cmp = new RowOrder(vars, order);
            List<Row> sorted;
            if (limit >= 0) {
                sorted = rows.takeOrdered((int) Math.min(Integer.MAX_VALUE, skip + limit), cmp);
            } else {
                sorted = rows.keyBy(r -> r).sortByKey(cmp, true).values().collect();
            }
            for (int i = (int) Math.min(skip, sorted.size()); i < sorted.size(); i++) {
                Binding b = binding(vars, sorted.get(i));
                BindingBuilder bb = BindingBuilder.create();
                for (Var v : projected) {
                    if (b.contains(v)) {
                        bb.add(v, b.get(v));
                    }
                }
                out.add(bb.build());
            }
        }
        return out;
    }

    /**
     * The answer of a CONSTRUCT query, as Jena's CONSTRUCT gives it: the template instantiated per solution (on the
     * executors, {@link ConstructTemplate}), duplicates removed (Spark's distinct on the N-Triples lines), the
     * triples collected into a graph. ORDER BY only matters with LIMIT or OFFSET; then the solutions are the top rows
     * collected as for SELECT, and the template is instantiated on the driver. A template with GRAPH (Jena's quad
     * extension) is refused.
     */
    public Graph construct(String sparql) {
        Query q = parse(sparql);
        if (!q.isConstructType()) {
            throw new IllegalArgumentException("not a CONSTRUCT query");
        }
        if (q.getConstructTemplate().containsRealQuad()) {
            throw new UnsupportedQueryException("GRAPH in a CONSTRUCT template");
        }
        try {
            return construct(q);
        } catch (Exception e) {
            throw unwrapped(e);
        }
    }

    private Graph construct(Query q) {
        List<Triple> template = q.getConstructTemplate().getTriples();
        Set<Var> mentioned = new LinkedHashSet<>();
        template.forEach(t -> VarUtils.addVarsFromTriple(mentioned, t));
        List<Var> vars = new ArrayList<>(mentioned);
        Op op = algebra(q);
        Graph g = GraphFactory.createDefaultGraph();
        if (op instanceof OpSlice) {
            ConstructTemplate instantiate = new ConstructTemplate(template, vars);
            List<Row> rows = new ArrayList<>();
            for (Binding b : solutions(op, vars)) {
                Object[] values = new Object[vars.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = Terms.encode(b.get(vars.get(i)));
                }
                rows.add(org.apache.spark.sql.RowFactory.create(values));
            }
            instantiate.call(rows.iterator()).forEachRemaining(line -> add(g, line));
            return g;
        }
        if (op instanceof OpOrder o) {
            op = o.getSubOp();
        }
        OpCompiler compiler = new OpCompiler(store);
        Frame p = compiler.compile(op).project(vars);
        List<String> lines = p.rows().select(p.columns(vars)).javaRDD()
                .mapPartitions(new ConstructTemplate(template, vars)).distinct().collect();
        lines.forEach(line -> add(g, line));
        return g;
    }

    private static void add(Graph g, String line) {
        RDFParser.fromString(line, Lang.NTRIPLES).labelToNode(LabelToNode.createUseLabelAsGiven()).parse(g);
    }

    /** The Spark plan of a query's pattern (below its ORDER BY, projection and slice), to see how it runs. */
    org.apache.spark.sql.Dataset<Row> pattern(String sparql) {
        Op op = algebra(parse(sparql));
        while (op instanceof OpSlice || op instanceof OpDistinct || op instanceof OpReduced || op instanceof OpProject
                || op instanceof OpOrder) {
            op = ((org.apache.jena.sparql.algebra.op.Op1) op).getSubOp();
        }
        return new OpCompiler(store).compile(op).rows();
    }

    /**
     * The query's algebra, with property paths that are sequences and inverses flattened to triple patterns and
     * adjacent basic graph patterns merged (so a BGP's spatial filter sees all its parts).
     */
    static Op algebra(Query q) {
        if (q.hasDatasetDescription()) {
            // the store's dataset is the one every query sees; GRAPH names a graph of it
            throw new UnsupportedQueryException("FROM and FROM NAMED");
        }
        Op op = Algebra.compile(q);
        op = Transformer.transform(new TransformPathFlatten(), op);
        return Transformer.transform(new TransformMergeBGPs(), op);
    }

    static Binding binding(List<Var> vars, Row r) {
        BindingBuilder b = BindingBuilder.create();
        for (int i = 0; i < vars.size(); i++) {
            String v = r.getString(i);
            if (v != null) {
                b.add(vars.get(i), Terms.decode(v));
            }
        }
        return b.build();
    }

    /** Rows in the order of ORDER BY, by Jena's own comparison of bindings (serialisable, for Spark's sort). */
    static final class RowOrder implements Comparator<Row>, Serializable {
        private static final long serialVersionUID = 1L;
        private final List<String> vars;
        private final List<String> exprs;
        private final List<Integer> directions;
        private transient BindingComparator comparator;
        private transient List<Var> varList;

        RowOrder(List<Var> vars, List<SortCondition> order) {
            this.vars = vars.stream().map(Var::getVarName).toList();
            this.exprs = order.stream().map(c -> SSE.str(c.getExpression())).toList();
            this.directions = order.stream().map(SortCondition::getDirection).toList();
        }

        @Override
        public int compare(Row a, Row b) {
            if (comparator == null) {
                List<SortCondition> conditions = new ArrayList<>();
                for (int i = 0; i < exprs.size(); i++) {
                    Expr e = SSE.parseExpr(exprs.get(i));
                    conditions.add(new SortCondition(e, directions.get(i)));
                }
                comparator = new BindingComparator(conditions);
                varList = vars.stream().map(Var::alloc).toList();
            }
            return comparator.compare(binding(varList, a), binding(varList, b));
        }
    }
}
