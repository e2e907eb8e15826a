package dev.floe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.jena.geosparql.spatial.SpatialIndexItem;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.apache.jena.update.UpdateFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

import dev.floe.ontology.GeoSparql;

/**
 * The spatial index follows writes incrementally (only the resources a write changed are looked up again), and
 * after any sequence of writes it holds exactly what a build from scratch over the same data holds: in memory,
 * after a clean reopen, and after the process is killed (the saved index plus the journal).
 */
class IncrementalSpatialIndexTest {

    static final String P = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> PREFIX ex: <https://example.org/> ";
    static final String[] GRAPHS = {null, "https://example.org/g1", "https://example.org/g2"};

    @TempDir
    Path tmp;

    /** One random write: insert, move, unlink, relink, delete features and bare geometries, in some graph. */
    static String randomWrite(Random r) {
        String graph = GRAPHS[r.nextInt(GRAPHS.length)];
        int f = r.nextInt(40);
        String feature = "ex:f" + f;
        String geometry = "ex:g" + f;
        String wkt = "\"POINT (" + (r.nextInt(3600) / 10.0 - 180) + " " + (r.nextInt(1700) / 10.0 - 85) + ")\"^^geo:wktLiteral";
        String body = switch (r.nextInt(7)) {
            case 0, 1 -> "INSERT DATA { " + open(graph) + feature + " geo:hasDefaultGeometry " + geometry + " . "
                    + geometry + " geo:asWKT " + wkt + " " + close(graph) + "}";
            case 2 -> (graph == null ? "" : "WITH <" + graph + "> ") + "DELETE { " + geometry + " geo:asWKT ?w } INSERT { "
                    + geometry + " geo:asWKT " + wkt + " } WHERE { OPTIONAL { " + geometry + " geo:asWKT ?w } }";
            case 3 -> "DELETE WHERE { " + open(graph) + feature + " geo:hasDefaultGeometry ?g " + close(graph) + "}";
            case 4 -> "INSERT DATA { " + open(graph) + feature + " geo:hasGeometry " + geometry + " " + close(graph) + "}";
            case 5 -> "DELETE WHERE { " + open(graph) + geometry + " ?p ?o " + close(graph) + "}";
            default -> "INSERT DATA { " + open(graph) + "ex:bare" + f + " geo:asWKT " + wkt + " " + close(graph) + "}";
        };
        return P + body;
    }

    private static String open(String graph) {
        return graph == null ? "" : "GRAPH <" + graph + "> { ";
    }

    private static String close(String graph) {
        return graph == null ? "" : "} ";
    }

    /** Each graph's items as "resource envelope" with counts: the live index's, and a build from scratch's. */
    static void assertIndexEqualsAFreshBuild(GeoStore store) {
        DatasetGraph dsg = store.dataset().asDatasetGraph();
        LiveSpatialIndex live = store.liveIndex();
        Txn.executeRead(dsg, () -> {
            List<Node> graphs = new ArrayList<>(List.of(Quad.defaultGraphIRI));
            dsg.listGraphNodes().forEachRemaining(graphs::add);
            for (Node g : live.graphNames()) {
                if (!graphs.contains(g)) {
                    assertEquals(Map.of(), counts(live.items(g)), "graph " + g + " is gone from the data");
                }
            }
            for (Node g : graphs) {
                List<SpatialIndexItem> fresh = SpatialIndexItems.find(Quad.isDefaultGraph(g) ? dsg.getDefaultGraph() : dsg.getGraph(g),
                        GeoSparql.CRS84, new SpatialIndexItems.Unreadable());
                Map<String, Integer> expected = counts(fresh);
                Map<String, Integer> actual = counts(live.items(g));
                if (!expected.equals(actual)) {
                    Map<String, Integer> missing = new TreeMap<>(expected);
                    actual.forEach((k, v) -> missing.remove(k, v));
                    Map<String, Integer> extra = new TreeMap<>(actual);
                    expected.forEach((k, v) -> extra.remove(k, v));
                    assertEquals(expected, actual, "graph " + g + ": missing " + missing + ", extra " + extra);
                }
            }
        });
    }

    static Map<String, Integer> counts(List<SpatialIndexItem> items) {
        Map<String, Integer> out = new TreeMap<>();
        for (SpatialIndexItem i : items) {
            Envelope e = i.getEnvelope();
            out.merge(i.getItem() + " " + e, 1, Integer::sum);
        }
        return out;
    }

    @Test
    void afterEachOfManyRandomWritesTheIndexIsWhatAFullBuildGives() {
        Random r = new Random(20261207);
        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            store.load(List.of(GeoStoreTest.resource("places.ttl")));
            List<String> done = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String w = randomWrite(r);
                done.add(w.substring(P.length()));
                store.update(UpdateFactory.create(w));
                try {
                    assertIndexEqualsAFreshBuild(store);
                } catch (AssertionError e) {
                    throw new AssertionError("after " + String.join("\n", done.subList(Math.max(0, done.size() - 12), done.size())) + "\n" + e.getMessage(), e);
                }
                assertTrue(Files.notExists(tmp.resolve("store/spatial/STALE")), "each write leaves the index saved");
            }
            assertIndexEqualsAFreshBuild(store);
            store.update(UpdateFactory.create("DROP GRAPH <https://example.org/g1>"));
            assertIndexEqualsAFreshBuild(store);
        }
        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            assertIndexEqualsAFreshBuild(store);
        }
    }

    @Test
    void manyChangesAreMergedInTheBackgroundIntoASavedIndex() throws Exception {
        Path dir = tmp.resolve("merged");
        try (GeoStore store = GeoStore.open(dir)) {
            store.load(List.of(GeoStoreTest.resource("places.ttl")));
            StringBuilder insert = new StringBuilder(P + "INSERT DATA { ");
            for (int i = 0; i < LiveSpatialIndex.MERGE_AT; i++) {
                insert.append("ex:m").append(i).append(" geo:hasDefaultGeometry ex:mg").append(i).append(" . ex:mg").append(i)
                        .append(" geo:asWKT \"POINT (").append(i % 360 - 180).append(' ').append(i % 170 - 85).append(")\"^^geo:wktLiteral . ");
            }
            store.update(UpdateFactory.create(insert.append('}').toString()));
            Path journal = dir.resolve("spatial/spatial.journal");
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (store.liveIndex().hasChanges() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(!store.liveIndex().hasChanges(), "the changes were folded into the base trees");
            assertTrue(Files.notExists(journal), "the merged index was saved and the journal started afresh");
            assertIndexEqualsAFreshBuild(store);
            store.update(UpdateFactory.create(P + "DELETE WHERE { ex:m7 ?p ?o }"));
            assertIndexEqualsAFreshBuild(store);
        }
        try (GeoStore store = GeoStore.open(dir)) {
            assertIndexEqualsAFreshBuild(store);
            assertEquals(12 + 2L * LiveSpatialIndex.MERGE_AT - 1, store.spatialIndexSize());
        }
    }

    @Test
    void aProcessKilledAfterItsWritesLeavesAnIndexThatReopensRightFromTheJournal() throws Exception {
        Path dir = tmp.resolve("killed");
        try (GeoStore store = GeoStore.open(dir)) {
            store.load(List.of(GeoStoreTest.resource("places.ttl")));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process writer = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                WriteMain.class.getName(), dir.toString())).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null && !line.equals(WriteMain.DONE)) {
            seen.add(line);
        }
        assertEquals(WriteMain.DONE, line, "the writer did not finish: " + seen);
        writer.destroyForcibly(); // SIGKILL: no close, no final save
        assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        assertTrue(Files.size(dir.resolve("spatial/spatial.journal")) > 0, "the writes are in the journal only");
        try (GeoStore store = GeoStore.open(dir)) {
            assertEquals(List.of(), store.warnings());
            assertIndexEqualsAFreshBuild(store);
            assertEquals(List.of("https://example.org/f3", "https://example.org/known"), GeoStoreTest.names(store, P + "SELECT ?name WHERE { "
                    + "?f geo:sfWithin \"POLYGON ((99 9, 101 9, 101 11, 99 11, 99 9))\"^^geo:wktLiteral BIND(STR(?f) AS ?name) } ORDER BY ?name"));
        }
    }

    /** The child process: a few hundred writes, then it waits to be killed. */
    public static final class WriteMain {
        static final String DONE = "written";

        public static void main(String[] args) throws Exception {
            GeoStore store = GeoStore.open(Path.of(args[0]));
            Random r = new Random(7);
            for (int i = 0; i < 60; i++) {
                store.update(UpdateFactory.create(randomWrite(r)));
            }
            store.update(UpdateFactory.create(P + "INSERT DATA { ex:f3 geo:hasDefaultGeometry ex:known . "
                    + "ex:known geo:asWKT \"POINT (100 10)\"^^geo:wktLiteral }"));
            System.out.println(DONE);
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
