package dev.floe.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.jena.atlas.iterator.IteratorCloseable;
import org.apache.jena.geosparql.implementation.GeometryWrapper;
import org.apache.jena.geosparql.implementation.access.AccessGeoSPARQL;
import org.apache.jena.geosparql.implementation.vocabulary.Geo;
import org.apache.jena.geosparql.spatial.SpatialIndexFindUtils;
import org.apache.jena.geosparql.spatial.SpatialIndexItem;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.util.iterator.ExtendedIterator;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * What floe's spatial index holds for one graph, and the tree it is kept in.
 *
 * <p>jena-geosparql indexes features only, each under the envelope of the geometry it reaches by
 * {@code geo:hasDefaultGeometry} (else {@code geo:hasGeometry}), and its index-backed property functions reach
 * geometries only through those links. A geometry linked by another property (a sub-property of
 * {@code geo:hasGeometry} such as an application's {@code hasPointGeometry}) or by none was therefore never
 * found by {@code ?g geo:sfWithin ex:region}, although the unindexed paths (disjoint relations, both sides
 * unbound) found it. GeoSPARQL's query-rewrite rules apply to every resource with a geometry literal, so floe
 * indexes those resources too, each under its own literal's envelope, after the features.
 *
 * <p>The tree uses JTS's default node capacity: jena-geosparql builds its trees with one node as wide as the
 * item count, which turns every index lookup into a scan of all items.
 */
public final class SpatialIndexItems {

    private SpatialIndexItems() {
    }

    /**
     * The items of a graph: jena-geosparql's feature items, then one item per geometry resource and literal
     * (asWKT/asGML before hasSerialization, as jena-geosparql picks them). For a graph with no GeoSPARQL literals,
     * jena-geosparql's own search (which also reads the W3C WGS84 vocabulary).
     */
    static List<SpatialIndexItem> find(Graph graph, String srsUri, Unreadable unreadable) {
        List<SpatialIndexItem> items = new ArrayList<>();
        if (!AccessGeoSPARQL.containsGeoLiterals(graph)) {
            IteratorCloseable<SpatialIndexItem> wgs84 = SpatialIndexFindUtils.findIndexItems(graph, srsUri);
            try {
                wgs84.forEachRemaining(items::add);
            } finally {
                wgs84.close();
            }
            return items;
        }
        // each geometry's literals are read and parsed once, for the geometry and for every feature linking to it
        // (findSpecificGeoLiterals picks the same literals per geometry whether asked for one or for all). Measured on
        // the store benchmark's file (580,280 triples, 16,840 WKT literals, 33,680 items), rebuilding its index: 0.20-0.24 s
        // when each literal was read for its geometry and again for its feature, 0.13-0.15 s now (quickest of 9-15
        // rebuilds, 2026-12-07); a bulk load builds its index with this too
        Map<Node, List<Envelope>> ofGeometry = new LinkedHashMap<>();
        readEnvelopes(AccessGeoSPARQL.findSpecificGeoLiterals(graph), srsUri, unreadable,
                (t, e) -> ofGeometry.computeIfAbsent(t.getSubject(), g -> new ArrayList<>(1)).add(e));
        ExtendedIterator<Triple> links = AccessGeoSPARQL.findSpecificGeoResources(graph);
        try {
            while (links.hasNext()) {
                Triple link = links.next();
                for (Envelope e : ofGeometry.getOrDefault(link.getObject(), List.of())) {
                    items.add(new SpatialIndexItem(e, link.getSubject()));
                }
            }
        } finally {
            links.close();
        }
        ofGeometry.forEach((geometry, envelopes) -> envelopes.forEach(e -> items.add(new SpatialIndexItem(e, geometry))));
        return items;
    }

    /**
     * The envelopes {@link #find} gives one resource of a graph: those of the geometry literals its geometry links reach
     * (as a feature), then those of its own literals (as a geometry resource). Empty when it has neither.
     */
    static List<Envelope> envelopes(Graph graph, Node resource, String srsUri, Unreadable unreadable) {
        List<Envelope> envelopes = new ArrayList<>();
        forEachLiteral(graph, resource, literals -> readEnvelopes(literals, srsUri, unreadable, (t, e) -> envelopes.add(e)));
        return envelopes;
    }

    /**
     * Whether {@code index} is floe's own, which holds every resource with a geometry literal under that literal's
     * envelope, so that the literals of the resources it finds in an envelope are every literal there; jena-geosparql's
     * holds features only.
     */
    public static boolean holdsGeometryResources(org.apache.jena.geosparql.spatial.SpatialIndex index) {
        return index instanceof LiveSpatialIndex;
    }

    /**
     * The geometry literals the index reads for one resource of a graph (its envelopes are those of {@link #find}):
     * those its geometry links reach, then its own. For index-backed property functions, which must judge a
     * candidate by the literals it was found under (jena-geosparql's per-feature lookup finds none in 5.6).
     */
    public static List<Node> geometryLiterals(Graph graph, Node resource) {
        List<Node> out = new ArrayList<>();
        forEachLiteral(graph, resource, literals -> {
            try {
                literals.forEachRemaining(t -> out.add(t.getObject()));
            } finally {
                literals.close();
            }
        });
        return out;
    }

    /** Hands each literal-triple iterator of {@code resource} to {@code out}, which closes it. */
    private static void forEachLiteral(Graph graph, Node resource, java.util.function.Consumer<ExtendedIterator<Triple>> out) {
        // as findSpecificGeoResources(graph) picks a feature's links: its default geometries, else its geometries
        // (jena-geosparql's per-feature variant of it does not find them in 5.6)
        ExtendedIterator<Triple> links = graph.find(resource, Geo.HAS_DEFAULT_GEOMETRY_NODE, Node.ANY);
        if (!links.hasNext()) {
            links.close();
            links = graph.find(resource, Geo.HAS_GEOMETRY_NODE, Node.ANY);
        }
        try {
            while (links.hasNext()) {
                out.accept(AccessGeoSPARQL.findSpecificGeoLiterals(graph, links.next().getObject()));
            }
        } finally {
            links.close();
        }
        out.accept(AccessGeoSPARQL.findSpecificGeoLiterals(graph, resource));
    }

    /**
     * Hands each geometry literal triple of {@code literals} with its envelope to {@code out}, leaving out (and
     * counting) those that do not parse; closes {@code literals}.
     */
    private static void readEnvelopes(ExtendedIterator<Triple> literals, String srsUri, Unreadable unreadable,
                                      java.util.function.BiConsumer<Triple, Envelope> out) {
        try {
            while (literals.hasNext()) {
                Triple t = literals.next();
                Envelope e = unreadable.envelope(t, srsUri);
                if (e != null) {
                    out.accept(t, e);
                }
            }
        } finally {
            literals.close();
        }
    }

    /**
     * The geometry literals an index build could not read (written by older versions, or by other tools: floe's
     * own writes refuse them): each is left out of the index, counted, and the first one kept to name it.
     */
    static final class Unreadable {
        private long count;
        private String first;

        /** The envelope of the literal of {@code t} in the given CRS, or null (counted) when it does not parse. */
        Envelope envelope(Triple t, String srsUri) {
            try {
                return envelopeOf(t.getObject(), srsUri);
            } catch (RuntimeException e) {
                synchronized (this) {
                    if (count++ == 0) {
                        String lexical = t.getObject().getLiteralLexicalForm();
                        first = "<" + t.getSubject() + "> \"" + (lexical.length() > 60 ? lexical.substring(0, 60) + "..." : lexical)
                                + "\" (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")";
                    }
                }
                return null;
            }
        }

        synchronized long count() {
            return count;
        }

        /** One line for the user, or null when every literal was read. */
        synchronized String describe(Path store) {
            return count == 0 ? null : store + ": " + count + " geometry literal" + (count == 1 ? " does" : "s do")
                    + " not parse and " + (count == 1 ? "is" : "are") + " left out of the spatial index, first " + first
                    + "; correct or delete " + (count == 1 ? "it" : "them") + " with SPARQL Update";
        }
    }

    /** A geometry literal's envelope in the given CRS, read by jena-geosparql. */
    static Envelope envelopeOf(Node literal, String srsUri) {
        return SpatialIndexFindUtils.unsafeConvert(GeometryWrapper.extract(literal), srsUri).getEnvelope();
    }

    /** A built tree of the items. */
    static STRtree tree(List<SpatialIndexItem> items) {
        STRtree tree = new STRtree();
        for (SpatialIndexItem item : items) {
            tree.insert(item.getEnvelope(), item.getItem());
        }
        tree.build();
        return tree;
    }
}
