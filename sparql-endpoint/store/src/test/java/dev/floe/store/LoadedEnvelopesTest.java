package dev.floe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.jena.geosparql.spatial.index.v2.STRtreeUtils;
import org.apache.jena.geosparql.spatial.index.v2.SpatialIndexLib;
import org.apache.jena.geosparql.spatial.index.v2.SpatialIndexPerGraph;
import org.apache.jena.geosparql.implementation.GeometryWrapper;
import org.apache.jena.geosparql.implementation.access.AccessGeoSPARQL;
import org.apache.jena.geosparql.spatial.SpatialIndexFindUtils;
import org.apache.jena.graph.Graph;
import org.apache.jena.geosparql.spatial.SpatialIndexItem;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.index.strtree.AbstractNode;
import org.locationtech.jts.index.strtree.Boundable;
import org.locationtech.jts.index.strtree.ItemBoundable;
import org.locationtech.jts.index.strtree.STRtree;

import dev.floe.ontology.GeoSparql;

/**
 * The spatial index a bulk load builds from the envelopes it saw streaming equals jena-geosparql's own build,
 * plus an entry for every geometry resource ({@link SpatialIndexItems}).
 */
class LoadedEnvelopesTest {

    static final String P = "@prefix geo: <http://www.opengis.net/ont/geosparql#> . @prefix ex: <https://example.org/> . ";
    static final String WKT = "^^geo:wktLiteral";

    @TempDir
    Path tmp;

    @Test
    void loadBuiltIndexEqualsJenasFeaturesPlusEveryGeometryForEveryGraphAndKindOfLiteral() throws IOException {
        Path first = tmp.resolve("first.trig");
        Files.writeString(first, P
                // a geometry loaded earlier, linked to a feature only in the second load
                + "ex:oldGeom geo:asWKT \"POINT(10 20)\"" + WKT + " .\n");
        Path second = tmp.resolve("second.trig");
        Files.writeString(second, P
                + "ex:a geo:hasDefaultGeometry ex:ga ; geo:hasGeometry ex:ga2 .\n"
                + "ex:ga geo:asWKT \"POLYGON((0 0, 4 0, 4 3, 0 3, 0 0))\"" + WKT + " ;\n"
                + "  geo:asGML \"<gml:Point xmlns:gml='http://www.opengis.net/gml/3.2' srsName='http://www.opengis.net/def/crs/OGC/1.3/CRS84'>"
                + "<gml:pos>7 8</gml:pos></gml:Point>\"^^geo:gmlLiteral .\n"
                + "ex:e geo:hasDefaultGeometry ex:ga2 .\n"
                + "ex:ga2 geo:asWKT \"<http://www.opengis.net/def/crs/EPSG/0/4326> POINT(45 9)\"" + WKT + " .\n"
                + "ex:b geo:hasDefaultGeometry ex:oldGeom .\n"
                + "ex:c geo:hasDefaultGeometry ex:gc .\n"
                // the same geometry property twice with different texts
                + "ex:gc geo:asWKT \"LINESTRING(1 1, 2 2)\"" + WKT + " , \"LINESTRING(-1 -1, -2 -5)\"" + WKT + " .\n"
                + "ex:g { ex:d geo:hasDefaultGeometry ex:gd . ex:gd geo:asWKT \"POINT(100 -50)\"" + WKT + " . }\n");
        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            store.load(List.of(first));
            store.load(List.of(second));
            SpatialIndexPerGraph index = assertIndexIsJenasPlusEveryGeometry(store,
                    List.of(Quad.defaultGraphIRI, org.apache.jena.graph.NodeFactory.createURI("https://example.org/g")));
            Map<String, Integer> all = items(index.getIndex().getDefaultTree());
            assertEquals(6 + 6, all.values().stream().mapToInt(Integer::intValue).sum(), all.toString());
            assertTrue(all.containsKey("https://example.org/e Env[9.0 : 9.0, 45.0 : 45.0]"), "EPSG:4326 lat/lon swapped: " + all);
        }
    }

    /** The store's spatial index of each graph equals jena-geosparql's build plus every geometry resource. */
    static SpatialIndexPerGraph assertIndexIsJenasPlusEveryGeometry(GeoStore store, List<Node> graphs) {
        DatasetGraph dsg = store.dataset().asDatasetGraph();
        SpatialIndexPerGraph index = ((LiveSpatialIndex) SpatialIndexLib.getSpatialIndex(dsg)).toSaved(); // the live version, its changes folded in
        Txn.executeRead(dsg, () -> {
            for (Node g : graphs) {
                STRtree ours = index.getIndex().getTree(g);
                Graph graph = Quad.isDefaultGraph(g) ? dsg.getDefaultGraph() : dsg.getGraph(g);
                Map<String, Integer> expected;
                try {
                    expected = items(STRtreeUtils.buildSpatialIndexTree(graph, index.getSrsInfo().getSrsURI()));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                // and every geometry resource under its own literal's envelope, as jena-geosparql reads it
                AccessGeoSPARQL.findSpecificGeoLiterals(graph).forEachRemaining(t -> expected.merge(t.getSubject() + " "
                        + SpatialIndexFindUtils.unsafeConvert(GeometryWrapper.extract(t.getObject()), index.getSrsInfo().getSrsURI()).getEnvelope(),
                        1, Integer::sum));
                assertEquals(expected, items(ours), "graph " + g);
            }
        });
        return index;
    }

    @Test
    void aLoadIntoAnEmptyStoreIndexesFromTheLoadAloneWhatJenaFindsInTheStoredGraph() throws IOException {
        Path file = tmp.resolve("only.trig");
        Files.writeString(file, P
                // no default geometry: each geo:hasGeometry geometry indexes the feature
                + "ex:a geo:hasGeometry ex:ga1 , ex:ga2 .\n"
                + "ex:ga1 geo:asWKT \"POLYGON((0 0, 4 0, 4 3, 0 3, 0 0))\"" + WKT + " .\n"
                + "ex:ga2 geo:asWKT \"POINT(-120.123456789012345 38.98765432109876)\"" + WKT + " .\n"
                // a default geometry wins over the others
                + "ex:b geo:hasDefaultGeometry ex:gb1 ; geo:hasGeometry ex:gb2 .\n"
                + "ex:gb1 geo:asWKT \"LINESTRING(1 1, 2 2)\"" + WKT + " .\n"
                + "ex:gb2 geo:asWKT \"POINT(50 50)\"" + WKT + " .\n"
                // only geo:hasSerialization
                + "ex:c geo:hasDefaultGeometry ex:gc .\n"
                + "ex:gc geo:hasSerialization \"POINT(3 4)\"" + WKT + " .\n"
                + "ex:g { ex:d geo:hasGeometry ex:gd . ex:gd geo:asWKT \"POINT(100 -50)\"" + WKT + " . }\n");
        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            store.load(List.of(file));
            SpatialIndexPerGraph index = assertIndexIsJenasPlusEveryGeometry(store,
                    List.of(Quad.defaultGraphIRI, org.apache.jena.graph.NodeFactory.createURI("https://example.org/g")));
            assertEquals(4 + 5, index.getIndex().getDefaultTree().size(), "a twice, b, c and five geometries");
        }
    }

    @Test
    void itemsOfALoadIntoAnEmptyStoreEqualThoseFoundInTheStoredGraph() throws IOException {
        Path file = tmp.resolve("load.trig");
        String gml = "\"<gml:Point xmlns:gml='http://www.opengis.net/gml/3.2' srsName='http://www.opengis.net/def/crs/OGC/1.3/CRS84'>"
                + "<gml:pos>7 8</gml:pos></gml:Point>\"^^geo:gmlLiteral";
        Files.writeString(file, P
                // a default and a further geometry: only the default one indexes the feature
                + "ex:a geo:hasDefaultGeometry ex:ga ; geo:hasGeometry ex:ga2 .\n"
                + "ex:ga geo:asWKT \"POLYGON((0 0, 4 0, 4 3, 0 3, 0 0))\"" + WKT + " ; geo:asGML " + gml + " .\n"
                // streamed twice, stored once
                + "ex:ga geo:asWKT \"POLYGON((0 0, 4 0, 4 3, 0 3, 0 0))\"" + WKT + " .\n"
                + "ex:ga2 geo:asWKT \"<http://www.opengis.net/def/crs/EPSG/0/4326> POINT(45 9)\"" + WKT + " .\n"
                // no default geometry: every geometry indexes the feature
                + "ex:b geo:hasGeometry ex:gb1 , ex:gb2 .\n"
                + "ex:gb1 geo:asWKT \"LINESTRING(1 1, 2 2)\"" + WKT + " , \"LINESTRING(-1 -1, -2 -5)\"" + WKT + " .\n"
                // hasSerialization counts only where a geometry has no WKT or GML
                + "ex:gb2 geo:hasSerialization \"POINT(30 30)\"" + WKT + " .\n"
                + "ex:ga2 geo:hasSerialization \"POINT(31 31)\"" + WKT + " .\n"
                // a geometry nobody links to, a link to a geometry without a literal
                + "ex:lone geo:asWKT \"POINT(-170 80)\"" + WKT + " .\n"
                + "ex:c geo:hasDefaultGeometry ex:nothing .\n"
                + "ex:g { ex:d geo:hasDefaultGeometry ex:gd . ex:gd geo:asWKT \"POINT(100 -50)\"" + WKT + " . }\n");
        DatasetGraph stored = DatasetGraphFactory.createTxnMem();
        LoadedEnvelopes envelopes = new LoadedEnvelopes(GeoSparql.CRS84, true);
        RDFParser.source(file).parse(envelopes.recording(StreamRDFLib.dataset(stored)));
        for (Node g : List.of(Quad.defaultGraphIRI, NodeFactory.createURI("https://example.org/g"))) {
            Graph graph = Quad.isDefaultGraph(g) ? stored.getDefaultGraph() : stored.getGraph(g);
            List<SpatialIndexItem> ofLoad = envelopes.itemsOfLoad(g);
            assertNotNull(ofLoad, "graph " + g);
            assertEquals(multiset(SpatialIndexItems.find(graph, GeoSparql.CRS84, new SpatialIndexItems.Unreadable())), multiset(ofLoad), "graph " + g);
        }
        // a: 2 (WKT and GML of ga), ga: 2, ga2: 1, b: 3 (gb1's two, gb2's one), gb1: 2, gb2: 1, lone: 1
        assertEquals(12, envelopes.itemsOfLoad(Quad.defaultGraphIRI).size());
    }

    @Test
    void aLoadThatCannotSayWhatTheIndexHoldsLeavesItToTheStoredGraph() throws IOException {
        Path file = tmp.resolve("odd.ttl");
        Files.writeString(file, P + "ex:a geo:hasDefaultGeometry ex:ga . ex:ga geo:asWKT \"not a geometry\" .\n"
                + "ex:b geo:hasDefaultGeometry ex:gb . ex:gb geo:asWKT \"POINT(1 2)\"" + WKT + " .\n");
        LoadedEnvelopes envelopes = new LoadedEnvelopes(GeoSparql.CRS84, true);
        RDFParser.source(file).parse(envelopes.recording(StreamRDFLib.sinkNull()));
        assertNull(envelopes.itemsOfLoad(Quad.defaultGraphIRI), "a plain string under geo:asWKT: Jena's build reports it");

        Path latLong = tmp.resolve("wgs84.ttl");
        Files.writeString(latLong, "@prefix wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#> . "
                + "<https://example.org/p> wgs:lat \"45.0\" ; wgs:long \"9.0\" .\n");
        LoadedEnvelopes wgs84 = new LoadedEnvelopes(GeoSparql.CRS84, true);
        RDFParser.source(latLong).parse(wgs84.recording(StreamRDFLib.sinkNull()));
        assertNull(wgs84.itemsOfLoad(Quad.defaultGraphIRI), "no geometry literals: Jena indexes WGS84 lat/long");
    }

    static Map<String, Integer> multiset(List<SpatialIndexItem> items) {
        Map<String, Integer> out = new TreeMap<>();
        items.forEach(i -> out.merge(i.getItem() + " " + i.getEnvelope(), 1, Integer::sum));
        return out;
    }

    /** Every (item, envelope) of a tree, with its multiplicity. */
    static Map<String, Integer> items(STRtree tree) {
        Map<String, Integer> out = new TreeMap<>();
        List<Boundable> todo = new ArrayList<>();
        if (!tree.isEmpty()) {
            todo.add(tree.getRoot());
        }
        while (!todo.isEmpty()) {
            Boundable b = todo.remove(todo.size() - 1);
            if (b instanceof ItemBoundable item) {
                out.merge(item.getItem() + " " + item.getBounds(), 1, Integer::sum);
            } else {
                todo.addAll(((AbstractNode) b).getChildBoundables());
            }
        }
        return out;
    }

    @Test
    void decimalsAreReadExactlyAsParseDoubleReadsThem() {
        java.util.Random random = new java.util.Random(42);
        List<String> numbers = new ArrayList<>(List.of("0", "-0", "0.0", "-0.0", "+1.5", "180", "-180.0", "90.",
                "0.1", "0.30000000000000004", "9007199254740991", "9007199254740992", "9007199254740993",
                "-83.60000000000001", "12.481312562873995", "0.0000000000000000000001", "1.00000000000000000000001",
                "1e5", "-2.5E-3", "123456789012345678901234567890"));
        for (int k = 0; k < 200_000; k++) {
            double d = (random.nextDouble() - 0.5) * 360;
            numbers.add(Double.toString(d));
            numbers.add(String.format(java.util.Locale.ROOT, "%." + random.nextInt(16) + "f", d));
        }
        for (String n : numbers) {
            String padded = "(" + n + " ";
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(n)),
                    Double.doubleToRawLongBits(LoadedEnvelopes.parseDecimal(padded, 1, 1 + n.length())), n);
        }
    }

    @Test
    void scannedEnvelopesEqualJenasOnEveryKindOfWkt() {
        org.apache.jena.geosparql.configuration.GeoSPARQLConfig.setupNoIndex();
        for (String wkt : List.of("POINT(1 2)", " POINT (1.5e2 -2.25E-1) ", "POINT Z (1 2 3)", "POINT ZM (1 2 3 4)",
                "LINESTRING(30 10, 10 30, 40 40)", "POLYGON ((35 10, 45 45, 15 40, 10 20, 35 10), (20 30, 35 35, 30 20, 20 30))",
                "MULTIPOINT ((10 40), (40 30), (20 20), (30 10))", "MULTIPOINT (10 40, 40 30, 20 20, 30 10)",
                "MULTIPOLYGON (((40 40, 20 45, 45 30, 40 40)), ((20 35, 10 30, 10 10, 30 5, 45 20, 20 35), (30 20, 20 15, 20 25, 30 20)))",
                "GEOMETRYCOLLECTION (POINT (40 10), LINESTRING (10 10, 20 20, 10 40), POLYGON ((40 40, 20 45, 45 30, 40 40)))",
                "<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POLYGON((-180 -90, 180 -90, 180 90, -180 -90))")) {
            org.locationtech.jts.geom.Envelope jena = org.apache.jena.geosparql.implementation.GeometryWrapper.extract(
                    wkt, "http://www.opengis.net/ont/geosparql#wktLiteral").getEnvelope();
            assertEquals(jena, LoadedEnvelopes.scanCrs84Wkt(wkt), wkt);
        }
        for (String other : List.of("POINT EMPTY", "<http://www.opengis.net/def/crs/EPSG/0/4326> POINT(45 9)", "POINT(1)",
                "POINT(1 2", "LINESTRING(1 2, 3)", "POINT(NaN 2)", "garbage")) {
            assertEquals(null, LoadedEnvelopes.scanCrs84Wkt(other), other + " is left to Jena");
        }
    }
    @Test
    void envelopesOfSeventeenDigitCoordinatesAreExactEvenWhenExtremesAreOneUlpApart() {
        org.apache.jena.geosparql.configuration.GeoSPARQLConfig.setupNoIndex();
        java.util.Random random = new java.util.Random(7);
        for (int k = 0; k < 20_000; k++) {
            // coordinates crowded around a few values, one ulp apart, written with 15 to 17 significant digits
            // (as Double.toString writes them), so that approximate readings tie and only exact ones decide
            double[] centres = {(random.nextDouble() - 0.5) * 360, (random.nextDouble() - 0.5) * 180};
            StringBuilder wkt = new StringBuilder("LINESTRING(");
            int points = 2 + random.nextInt(30);
            for (int p = 0; p < points; p++) {
                for (int axis = 0; axis < 2; axis++) {
                    double v = centres[axis];
                    for (int step = random.nextInt(7) - 3; step != 0; step -= Integer.signum(step)) {
                        v = step > 0 ? Math.nextUp(v) : Math.nextDown(v);
                    }
                    wkt.append(axis == 0 ? (p == 0 ? "" : ", ") : " ").append(random.nextInt(10) == 0 ? Double.toString(v)
                            : new java.math.BigDecimal(v).round(new java.math.MathContext(17)).toPlainString());
                }
            }
            String text = wkt.append(")").toString();
            org.locationtech.jts.geom.Envelope jena = org.apache.jena.geosparql.implementation.GeometryWrapper.extract(
                    text, "http://www.opengis.net/ont/geosparql#wktLiteral").getEnvelope();
            org.locationtech.jts.geom.Envelope scanned = LoadedEnvelopes.scanCrs84Wkt(text);
            assertEquals(List.of(jena.getMinX(), jena.getMaxX(), jena.getMinY(), jena.getMaxY()),
                    List.of(scanned.getMinX(), scanned.getMaxX(), scanned.getMinY(), scanned.getMaxY()), text);
        }
    }
}
