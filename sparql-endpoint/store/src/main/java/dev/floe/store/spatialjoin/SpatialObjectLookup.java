package dev.floe.store.spatialjoin;

import java.util.ArrayList;
import java.util.List;

import org.apache.jena.atlas.lib.Cache;
import org.apache.jena.atlas.lib.CacheFactory;
import org.apache.jena.dboe.transaction.txn.Transaction;
import org.apache.jena.dboe.transaction.txn.TransactionalSystem;
import org.apache.jena.geosparql.implementation.access.AccessGeoSPARQL;
import org.apache.jena.geosparql.implementation.access.AccessWGS84;
import org.apache.jena.geosparql.implementation.vocabulary.Geo;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.ReadWrite;
import org.apache.jena.query.TxnType;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphWrapper;
import org.apache.jena.sparql.core.GraphView;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.sparql.util.Symbol;
import org.apache.jena.system.G;
import org.apache.jena.tdb2.store.DatasetGraphTDB;
import org.apache.jena.tdb2.sys.TDBInternal;

/**
 * What the property-function join looks up about each spatial object (its geometry literal, its asserted
 * relations), remembered for one committed state of a TDB2 store. A TDB2 read transaction sees exactly the data
 * of its data version, and every write commit makes a new version, so what one reader found holds for every
 * reader of that version and for no later one: the first reader of a new version starts afresh. Repeated joins
 * over unchanged data so skip three or four B+tree lookups per row. Lookups in write or promotable transactions,
 * by readers of an older version, on other kinds of dataset and on graphs that are not one of the store's own
 * graphs (a {@code FROM} dataset) go to the graph every time. What is remembered lives in the store's own dataset
 * context ({@link #remember(Context)}), never in a JVM-wide map: a query without it looks everything up.
 */
final class SpatialObjectLookup {

    /** At most this many answers per store are remembered (least recently used go first). */
    static final int MAX_ENTRIES = 100_000;
    /** Stands for "the geometry literal" in a key: not a predicate of the data. */
    private static final Node GEOMETRY_LITERAL = NodeFactory.createURI("urn:x-floe:spatial-object-geometry-literal");
    /** The store's {@link Memory} in its dataset context. */
    private static final Symbol MEMORY = Symbol.create("https://w3id.org/floe/ontology#spatialObjectMemory");

    private record Key(Node graph, Node subject, Node predicate) {
    }

    private record Generation(long version, Cache<Key, List<Node>> found) {
    }

    /** The answers remembered for the newest committed state one store's readers have seen. */
    private static final class Memory {
        private TransactionalSystem store;
        private Generation generation;

        /** The answers for {@code version}, or null for a reader of an older state or of another store. */
        synchronized Cache<Key, List<Node>> of(TransactionalSystem txnSystem, long version) {
            if (store == null) {
                store = txnSystem;
            } else if (store != txnSystem) {
                return null;
            }
            if (generation == null || generation.version() < version) {
                generation = new Generation(version, CacheFactory.createCache(MAX_ENTRIES));
            } else if (generation.version() > version) {
                return null; // an older reader: not the current state
            }
            return generation.found();
        }
    }

    /** Lets the queries of the dataset whose context this is remember lookups (once per store; idempotent). */
    static void remember(Context datasetContext) {
        synchronized (datasetContext) {
            if (datasetContext.get(MEMORY) == null) {
                datasetContext.set(MEMORY, new Memory());
            }
        }
    }

    private final Graph graph;
    /** The graph's name in keys; null with {@link #found}. */
    private final Node graphName;
    /** Null where nothing may be remembered. */
    private final Cache<Key, List<Node>> found;

    private SpatialObjectLookup(Graph graph, Node graphName, Cache<Key, List<Node>> found) {
        this.graph = graph;
        this.graphName = graphName;
        this.found = found;
    }

    /** The lookup for a query's active graph: remembering where the query reads a committed state of a TDB2 store. */
    static SpatialObjectLookup of(ExecutionContext cxt) {
        Graph graph = cxt.getActiveGraph();
        DatasetGraphTDB store = tdb(cxt.getDataset());
        if (store == null || !(graph instanceof GraphView view) || tdb(view.getDataset()) != store) {
            return new SpatialObjectLookup(graph, null, null);
        }
        TransactionalSystem txnSystem = store.getTxnSystem();
        Transaction txn = txnSystem.getThreadTransaction();
        if (txn == null || txn.getTxnType() != TxnType.READ || txn.getMode() != ReadWrite.READ) {
            return new SpatialObjectLookup(graph, null, null);
        }
        Memory memory = cxt.getContext() == null ? null : cxt.getContext().get(MEMORY);
        Cache<Key, List<Node>> found = memory == null ? null : memory.of(txnSystem, txn.getDataVersion());
        if (found == null) {
            return new SpatialObjectLookup(graph, null, null);
        }
        Node name = view.getGraphName() == null ? Quad.defaultGraphIRI : view.getGraphName();
        return new SpatialObjectLookup(graph, name, found);
    }

    /** Whether answers are remembered for this query (for tests). */
    boolean remembers() {
        return found != null;
    }

    /**
     * The geometry literal of a feature (its default geometry's), a geometry, or a geometry literal itself, found
     * as jena-geosparql finds it; null when the node is not a spatial object or an ambiguous one.
     */
    Node geometryLiteral(Node spatialObject) {
        if (spatialObject.isLiteral()) {
            return spatialObject;
        }
        List<Node> literal = remembered(spatialObject, GEOMETRY_LITERAL, () -> {
            Node n = findGeometryLiteral(graph, spatialObject);
            return n == null ? List.of() : List.of(n);
        });
        return literal.isEmpty() ? null : literal.get(0);
    }

    /** The objects of the asserted triples {@code subject predicate ?o}. */
    List<Node> objects(Node subject, Node predicate) {
        return remembered(subject, predicate, () -> {
            List<Node> objects = new ArrayList<>(1);
            graph.find(subject, predicate, Node.ANY).forEachRemaining(t -> objects.add(t.getObject()));
            return List.copyOf(objects);
        });
    }

    private List<Node> remembered(Node subject, Node predicate, java.util.function.Supplier<List<Node>> lookup) {
        if (found == null) {
            return lookup.get();
        }
        return found.get(new Key(graphName, subject, predicate), k -> lookup.get());
    }

    /** The steps of jena-geosparql's SpatialObjectGeometryLiteral.retrieve, which is not public. */
    private static Node findGeometryLiteral(Graph graph, Node spatialObject) {
        try {
            Node geometry = G.getSP(graph, spatialObject, Geo.HAS_DEFAULT_GEOMETRY_NODE);
            Node literal = AccessGeoSPARQL.getGeoLiteral(graph, geometry == null ? spatialObject : geometry);
            return literal != null ? literal : AccessWGS84.getGeoLiteral(graph, spatialObject);
        } catch (RuntimeException e) {
            return null; // not a spatial object, or an ambiguous one: no computed relation
        }
    }

    /** The TDB2 store under a dataset's wrappers (text index, change tracking), or null. */
    private static DatasetGraphTDB tdb(DatasetGraph dsg) {
        while (true) {
            if (dsg instanceof DatasetGraphTDB store) {
                return store;
            }
            if (dsg != null && TDBInternal.isTDB2(dsg)) {
                return TDBInternal.getDatasetGraphTDB(dsg);
            }
            if (!(dsg instanceof DatasetGraphWrapper wrapper)) {
                return null;
            }
            dsg = wrapper.getWrapped();
        }
    }
}
