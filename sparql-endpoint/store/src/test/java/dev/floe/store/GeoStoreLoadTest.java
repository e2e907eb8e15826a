package dev.floe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.jena.geosparql.implementation.GeometryWrapper;
import org.apache.jena.geosparql.implementation.access.AccessGeoSPARQL;
import org.apache.jena.geosparql.implementation.vocabulary.Geo;
import org.apache.jena.geosparql.spatial.SpatialIndexFindUtils;
import org.apache.jena.geosparql.spatial.index.v2.STRtreeUtils;
import org.apache.jena.geosparql.spatial.index.v2.SpatialIndexLib;
import org.apache.jena.geosparql.spatial.index.v2.SpatialIndexPerGraph;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.index.strtree.AbstractNode;
import org.locationtech.jts.index.strtree.Boundable;
import org.locationtech.jts.index.strtree.ItemBoundable;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * What a bulk {@link GeoStore#load} leaves behind: the spatial index jena-geosparql would build plus every geometry
 * resource, geometry literals without surrounding whitespace, a text index holding every indexed literal, and
 * nothing at all after a load that fails.
 */
class GeoStoreLoadTest {

    static final String P = "@prefix geo: <http://www.opengis.net/ont/geosparql#> . @prefix ex: <https://example.org/> . "
            + "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . ";
    static final String WKT = "^^geo:wktLiteral";
    static final Node G = NodeFactory.createURI("https://example.org/g");
    static final Node POINTS = NodeFactory.createURI("https://example.org/points");

    @TempDir
    Path tmp;

    @Test
    void theSpatialIndexOfEveryLoadedGraphIsJenasBuildPlusEveryGeometryResource() throws IOException {
        Path first = tmp.resolve("first.trig");
        Files.writeString(first, P
                // a geometry loaded earlier, linked to a feature only in the second load
                + "ex:oldGeom geo:asWKT \"POINT(10 20)\"" + WKT + " .\n");
        Path second = tmp.resolve("second.trig");
        Files.writeString(second, P
                // a default geometry (WKT and GML) wins over the feature's other geometry
                + "ex:a geo:hasDefaultGeometry ex:ga ; geo:hasGeometry ex:ga2 .\n"
                + "ex:ga geo:asWKT \"POLYGON((0 0, 4 0, 4 3, 0 3, 0 0))\"" + WKT + " ;\n"
                + "  geo:asGML \"<gml:Point xmlns:gml='http://www.opengis.net/gml/3.2' srsName='http://www.opengis.net/def/crs/OGC/1.3/CRS84'>"
                + "<gml:pos>7 8</gml:pos></gml:Point>\"^^geo:gmlLiteral .\n"
                // streamed twice, stored once
                + "ex:ga geo:asWKT \"POLYGON((0 0, 4 0, 4 3, 0 3, 0 0))\"" + WKT + " .\n"
                + "ex:e geo:hasDefaultGeometry ex:ga2 .\n"
                // lat/lon in EPSG:4326
                + "ex:ga2 geo:asWKT \"<http://www.opengis.net/def/crs/EPSG/0/4326> POINT(45 9)\"" + WKT + " .\n"
                + "ex:b geo:hasDefaultGeometry ex:oldGeom .\n"
                + "ex:c geo:hasDefaultGeometry ex:gc .\n"
                // the same geometry property twice with different texts
                + "ex:gc geo:asWKT \"LINESTRING(1 1, 2 2)\"" + WKT + " , \"LINESTRING(-1 -1, -2 -5)\"" + WKT + " .\n"
                // no default geometry: every geometry indexes the feature; hasSerialization only where there is no WKT;
                // coordinates of 17 and more significant digits
                + "ex:f geo:hasGeometry ex:gf1 , ex:gf2 .\n"
                + "ex:gf1 geo:asWKT \"POINT(-120.123456789012345 38.98765432109876)\"" + WKT + " .\n"
                + "ex:gf2 geo:hasSerialization \"POINT(30 30)\"" + WKT + " .\n"
                // a geometry nobody links to, a link to a geometry without a literal
                + "ex:lone geo:asWKT \"POINT(-170 80)\"" + WKT + " .\n"
                + "ex:h geo:hasDefaultGeometry ex:nothing .\n"
                + "ex:g { ex:d geo:hasDefaultGeometry ex:gd . ex:gd geo:asWKT \"POINT(100 -50)\"" + WKT + " . }\n"
                // a graph without GeoSPARQL literals: Jena indexes its W3C WGS84 points
                + "ex:points { ex:p <http://www.w3.org/2003/01/geo/wgs84_pos#lat> \"45.0\" ; "
                + "<http://www.w3.org/2003/01/geo/wgs84_pos#long> \"9.0\" . }\n");
        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            store.load(List.of(first));
            store.load(List.of(second));
            SpatialIndexPerGraph index = assertIndexIsJenasPlusEveryGeometry(store, List.of(Quad.defaultGraphIRI, G, POINTS));
            Map<String, Integer> all = items(index.getIndex().getDefaultTree());
            // a: 2, ga: 2, e: 1, ga2: 1, b: 1, oldGeom: 1, c: 2, gc: 2, f: 2, gf1: 1, gf2: 1, lone: 1
            assertEquals(17, all.values().stream().mapToInt(Integer::intValue).sum(), all.toString());
            assertTrue(all.containsKey("https://example.org/e Env[9.0 : 9.0, 45.0 : 45.0]"), "EPSG:4326 lat/lon swapped: " + all);
            assertEquals(1, items(index.getIndex().getTree(POINTS)).size());
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
    void geometryLiteralsAreStoredWithoutTheWhitespaceAroundThem() throws IOException {
        Path file = tmp.resolve("pretty.ttl");
        Files.writeString(file, P + "ex:g geo:asWKT \"\"\"\n    POINT(1 2)\n  \"\"\"" + WKT + " .\n"
                + "ex:g rdfs:label \"\"\"\n  kept as written\n\"\"\" .\n");
        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            store.load(List.of(file));
            Txn.executeRead(store.dataset(), () -> {
                Graph graph = store.dataset().asDatasetGraph().getDefaultGraph();
                Node g = NodeFactory.createURI("https://example.org/g");
                assertEquals("POINT(1 2)", graph.find(g, Geo.AS_WKT_NODE, Node.ANY).next().getObject().getLiteralLexicalForm());
                assertEquals("\n  kept as written\n", graph.find(g, org.apache.jena.vocabulary.RDFS.label.asNode(), Node.ANY).next()
                        .getObject().getLiteralLexicalForm(), "only geometry literals are trimmed");
            });
        }
    }

    static final List<String> WORDS = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "zulu");
    static final String GOLF_IN_G = "PREFIX text: <http://jena.apache.org/text#> SELECT ?s WHERE { "
            + "GRAPH <https://example.org/g> { ?s text:query 'golf' } }";

    @Test
    void theTextIndexHoldsEveryIndexedLiteralOfTheLoadAsARebuildWould() throws IOException {
        Path file = tmp.resolve("text.trig");
        Files.writeString(file, P + "@prefix dct: <http://purl.org/dc/terms/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> . "
                + "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
                + "ex:a rdfs:label \"Alpha\" ; dct:title \"Bravo\" ; dct:description \"Charlie\" ; ex:other \"Zulu\" .\n"
                + "ex:b skos:prefLabel \"Delta\" ; skos:altLabel \"Echo\" ; dcat:keyword \"Foxtrot\" .\n"
                + "ex:g { ex:c rdfs:label \"Golf\" . }\n");
        Path dir = tmp.resolve("store");
        List<List<String>> afterLoad = new ArrayList<>();
        try (GeoStore store = GeoStore.open(dir)) {
            store.load(List.of(file));
            for (String word : WORDS) {
                afterLoad.add(TextSearchTest.search(store, word));
            }
            assertEquals(List.of(List.of("https://example.org/a"), List.of("https://example.org/a"), List.of("https://example.org/a"),
                    List.of("https://example.org/b"), List.of("https://example.org/b"), List.of("https://example.org/b"),
                    List.of(), List.of()), afterLoad, "the named graph's label is found in its graph only");
            assertEquals(1, TextSearchTest.count(store, GOLF_IN_G));
        }
        try (Stream<Path> files = Files.walk(dir.resolve("text"))) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        try (GeoStore store = GeoStore.open(dir)) { // rebuilt from the stored data
            List<List<String>> rebuilt = new ArrayList<>();
            for (String word : WORDS) {
                rebuilt.add(TextSearchTest.search(store, word));
            }
            assertEquals(rebuilt, afterLoad);
            assertEquals(1, TextSearchTest.count(store, GOLF_IN_G));
        }
    }

    @Test
    void aLoadThatFailsLeavesNoTriplesNoTextAndNoIndexEntriesBehind() throws IOException {
        Path good = tmp.resolve("good.ttl");
        Files.writeString(good, P + "ex:x rdfs:label \"Xray\" ; geo:hasDefaultGeometry ex:gx . ex:gx geo:asWKT \"POINT(5 5)\"" + WKT + " .\n");
        Path bad = tmp.resolve("bad.ttl");
        Files.writeString(bad, P + "ex:y rdfs:label \"Yankee\" ; geo:hasDefaultGeometry ex:gy . ex:gy geo:asWKT \"POINT(6 6)\"" + WKT + " .\n"
                + "ex:z rdfs:label \"unterminated .\n");
        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            store.load(List.of(good));
            long size = store.size();
            long indexed = store.spatialIndexSize();
            StoreException e = assertThrows(StoreException.class, () -> store.load(List.of(bad)));
            assertTrue(e.getMessage().startsWith(bad + ": [line: 3, col: 1 ] Broken token"), e.getMessage());
            assertTrue(e.getMessage().endsWith("(nothing was loaded)"), e.getMessage());
            assertEquals(size, store.size());
            assertEquals(indexed, store.spatialIndexSize());
            assertEquals(List.of(), TextSearchTest.search(store, "yankee"));
            assertEquals(List.of("https://example.org/x"), TextSearchTest.search(store, "xray"));
            assertFalse(Files.exists(tmp.resolve("store/spatial/STALE")));
        }
    }
}
