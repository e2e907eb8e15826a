package dev.floe.store.spatialjoin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.apache.jena.atlas.io.IndentedWriter;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;



import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.iterator.QueryIterPlainWrapper;
import org.apache.jena.sparql.engine.iterator.QueryIterProcessBinding;
import org.apache.jena.sparql.engine.main.QC;
import org.apache.jena.sparql.expr.ExprList;
import org.apache.jena.sparql.serializer.SerializationContext;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * {@code FILTER(geof:distance(?x, ?y, units) < d)} answered from envelopes, as PostGIS answers ST_DWithin:
 * <ul>
 * <li>a join, where ?x and ?y are bound by otherwise unconnected patterns: the pattern binding ?y is evaluated
 *     once and its geometries put in an STR-tree by envelope; each row of the pattern binding ?x searches it with
 *     its own envelope grown by d ({@link SearchArea}); patterns connected to neither are joined afterwards;</li>
 * <li>a selection, where one side is a constant geometry: each row of the pattern is measured only where its
 *     envelope meets the constant's grown by d.</li>
 * </ul>
 * The grown envelopes only leave out pairs that cannot satisfy the condition; every other pair is decided by the
 * original filter expressions, calling the same geof:distance, so the answers are exactly those of ARQ's nested
 * loop. Geometries not on WGS84 lon/lat ({@link SearchArea#lonLat}) are measured against every row.
 */
final class OpDistanceJoin extends IndexedOp {

    private final Op left;
    /** The pattern binding {@code y}; null in a selection. */
    private final Op right;
    private final Op rest;
    /** The constant geometry of a selection; null in a join. */
    private final Node constant;
    private final ExprList filters;
    private final Var x;
    private final Var y;
    private final DistanceCondition condition;

    private OpDistanceJoin(Op original, Op left, Op right, Op rest, Node constant, ExprList filters, Var x, Var y,
                           DistanceCondition condition) {
        super("floe:distanceJoin", original);
        this.left = left;
        this.right = right;
        this.rest = rest;
        this.constant = constant;
        this.filters = filters;
        this.x = x;
        this.y = y;
        this.condition = condition;
    }

    /** The join of {@code left} (binding x) and {@code right} (binding y), then {@code rest} (may be null). */
    static OpDistanceJoin join(Op original, Op left, Op right, Op rest, ExprList filters, Var x, Var y,
                               DistanceCondition condition) {
        return new OpDistanceJoin(original, left, right, rest, null, filters, x, y, condition);
    }

    /** The rows of {@code pattern} whose {@code x} is within the distance of the constant geometry. */
    static OpDistanceJoin selection(Op original, Op pattern, ExprList filters, Var x, Node constant,
                                    DistanceCondition condition) {
        return new OpDistanceJoin(original, pattern, null, null, constant, filters, x, null, condition);
    }


    @Override
    public QueryIterator eval(QueryIterator input, ExecutionContext cxt) {
        SpatialJoinStats stats = cxt.getContext().get(SpatialJoinStats.SYMBOL);
        double arc = condition.arcDegrees();
        if (constant != null) {
            return select(input, arc, cxt, stats);
        }
        List<Binding> parents = new ArrayList<>();
        input.forEachRemaining(parents::add);
        input.close();
        List<Binding> out = new ArrayList<>();
        for (Binding parent : parents) {
            join(parent, arc, cxt, stats, out);
        }
        return QueryIterPlainWrapper.create(out.iterator(), cxt);
    }

    private void join(Binding parent, double arc, ExecutionContext cxt, SpatialJoinStats stats, List<Binding> out) {
        List<Binding> rightRows = OpSpatialJoin.rows(right, parent, cxt);
        STRtree index = new STRtree();
        List<Binding> unindexed = new ArrayList<>();
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        for (Binding row : rightRows) {
            Envelope e = SearchArea.lonLat(row.get(y));
            if (e == null) {
                unindexed.add(row);
            } else {
                index.insert(e, row);
                minX = Math.min(minX, e.getMinX());
                maxX = Math.max(maxX, e.getMaxX());
            }
        }
        List<Binding> leftRows = OpSpatialJoin.rows(left, parent, cxt);
        OpSpatialJoin.countJoin(stats, leftRows.size(), rightRows.size());
        for (Binding l : leftRows) {
            OpSpatialJoin.checkCancelled(cxt);
            Envelope e = SearchArea.lonLat(l.get(x));
            Collection<Binding> candidates = e == null ? rightRows
                    : candidates(index, SearchArea.around(e, arc).searches(minX, maxX), unindexed);
            OpSpatialJoin.countCandidates(stats, candidates.size());
            for (Binding r : candidates) {
                if (Algebra.compatible(l, r)) {
                    emit(Algebra.merge(l, r), cxt, out);
                }
            }
        }
    }

    /** The indexed rows found by the searches, each once, and every unindexed row. */
    @SuppressWarnings("unchecked")
    private static Collection<Binding> candidates(STRtree index, List<Envelope> searches, List<Binding> unindexed) {
        if (searches.size() == 1 && unindexed.isEmpty()) {
            return index.query(searches.get(0));
        }
        Set<Binding> found = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Envelope s : searches) {
            found.addAll(index.query(s));
        }
        found.addAll(unindexed);
        return found;
    }

    /**
     * The selection streams, as the filter it replaces: each row of the pattern is passed to the filter only where
     * its geometry is not on WGS84 lon/lat or its envelope meets the constant's grown one.
     */
    private QueryIterator select(QueryIterator input, double arc, ExecutionContext cxt, SpatialJoinStats stats) {
        Envelope c = SearchArea.lonLat(constant);
        SearchArea area = c == null ? null : SearchArea.around(c, arc);
        OpSpatialJoin.countJoin(stats, 0, 1);
        QueryIterator rows = QC.execute(Algebra.optimize(left, cxt.getContext()), input, cxt);
        return new QueryIterProcessBinding(rows, cxt) {
            @Override
            public Binding accept(Binding row) {
                if (stats != null) {
                    stats.leftRows.incrementAndGet();
                }
                Envelope e = area == null ? null : SearchArea.lonLat(row.get(x));
                if (e != null && !area.meets(e)) {
                    return null;
                }
                OpSpatialJoin.countCandidates(stats, 1);
                return filters.isSatisfied(row, cxt) ? row : null;
            }
        };
    }

    /** Adds a row to the answer, joined with the unconnected rest of the pattern, where the filters hold. */
    private void emit(Binding row, ExecutionContext cxt, List<Binding> out) {
        if (rest == null) {
            OpSpatialJoin.keep(row, filters, cxt, out);
        } else {
            QueryIterator more = QC.execute(rest, row, cxt);
            more.forEachRemaining(b -> OpSpatialJoin.keep(b, filters, cxt, out));
            more.close();
        }
    }


    @Override
    public void outputArgs(IndentedWriter out, SerializationContext sCxt) {
        out.print("?" + x.getVarName() + " " + (y == null ? constant : "?" + y.getVarName()) + " " + filters);
    }


}
