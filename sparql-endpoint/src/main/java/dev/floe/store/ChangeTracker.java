package dev.floe.store;

import java.util.HashSet;
import java.util.Set;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphWrapper;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.graph.GraphWrapper;

/**
 * A view of a dataset that records which graphs a write touched, whichever way it writes: quads,
 * graph-level adds and deletes (SPARQL LOAD, CLEAR, Graph Store Protocol) or whole graphs. The store
 * re-indexes exactly those graphs afterwards. One per write transaction; not thread-safe.
 */
final class ChangeTracker extends DatasetGraphWrapper {

    private final Set<Node> changed = new HashSet<>();
    private boolean everything;

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

    private void touch(Node graph) {
        if (graph == null || Quad.isDefaultGraph(graph)) {
            changed.add(Quad.defaultGraphIRI);
        } else if (graph == Node.ANY || Quad.isUnionGraph(graph)) {
            everything = true;
        } else {
            changed.add(graph);
        }
    }

    @Override
    public void add(Quad quad) {
        touch(quad.getGraph());
        super.add(quad);
    }

    @Override
    public void delete(Quad quad) {
        touch(quad.getGraph());
        super.delete(quad);
    }

    @Override
    public void add(Node g, Node s, Node p, Node o) {
        touch(g);
        super.add(g, s, p, o);
    }

    @Override
    public void delete(Node g, Node s, Node p, Node o) {
        touch(g);
        super.delete(g, s, p, o);
    }

    @Override
    public void deleteAny(Node g, Node s, Node p, Node o) {
        touch(g);
        super.deleteAny(g, s, p, o);
    }

    @Override
    public void addGraph(Node graphName, Graph graph) {
        touch(graphName);
        super.addGraph(graphName, graph);
    }

    @Override
    public void removeGraph(Node graphName) {
        touch(graphName);
        super.removeGraph(graphName);
    }

    @Override
    public void clear() {
        everything = true;
        super.clear();
    }

    @Override
    public Graph getDefaultGraph() {
        return new Tracked(super.getDefaultGraph(), Quad.defaultGraphIRI);
    }

    @Override
    public Graph getGraph(Node graphNode) {
        return new Tracked(super.getGraph(graphNode), graphNode);
    }

    /** A graph of the dataset whose writes are recorded against its name. */
    private final class Tracked extends GraphWrapper {
        private final Node name;

        Tracked(Graph graph, Node name) {
            super(graph);
            this.name = name;
        }

        @Override
        public void add(Triple t) {
            touch(name);
            super.add(t);
        }

        @Override
        public void delete(Triple t) {
            touch(name);
            super.delete(t);
        }

        @Override
        public void remove(Node s, Node p, Node o) {
            touch(name);
            super.remove(s, p, o);
        }

        @Override
        public void clear() {
            touch(name);
            super.clear();
        }
    }
}
