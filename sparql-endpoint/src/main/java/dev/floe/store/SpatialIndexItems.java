package dev.floe.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.jena.atlas.iterator.IteratorCloseable;
import org.apache.jena.geosparql.implementation.GeometryWrapper;
import org.apache.jena.geosparql.implementation.access.AccessGeoSPARQL;
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
final class SpatialIndexItems {

    private SpatialIndexItems() {
    }

    /**
     * The items of a graph: jena-geosparql's feature items, then one item per geometry resource and literal
     * (asWKT/asGML before hasSerialization, as jena-geosparql picks them). {@code envelopeOf} gives a geometry
     * literal's triple its envelope in the index's CRS. For a graph with no GeoSPARQL literals, jena-geosparql's
     * own search (which also reads the W3C WGS84 vocabulary).
     */
    static List<SpatialIndexItem> find(Graph graph, String srsUri, Function<Triple, Envelope> envelopeOf) {
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
        ExtendedIterator<Triple> links = AccessGeoSPARQL.findSpecificGeoResources(graph);
        try {
            while (links.hasNext()) {
                Triple link = links.next();
                ExtendedIterator<Triple> literals = AccessGeoSPARQL.findSpecificGeoLiterals(graph, link.getObject());
                try {
                    while (literals.hasNext()) {
                        items.add(new SpatialIndexItem(envelopeOf.apply(literals.next()), link.getSubject()));
                    }
                } finally {
                    literals.close();
                }
            }
        } finally {
            links.close();
        }
        ExtendedIterator<Triple> geometries = AccessGeoSPARQL.findSpecificGeoLiterals(graph);
        try {
            while (geometries.hasNext()) {
                Triple t = geometries.next();
                items.add(new SpatialIndexItem(envelopeOf.apply(t), t.getSubject()));
            }
        } finally {
            geometries.close();
        }
        return items;
    }

    /** The items of a graph with every literal parsed by jena-geosparql. */
    static List<SpatialIndexItem> find(Graph graph, String srsUri) {
        return find(graph, srsUri, t -> envelopeOf(t.getObject(), srsUri));
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
