package dev.floe.store.spatialjoin;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

import org.apache.jena.atlas.io.IndentedWriter;
import org.apache.jena.geosparql.implementation.vocabulary.Geo;
import org.apache.jena.geosparql.spatial.SpatialIndex;
import org.apache.jena.geosparql.spatial.SpatialIndexException;
import org.apache.jena.geosparql.spatial.index.v2.SpatialIndexLib;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;



import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.engine.iterator.QueryIterPlainWrapper;
import org.apache.jena.sparql.engine.iterator.QueryIterProcessBinding;
import org.apache.jena.sparql.engine.iterator.QueryIterRepeatApply;
import org.apache.jena.sparql.engine.main.QC;
import org.apache.jena.sparql.expr.ExprList;
import org.apache.jena.sparql.serializer.SerializationContext;

import org.apache.jena.util.iterator.ExtendedIterator;
import org.locationtech.jts.geom.Envelope;

import dev.floe.store.SpatialIndexItems;

/**
 * {@code FILTER(geof:rel(?w, "geometry"^^geo:wktLiteral))} (either way round, for every relation that implies the
 * two geometries intersect) over a pattern in which {@code ?w} is the object of {@code geo:asWKT}, answered from the
 * store's spatial index as PostGIS answers {@code ST_Within(geom, constant)} (the index's {@code &&} first): the
 * index gives the geometry resources whose envelope meets the constant's, the pattern is evaluated once per
 * {@code geo:asWKT} literal of those resources with {@code ?w} bound to it (TDB2 finds its rows through its object
 * index), and every row is judged by the original filter expressions, calling the same functions. A row whose
 * literal the index did not give has an envelope disjoint from the constant's, so the relation cannot hold for it:
 * the answers are exactly those of ARQ's filter over the whole pattern, which reads every row. Where the pattern has
 * fewer rows than the index finds resources (countries in a box full of places), the pattern is read whole instead
 * and only rows whose literal the index found go to the filter.
 *
 * <p>Evaluated as that plain filter where the store has no floe spatial index (jena-geosparql's own index holds
 * features only), or the constant is not a geometry on WGS84 lon/lat, the index's reference system.
 */
final class OpSpatialSelection extends IndexedOp {

    private final Op pattern;
    /** The pattern's triples with two constants and one variable: each bounds the rows a scan of the pattern reads. */
    private final List<Triple> bounding;
    private final ExprList filters;
    private final Var w;
    private final Node constant;

    OpSpatialSelection(Op original, Op pattern, List<Triple> bounding, ExprList filters, Var w, Node constant) {
        super("floe:spatialSelection", original);
        this.bounding = List.copyOf(bounding);
        this.pattern = pattern;
        this.filters = filters;
        this.w = w;
        this.constant = constant;
    }


    @Override
    public QueryIterator eval(QueryIterator input, ExecutionContext cxt) {
        Envelope searched = SearchArea.lonLat(constant);
        SpatialIndex index = floeIndex(cxt);
        Op optimised = Algebra.optimize(pattern, cxt.getContext());
        QueryIterator rows;
        if (searched == null || searched.isNull() || index == null) {
            rows = QC.execute(optimised, input, cxt); // the filter as ARQ evaluates it: every row of the pattern
        } else {
            Collection<Node> resources = index.query(searched, SpatialIndexLib.unwrapGraphName(cxt.getActiveGraph()));
            Set<Node> literals = literals(resources, cxt);
            SpatialJoinStats stats = cxt.getContext().get(SpatialJoinStats.SYMBOL);
            OpSpatialJoin.countJoin(stats, 0, 1);
            OpSpatialJoin.countCandidates(stats, literals.size());
            if (scanIsSmaller(cxt, resources.size())) {
                OpSpatialJoin.countScan(stats);
                rows = new QueryIterProcessBinding(QC.execute(optimised, input, cxt), cxt) {
                    @Override
                    public Binding accept(Binding row) {
                        return literals.contains(row.get(w)) ? row : null;
                    }
                };
            } else {
                rows = new QueryIterRepeatApply(QueryIterPlainWrapper.create(bindings(input, literals), cxt), cxt) {
                    @Override
                    protected QueryIterator nextStage(Binding binding) {
                        OpSpatialJoin.checkCancelled(cxt);
                        return QC.execute(optimised, binding, cxt);
                    }
                };
            }
        }
        return new QueryIterProcessBinding(rows, cxt) {
            @Override
            public Binding accept(Binding row) {
                return filters.isSatisfied(row, cxt) ? row : null;
            }
        };
    }

    /**
     * Whether reading the pattern's rows costs less than looking up the found resources' rows one by one: where one
     * of its triples with two constants ({@code ?p a ex:Country}) has fewer than half as many matches as the index
     * found resources (features and geometries, about two per geometry; each geometry found costs three B+tree
     * lookups, each row read two). Countries meeting a box full of places: 177 countries read, not thousands of places
     * looked up. Counting stops at that bound, so it costs at most what it saves.
     */
    private boolean scanIsSmaller(ExecutionContext cxt, int found) {
        long bound = found / 2;
        for (Triple t : bounding) {
            long n = 0;
            ExtendedIterator<Triple> it = cxt.getActiveGraph().find(t.getSubject().isVariable() ? Node.ANY : t.getSubject(),
                    t.getPredicate(), t.getObject().isVariable() ? Node.ANY : t.getObject());
            try {
                while (n < bound && it.hasNext()) {
                    it.next();
                    n++;
                }
            } finally {
                it.close();
            }
            if (n < bound) {
                return true;
            }
        }
        return false;
    }

    /** The store's own index (every geometry resource in it, not only features); null where there is none. */
    private static SpatialIndex floeIndex(ExecutionContext cxt) {
        if (!SpatialIndexLib.isDefined(cxt)) {
            return null;
        }
        try {
            SpatialIndex index = SpatialIndexLib.require(cxt);
            return SpatialIndexItems.holdsGeometryResources(index) ? index : null;
        } catch (SpatialIndexException e) {
            return null;
        }
    }

    /**
     * The geo:asWKT literals of the resources, each once (looked up through {@link SpatialObjectLookup}: remembered
     * per committed state of the store).
     */
    private static Set<Node> literals(Collection<Node> resources, ExecutionContext cxt) {
        SpatialObjectLookup lookup = SpatialObjectLookup.of(cxt);
        Set<Node> out = new LinkedHashSet<>();
        for (Node r : resources) {
            out.addAll(lookup.objects(r, Geo.AS_WKT_NODE));
        }
        return out;
    }

    /**
     * Each input row with {@code ?w} bound to each literal, lazily; a row that binds ?w already keeps it where it is
     * among the literals and is dropped otherwise.
     */
    private Iterator<Binding> bindings(QueryIterator input, Set<Node> literals) {
        return new Iterator<>() {
            private Binding parent;
            private Iterator<Node> next = List.<Node>of().iterator();
            private Binding pending;

            @Override
            public boolean hasNext() {
                while (pending == null) {
                    if (next.hasNext()) {
                        pending = BindingFactory.binding(parent, w, next.next());
                    } else if (input.hasNext()) {
                        parent = input.next();
                        Node bound = parent.get(w);
                        if (bound != null) {
                            next = List.<Node>of().iterator();
                            if (literals.contains(bound)) {
                                pending = parent;
                            }
                        } else {
                            next = literals.iterator();
                        }
                    } else {
                        input.close();
                        return false;
                    }
                }
                return true;
            }

            @Override
            public Binding next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Binding b = pending;
                pending = null;
                return b;
            }
        };
    }


    @Override
    public void outputArgs(IndentedWriter out, SerializationContext sCxt) {
        out.print("?" + w.getVarName() + " " + constant + " " + filters);
    }


}
