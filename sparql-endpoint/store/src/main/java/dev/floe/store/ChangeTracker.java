package dev.floe.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jena.geosparql.implementation.access.AccessGeoSPARQL;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphWrapper;
import org.apache.jena.sparql.core.GraphView;
import org.apache.jena.sparql.core.Quad;

/**
 * A view of a dataset that records which graphs a write touched, whichever way it writes: quads,
 * graph-level adds and deletes (SPARQL LOAD, CLEAR, Graph Store Protocol) or whole graphs. The store
 * re-indexes exactly those graphs afterwards. Geometry literals are checked as they are added
 * ({@link InvalidGeometryLiteralException}), so a write bringing one that does not parse fails before it
 * commits. One per write transaction; not thread-safe.
 */
final class ChangeTracker extends DatasetGraphWrapper {

    private static final String WGS84 = "http://www.w3.org/2003/01/geo/wgs84_pos#";

    private final Set<Node> changed = new HashSet<>();
    private boolean everything;
    /** Per graph, the resources whose spatial index items the write may have changed. */
    private final Map<Node, Set<Node>> resources = new HashMap<>();
    /** Per graph, the geometry resources whose literals changed: the features linking to them change too. */
    private final Map<Node, Set<Node>> geometries = new HashMap<>();
    /** Graphs to index afresh: added or removed whole, or changed in the W3C WGS84 vocabulary. */
    private final Set<Node> wholeGraphs = new HashSet<>();

    ChangeTracker(DatasetGraph base) {
        super(base);
    }

    /** The graphs written to; the default graph is {@link Quad#defaultGraphIRI}. */
    Set<Node> changedGraphs() {
        return changed;
    }

    /** True when the write touched graphs it could not name (a delete across all graphs, a clear). */
    boolean changedEverything() {
        return everything;
    }

    /** Per graph, the resources whose spatial index items may have changed (links to geometries, literals). */
    Map<Node, Set<Node>> changedResources() {
        return resources;
    }

    /** Per graph, the geometry resources whose literals changed. */
    Map<Node, Set<Node>> changedGeometries() {
        return geometries;
    }

    /** Graphs whose spatial index must be built afresh. */
    Set<Node> wholeGraphs() {
        return wholeGraphs;
    }

    /** Notes what a changed statement means for the spatial index. */
    private void note(Node g, Node s, Node p) {
        Node graph = g == null || Quad.isDefaultGraph(g) ? Quad.defaultGraphIRI : g;
        if (AccessGeoSPARQL.isPredicateOfFeature(p)) {
            resources.computeIfAbsent(graph, k -> new HashSet<>()).add(s);
        } else if (AccessGeoSPARQL.isPredicateOfGeoResource(p)) {
            resources.computeIfAbsent(graph, k -> new HashSet<>()).add(s);
            geometries.computeIfAbsent(graph, k -> new HashSet<>()).add(s);
        } else if (p.isURI() && p.getURI().startsWith(WGS84)) {
            wholeGraphs.add(graph);
        }
    }

    private void touch(Node graph) {
        if (graph == null || Quad.isDefaultGraph(graph)) {
            changed.add(Quad.defaultGraphIRI);
        } else if (graph == Node.ANY || Quad.isUnionGraph(graph)) {
            everything = true;
        } else {
            changed.add(graph);
        }
    }

    /**
     * One name for the default graph on the way down: the text index files default-graph entries under
     * {@link Quad#defaultGraphNodeGenerated}, the name text:query looks for, and deletes must match adds.
     */
    private static Node normal(Node g) {
        return g == null || Quad.isDefaultGraph(g) ? Quad.defaultGraphNodeGenerated : g;
    }

    @Override
    public void add(Quad quad) {
        add(quad.getGraph(), quad.getSubject(), quad.getPredicate(), quad.getObject());
    }

    @Override
    public void delete(Quad quad) {
        delete(quad.getGraph(), quad.getSubject(), quad.getPredicate(), quad.getObject());
    }

    @Override
    public void add(Node g, Node s, Node p, Node o) {
        InvalidGeometryLiteralException.check(s, o);
        touch(g);
        note(g, s, p);
        super.add(normal(g), s, p, o);
    }

    @Override
    public void delete(Node g, Node s, Node p, Node o) {
        touch(g);
        note(g, s, p);
        super.delete(normal(g), s, p, o);
    }

    /**
     * Deletes quad by quad, so that every index listening to the dataset (the text index) hears of each
     * one; a bulk deleteAny underneath would bypass it.
     */
    @Override
    public void deleteAny(Node g, Node s, Node p, Node o) {
        touch(g);
        List<Quad> doomed = new ArrayList<>();
        if (g == Node.ANY) {
            super.find(Quad.defaultGraphIRI, s, p, o).forEachRemaining(doomed::add);
            super.findNG(Node.ANY, s, p, o).forEachRemaining(doomed::add);
        } else {
            super.find(normal(g), s, p, o).forEachRemaining(doomed::add);
        }
        for (Quad q : doomed) {
            note(q.getGraph(), q.getSubject(), q.getPredicate());
            super.delete(normal(q.getGraph()), q.getSubject(), q.getPredicate(), q.getObject());
        }
    }

    @Override
    public void addGraph(Node graphName, Graph graph) {
        graph.find().forEachRemaining(t -> InvalidGeometryLiteralException.check(t.getSubject(), t.getObject()));
        touch(graphName);
        wholeGraphs.add(graphName == null || Quad.isDefaultGraph(graphName) ? Quad.defaultGraphIRI : graphName);
        super.addGraph(graphName, graph);
    }

    @Override
    public void removeGraph(Node graphName) {
        touch(graphName);
        wholeGraphs.add(graphName == null || Quad.isDefaultGraph(graphName) ? Quad.defaultGraphIRI : graphName);
        super.removeGraph(graphName);
    }

    @Override
    public void clear() {
        everything = true;
        super.clear();
    }

    /** Graph views whose writes come back through this tracker. */
    @Override
    public Graph getDefaultGraph() {
        return GraphView.createDefaultGraph(this);
    }

    @Override
    public Graph getGraph(Node graphNode) {
        return Quad.isDefaultGraph(graphNode) ? getDefaultGraph() : GraphView.createNamedGraph(this, graphNode);
    }
}
