package dev.floe.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jena.geosparql.implementation.SRSInfo;
import org.apache.jena.geosparql.spatial.SpatialIndex;
import org.apache.jena.geosparql.spatial.SpatialIndexItem;
import org.apache.jena.geosparql.spatial.index.v2.STRtreePerGraph;
import org.apache.jena.geosparql.spatial.index.v2.SpatialIndexPerGraph;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.Quad;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.AbstractNode;
import org.locationtech.jts.index.strtree.ItemBoundable;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The spatial index as one committed state of the store sees it: immutable, so a query holds the version that
 * matches its read transaction however many writes follow. Per graph, a built STR tree (the base) plus the
 * resources that writes changed since it was built, each with all its current envelopes (none when it lost its
 * geometry): the base's entries of a changed resource are ignored. A write makes a new version by replacing the
 * changed resources of the graphs it touched, so its cost follows the write, not the store; {@link #merged()} folds
 * the changes into new base trees when they grow (see {@link #needsMerge()}).
 *
 * <p>Items are what jena-geosparql's property functions look up: resources (features and geometries) under the
 * envelopes of their geometry literals in CRS84 ({@link SpatialIndexItems}).
 */
final class LiveSpatialIndex implements SpatialIndex {

    /** Changed resources per graph past which the graph's changes are folded into a new base tree. */
    static final int MERGE_AT = 2_000;

    private final SRSInfo srsInfo;
    private final Map<Node, GraphIndex> graphs;
    private Path location;

    private LiveSpatialIndex(SRSInfo srsInfo, Map<Node, GraphIndex> graphs, Path location) {
        this.srsInfo = srsInfo;
        this.graphs = Map.copyOf(graphs);
        this.location = location;
    }

    /** One graph's part: a built base tree and the resources changed since, with their current envelopes. */
    record GraphIndex(STRtree base, Map<Node, List<Envelope>> changed, DeltaTree delta) {

        static GraphIndex of(STRtree base) {
            return new GraphIndex(base, Map.of(), new DeltaTree(Map.of()));
        }

        GraphIndex replace(Map<Node, List<Envelope>> resources) {
            Map<Node, List<Envelope>> next = new HashMap<>(changed);
            next.putAll(resources);
            return new GraphIndex(base, next, new DeltaTree(next));
        }

        void query(Envelope search, Set<Node> out) {
            for (Object o : base.query(search)) {
                Node n = (Node) o;
                if (!changed.containsKey(n)) {
                    out.add(n);
                }
            }
            delta.query(search, out);
        }

        /** The base's items that no change replaced, then the changed resources' items. */
        List<SpatialIndexItem> items() {
            List<SpatialIndexItem> items = new ArrayList<>();
            if (base.getRoot() != null) {
                collect(base.getRoot(), items);
            }
            changed.forEach((node, envelopes) -> envelopes.forEach(e -> items.add(new SpatialIndexItem(e, node))));
            return items;
        }

        private void collect(AbstractNode node, List<SpatialIndexItem> items) {
            for (Object child : node.getChildBoundables()) {
                if (child instanceof AbstractNode inner) {
                    collect(inner, items);
                } else if (child instanceof ItemBoundable leaf && !changed.containsKey((Node) leaf.getItem())) {
                    items.add(new SpatialIndexItem((Envelope) leaf.getBounds(), (Node) leaf.getItem()));
                }
            }
        }

        long size() {
            long n = 0;
            if (base.getRoot() != null) {
                List<SpatialIndexItem> kept = new ArrayList<>();
                collect(base.getRoot(), kept);
                n = kept.size();
            }
            for (List<Envelope> e : changed.values()) {
                n += e.size();
            }
            return n;
        }
    }

    /** The changed resources' envelopes, in a tree built the first time a query needs it (a few at most). */
    static final class DeltaTree {
        private final Map<Node, List<Envelope>> changed;
        private volatile STRtree tree;

        DeltaTree(Map<Node, List<Envelope>> changed) {
            this.changed = changed;
        }

        void query(Envelope search, Set<Node> out) {
            if (changed.isEmpty()) {
                return;
            }
            STRtree t = tree;
            if (t == null) {
                t = new STRtree();
                for (Map.Entry<Node, List<Envelope>> e : changed.entrySet()) {
                    for (Envelope env : e.getValue()) {
                        t.insert(env, e.getKey());
                    }
                }
                t.build();
                tree = t;
            }
            for (Object o : t.query(search)) {
                out.add((Node) o);
            }
        }
    }

    /** A version with a built base tree per graph and no changes. */
    static LiveSpatialIndex of(SRSInfo srsInfo, Map<Node, STRtree> trees, Path location) {
        Map<Node, GraphIndex> g = new HashMap<>();
        trees.forEach((name, tree) -> g.put(name, GraphIndex.of(tree)));
        return new LiveSpatialIndex(srsInfo, g, location);
    }

    /** The version a saved jena-geosparql index holds. */
    static LiveSpatialIndex of(SpatialIndexPerGraph saved) {
        STRtreePerGraph trees = saved.getIndex();
        Map<Node, STRtree> byGraph = new HashMap<>(trees.getTreeMap());
        if (trees.getDefaultTree() != null) {
            byGraph.put(Quad.defaultGraphIRI, trees.getDefaultTree());
        }
        byGraph.remove(null);
        return of(saved.getSrsInfo(), byGraph, saved.getLocation());
    }

    /**
     * The next version: in graph {@code graph}, each resource of {@code resources} now has exactly the envelopes
     * given (an empty list: it has none).
     */
    LiveSpatialIndex replace(Node graph, Map<Node, List<Envelope>> resources) {
        if (resources.isEmpty()) {
            return this;
        }
        Map<Node, GraphIndex> next = new HashMap<>(graphs);
        GraphIndex current = next.getOrDefault(key(graph), GraphIndex.of(emptyTree()));
        next.put(key(graph), current.replace(resources));
        return new LiveSpatialIndex(srsInfo, next, location);
    }

    /** The next version: graph {@code graph} indexed afresh from {@code items}, or gone when {@code items} is null. */
    LiveSpatialIndex withGraph(Node graph, List<SpatialIndexItem> items) {
        Map<Node, GraphIndex> next = new HashMap<>(graphs);
        if (items == null) {
            next.remove(key(graph));
        } else {
            next.put(key(graph), GraphIndex.of(SpatialIndexItems.tree(items)));
        }
        return new LiveSpatialIndex(srsInfo, next, location);
    }

    /** Whether some graph has enough changes that its base tree should be rebuilt with them. */
    boolean needsMerge() {
        return graphs.values().stream().anyMatch(g -> g.changed().size() >= MERGE_AT);
    }

    /** The same index with every graph's changes folded into a new base tree. */
    LiveSpatialIndex merged() {
        Map<Node, GraphIndex> next = new HashMap<>();
        graphs.forEach((name, g) -> next.put(name, g.changed().isEmpty() ? g : GraphIndex.of(SpatialIndexItems.tree(g.items()))));
        return new LiveSpatialIndex(srsInfo, next, location);
    }

    /** Whether any graph has changes not yet in its base tree. */
    boolean hasChanges() {
        return graphs.values().stream().anyMatch(g -> !g.changed().isEmpty());
    }

    /** This version in jena-geosparql's own form, to be saved (changes folded in). */
    SpatialIndexPerGraph toSaved() {
        STRtreePerGraph trees = new STRtreePerGraph();
        merged().graphs.forEach((name, g) -> {
            if (Quad.isDefaultGraph(name)) {
                trees.setDefaultTree(g.base());
            } else {
                trees.setTree(name, g.base());
            }
        });
        return new SpatialIndexPerGraph(srsInfo, trees, location);
    }

    Set<Node> graphNames() {
        return graphs.keySet();
    }

    /** The items of one graph, or none when it has no part in the index. */
    List<SpatialIndexItem> items(Node graph) {
        GraphIndex g = graphs.get(key(graph));
        return g == null ? List.of() : g.items();
    }

    private static Node key(Node graph) {
        return graph == null || Quad.isDefaultGraph(graph) ? Quad.defaultGraphIRI : graph;
    }

    private static STRtree emptyTree() {
        STRtree t = new STRtree();
        t.build();
        return t;
    }

    @Override
    public SRSInfo getSrsInfo() {
        return srsInfo;
    }

    @Override
    public boolean isEmpty() {
        return getSize() == 0;
    }

    @Override
    public long getSize() {
        long n = 0;
        for (GraphIndex g : graphs.values()) {
            n += g.size();
        }
        return n;
    }

    /**
     * The resources whose envelopes meet {@code searchEnvelope} in graph {@code graphName} (the default graph for null
     * or the default graph's names; every named graph for the union graph), as jena-geosparql's per-graph index answers;
     * in every graph, the default graph included, for {@link Node#ANY} (floe's {@link ActiveGraphIndex} asks so).
     */
    @Override
    public Collection<Node> query(Envelope searchEnvelope, Node graphName) {
        Set<Node> out = new LinkedHashSet<>();
        if (graphName == Node.ANY) {
            graphs.values().forEach(g -> g.query(searchEnvelope, out));
            return out;
        }
        if (graphName != null && Quad.isUnionGraph(graphName)) {
            graphs.forEach((name, g) -> {
                if (!Quad.isDefaultGraph(name)) {
                    g.query(searchEnvelope, out);
                }
            });
            return out;
        }
        GraphIndex g = graphs.get(key(graphName));
        if (g != null) {
            g.query(searchEnvelope, out);
        }
        return out;
    }

    @Override
    public Path getLocation() {
        return location;
    }

    @Override
    public void setLocation(Path location) {
        this.location = location;
    }
}
