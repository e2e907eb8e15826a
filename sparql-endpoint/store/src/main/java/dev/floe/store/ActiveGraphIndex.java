package dev.floe.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.jena.geosparql.implementation.SRSInfo;
import org.apache.jena.geosparql.implementation.access.AccessGeoSPARQL;
import org.apache.jena.geosparql.implementation.vocabulary.Geo;
import org.apache.jena.geosparql.implementation.vocabulary.SpatialExtension;
import org.apache.jena.geosparql.spatial.SpatialIndex;
import org.apache.jena.geosparql.spatial.SpatialIndexConstants;
import org.apache.jena.geosparql.spatial.index.v2.SpatialIndexLib;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.query.QueryBuildException;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.NamedGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.graph.GraphReadOnly;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.sparql.util.FmtUtils;
import org.locationtech.jts.geom.Envelope;

/**
 * The store's spatial index as a property function evaluated in one active graph must search it, so that the
 * property function answers as its GeoSPARQL rewrite (the triple patterns and FILTER in its place) does.
 *
 * <p>jena-geosparql asks the index for the graph named by the active graph, and for any active graph that is not one
 * of the store's own graphs (the merge of a query's FROM graphs, a FROM NAMED graph behind a read-only view) it asks
 * for the default graph's entries: a property function then answered from the wrong graph, mostly nothing. Here:
 * <ul>
 * <li>one of the store's graphs (GRAPH &lt;g&gt;, each graph of GRAPH ?g, the default graph): that graph's tree, as
 * jena-geosparql asks it (no change, no cost);</li>
 * <li>the union graph: the named graphs' trees, plus the features that link in the active graph to a geometry found
 * there (a feature whose geometry node sits in another graph is in no graph's tree);</li>
 * <li>any other graph (FROM graphs, FROM NAMED views): every graph's tree and those links; the relation is then
 * decided on the active graph's own triples, so other graphs' entries are candidates that fail the check.</li>
 * </ul>
 * (With TDB2's union default graph set for a query, the active graph outside GRAPH is the union graph.)
 * Thread-safe: an instance is one query's view of one immutable index version.
 */
public final class ActiveGraphIndex implements SpatialIndex {

    /** How the error names a property function: geo:sfContains, spatial:nearby. */
    private static final org.apache.jena.shared.PrefixMapping NAMES = org.apache.jena.shared.PrefixMapping.Factory.create()
            .setNsPrefix("geo", "http://www.opengis.net/ont/geosparql#").setNsPrefix("spatial", "http://jena.apache.org/spatial#").lock();

    private final SpatialIndex index;
    /** The graph to ask the index for: a graph's name, the union graph, or {@link Node#ANY} for every graph. */
    private final Node graphName;
    private final Graph active;
    private final DatasetGraph dataset;
    /** The relation whose candidates must have one default geometry each ({@link #requireOneDefaultGeometry}); null: none. */
    private final Node relation;

    private ActiveGraphIndex(SpatialIndex index, Node graphName, Graph active, DatasetGraph dataset, Node relation) {
        this.index = index;
        this.graphName = graphName;
        this.active = active;
        this.dataset = dataset;
        this.relation = relation;
    }

    /**
     * The execution context for a spatial property function that searches the index: {@code cxt} itself where
     * jena-geosparql's own look-up is right (or the index is not floe's), else a copy whose spatial index answers for
     * the active graph.
     */
    public static ExecutionContext scope(ExecutionContext cxt) {
        return scope(cxt, null);
    }

    /**
     * As {@link #scope(ExecutionContext)}, for the topological property function {@code relation}: in an active graph
     * that reads several graphs, each candidate the index finds must have at most one default geometry there
     * ({@link #requireOneDefaultGeometry}).
     */
    public static ExecutionContext scope(ExecutionContext cxt, Node relation) {
        Graph active = cxt.getActiveGraph();
        Node name = storeGraphName(active);
        SpatialIndex index = SpatialIndexLib.getSpatialIndex(cxt.getContext());
        boolean ownLookupIsRight = name != null && !Quad.isUnionGraph(name) && active instanceof NamedGraph;
        if (!(index instanceof LiveSpatialIndex) || ownLookupIsRight) {
            if (relation != null && !(index instanceof LiveSpatialIndex)) {
                requireOneDefaultGeometryEach(cxt, relation); // without floe's index every spatial object is tested
            }
            return cxt;
        }
        Context context = cxt.getContext().copy();
        context.set(SpatialIndexConstants.symSpatialIndex, new ActiveGraphIndex(index, name == null ? Node.ANY : name, active,
                cxt.getDataset(), relation));
        return withContext(cxt, context, active);
    }

    @SuppressWarnings("deprecation") // the one constructor that keeps the query's cancel signal and executor
    private static ExecutionContext withContext(ExecutionContext cxt, Context context, Graph active) {
        return new ExecutionContext(context, active, cxt.getDataset(), cxt.getExecutor(), cxt.getCancelSignal());
    }

    /**
     * Fails, naming the graphs where it has one, when {@code node} (a bound argument of the property function
     * {@code predicate}) has no geometry in the default graph, which a property function outside GRAPH reads, but has
     * one in a named graph: the relation would answer nothing, where the user almost surely meant features of the
     * named graphs. Inside a GRAPH block nothing is checked (GRAPH ?g meets graphs without the feature by design).
     */
    public static void requireGeometryHere(ExecutionContext cxt, Node predicate, Node node) {
        if (!(node.isURI() || node.isBlank())) {
            return;
        }
        Graph active = cxt.getActiveGraph();
        Node name = storeGraphName(active);
        if (name == null || !Quad.isDefaultGraph(name) || !(active instanceof NamedGraph)
                || AccessGeoSPARQL.isSpatialObjectByProperties(active, node)) {
            return;
        }
        List<Node> elsewhere = graphsWithGeometry(cxt.getDataset(), node);
        if (elsewhere.isEmpty()) {
            return;
        }
        StringBuilder graphs = new StringBuilder();
        for (Node g : elsewhere) {
            graphs.append(graphs.isEmpty() ? "" : ", ").append(FmtUtils.stringForNode(g));
        }
        throw new QueryBuildException(FmtUtils.stringForNode(predicate, NAMES) + ": " + FmtUtils.stringForNode(node)
                + " has no geometry in the default graph, which a property function outside a GRAPH block reads, but has one"
                + " in graph " + graphs + ". A GeoSPARQL property function reads both sides' geometries from one graph: to"
                + " relate features of different graphs, put it inside GRAPH <urn:x-arq:UnionGraph> { ... } (every named"
                + " graph) or name the graphs with FROM.");
    }

    /**
     * Whether {@code graph} reads several of the store's graphs: the union graph, a merge of FROM graphs, or any other
     * graph that is not one of the store's own.
     */
    public static boolean readsSeveralGraphs(Graph graph) {
        Node name = storeGraphName(graph);
        return name == null || Quad.isUnionGraph(name);
    }

    /**
     * Fails when {@code node} has more than one default geometry in an active graph that reads several graphs (a
     * feature described in two of them): jena-geosparql's property functions compare one geometry per feature, picked
     * by chance, where the FILTER form over {@code geo:hasDefaultGeometry} compares each, so the relation could miss
     * rows without a word. Within one graph nothing is checked (as in any GeoSPARQL store, a feature there has one
     * default geometry).
     */
    public static void requireOneDefaultGeometry(ExecutionContext cxt, Node relation, Node node) {
        if ((node.isURI() || node.isBlank()) && readsSeveralGraphs(cxt.getActiveGraph())) {
            requireOneDefaultGeometry(cxt.getActiveGraph(), cxt.getDataset(), relation, node);
        }
    }

    /**
     * As {@link #requireOneDefaultGeometry(ExecutionContext, Node, Node)} for every feature of the active graph, for a
     * property function that tests them all (both sides unbound, or a disjoint relation, which the index cannot serve):
     * one pass over the active graph's default-geometry links, as the evaluation makes over its spatial objects.
     */
    public static void requireOneDefaultGeometryEach(ExecutionContext cxt, Node relation) {
        Graph active = cxt.getActiveGraph();
        if (!readsSeveralGraphs(active)) {
            return;
        }
        java.util.Map<Node, Node> first = new java.util.HashMap<>();
        var links = active.find(Node.ANY, Geo.HAS_DEFAULT_GEOMETRY_NODE, Node.ANY);
        try {
            while (links.hasNext()) {
                var link = links.next();
                Node seen = first.putIfAbsent(link.getSubject(), link.getObject());
                if (seen != null && !seen.equals(link.getObject())) {
                    requireOneDefaultGeometry(active, cxt.getDataset(), relation, link.getSubject());
                }
            }
        } finally {
            links.close();
        }
    }

    private static void requireOneDefaultGeometry(Graph active, DatasetGraph dsg, Node relation, Node node) {
        Set<Node> geometries = new LinkedHashSet<>();
        var links = active.find(node, Geo.HAS_DEFAULT_GEOMETRY_NODE, Node.ANY);
        try {
            while (links.hasNext() && geometries.size() < 2) {
                geometries.add(links.next().getObject());
            }
        } finally {
            links.close();
        }
        if (geometries.size() < 2) {
            return;
        }
        Set<Node> graphs = new LinkedHashSet<>();
        Iterator<Quad> quads = dsg.findNG(Node.ANY, node, Geo.HAS_DEFAULT_GEOMETRY_NODE, Node.ANY);
        try {
            while (quads.hasNext() && graphs.size() < 5) {
                graphs.add(quads.next().getGraph());
            }
        } finally {
            org.apache.jena.atlas.iterator.Iter.close(quads);
        }
        StringBuilder where = new StringBuilder();
        for (Node g : graphs) {
            where.append(where.isEmpty() ? " (in graphs " : ", ").append(FmtUtils.stringForNode(g));
        }
        if (!where.isEmpty()) {
            where.append(')');
        }
        String name = FmtUtils.stringForNode(relation, NAMES);
        throw new QueryBuildException(name + ": " + FmtUtils.stringForNode(node) + " has more than one default geometry in"
                + " the graphs this query reads together" + where + ". A GeoSPARQL property function compares one geometry per"
                + " feature, so it cannot answer for this feature: use the FILTER form (geo:hasDefaultGeometry/geo:asWKT and"
                + " geof:" + name.substring(name.indexOf(':') + 1) + "), which compares each, or ask one graph with GRAPH <g>.");
    }

    /** The named graphs (a few at most) where {@code node} has a geometry link, a geometry literal or a WGS84 latitude. */
    private static List<Node> graphsWithGeometry(DatasetGraph dsg, Node node) {
        Set<Node> graphs = new LinkedHashSet<>();
        for (Node p : List.of(Geo.HAS_DEFAULT_GEOMETRY_NODE, Geo.HAS_GEOMETRY_NODE, Geo.AS_WKT_NODE, Geo.AS_GML_NODE,
                Geo.HAS_SERIALIZATION_NODE, SpatialExtension.GEO_LAT_NODE)) {
            Iterator<Quad> quads = dsg.findNG(Node.ANY, node, p, Node.ANY);
            try {
                while (quads.hasNext() && graphs.size() < 3) {
                    graphs.add(quads.next().getGraph());
                }
            } finally {
                org.apache.jena.atlas.iterator.Iter.close(quads);
            }
        }
        return new ArrayList<>(graphs);
    }

    /**
     * The store graph {@code graph} is a view of: its name (the default graph's, the union graph's or a named
     * graph's); null for a graph that is no one store graph (a merge of FROM graphs).
     */
    private static Node storeGraphName(Graph graph) {
        Graph g = graph;
        while (g instanceof GraphReadOnly readOnly) { // a read-only view holds the same triples
            g = readOnly.getWrapped();
        }
        if (g instanceof NamedGraph named) {
            Node name = named.getGraphName();
            return name == null ? Quad.defaultGraphIRI : name;
        }
        return null;
    }

    /**
     * The resources of the active graph's part of the index whose envelopes meet {@code searchEnvelope}, plus the
     * features linking in the active graph to one of them; {@code ignored} is what jena-geosparql makes of the active
     * graph, which this index knows better.
     */
    @Override
    public Collection<Node> query(Envelope searchEnvelope, Node ignored) {
        Set<Node> found = new LinkedHashSet<>(index.query(searchEnvelope, graphName));
        List<Node> linking = new ArrayList<>();
        for (Node resource : found) {
            active.find(Node.ANY, Geo.HAS_DEFAULT_GEOMETRY_NODE, resource).forEachRemaining(t -> linking.add(t.getSubject()));
            active.find(Node.ANY, Geo.HAS_GEOMETRY_NODE, resource).forEachRemaining(t -> linking.add(t.getSubject()));
        }
        found.addAll(linking);
        if (relation != null) {
            for (Node candidate : found) {
                requireOneDefaultGeometry(active, dataset, relation, candidate);
            }
        }
        return found;
    }

    @Override
    public SRSInfo getSrsInfo() {
        return index.getSrsInfo();
    }

    @Override
    public boolean isEmpty() {
        return index.isEmpty();
    }

    @Override
    public long getSize() {
        return index.getSize();
    }

    @Override
    public Path getLocation() {
        return index.getLocation();
    }

    @Override
    public void setLocation(Path location) {
        throw new UnsupportedOperationException("a query's view of the spatial index is not saved");
    }
}
