package dev.floe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Dataset;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.store.tupletable.TupleTable;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loading process killed with SIGKILL (kill -9) inside TDB2's commit window (the primary index and node table
 * committed, the other indexes not yet) leaves a store that opens whole: the next open finds the indexes disagree,
 * rebuilds them from the primary, says so, and every triple is found by subject, predicate and label, in the
 * spatial and the text index; the next load works.
 */
class KilledLoadTest {

    static final int FEATURES = 50_000;

    @TempDir
    Path tmp;

    @Test
    void aKillBetweenTheIndexCommitsIsRepairedOnTheNextOpen() throws Exception {
        Path dir = tmp.resolve("store");
        long before;
        try (GeoStore store = GeoStore.open(dir)) {
            store.load(List.of(GeoStoreTest.resource("places.ttl")));
            before = store.size();
        }
        Path big = tmp.resolve("big.nt");
        try (BufferedWriter w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            for (int i = 0; i < FEATURES; i++) {
                w.write("<https://example.org/f" + i + "> <http://www.opengis.net/ont/geosparql#hasDefaultGeometry> <https://example.org/g" + i + "> .\n");
                w.write("<https://example.org/g" + i + "> <http://www.opengis.net/ont/geosparql#asWKT> \"POINT (" + (i % 360 - 180)
                        + " " + (i % 170 - 85) + ")\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> .\n");
            }
        }

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process loader = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LoadMain.class.getName(), dir.toString(), big.toString())).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(loader.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new java.util.ArrayList<>();
        String line;
        while ((line = out.readLine()) != null && !line.equals(LoadMain.IN_WINDOW)) {
            seen.add(line);
        }
        assertEquals(LoadMain.IN_WINDOW, line, "the loader never reached the commit window: " + seen);
        loader.destroyForcibly(); // SIGKILL, while the loader is held between the index commits
        assertTrue(loader.waitFor(30, TimeUnit.SECONDS));

        // the kill landed in the window: the primary index holds the load, the predicate index does not
        Dataset raw = TDB2Factory.connectDataset(dir.resolve("tdb2").toString());
        TupleTable triples = TDBInternal.getDatasetGraphTDB(raw).getTripleTable().getNodeTupleTable().getTupleTable();
        long spo = Txn.calculateRead(raw, () -> triples.getIndex(0).size());
        long pos = Txn.calculateRead(raw, () -> triples.getIndex(1).size());
        TDBInternal.expel(raw.asDatasetGraph());
        assertEquals(before + 2L * FEATURES, spo, "SPO committed");
        assertEquals(before, pos, "POS not committed");

        try (GeoStore store = GeoStore.open(dir)) {
            assertEquals(List.of(dir.toAbsolutePath() + ": after an interrupted write, index POS held " + before + " records, SPO "
                    + spo + ": rebuilt from SPO", dir.toAbsolutePath() + ": after an interrupted write, index OSP held " + before
                    + " records, SPO " + spo + ": rebuilt from SPO"), store.warnings());
            assertEquals(before + 2L * FEATURES, store.size());
            long byPredicate = Txn.calculateRead(store.dataset(), () -> (long) store.dataset().asDatasetGraph().getDefaultGraph()
                    .find(Node.ANY, NodeFactory.createURI("http://www.opengis.net/ont/geosparql#asWKT"), Node.ANY).toList().size());
            assertEquals(12 / 2 + FEATURES, byPredicate, "every geometry found by its predicate");
            assertEquals(12 + 2 * FEATURES, store.spatialIndexSize(), "features and geometries");
            assertEquals(List.of("https://example.org/oslo"), TextSearchTest.search(store, "oslo"));
            store.load(List.of(GeoStoreTest.resource("places.ttl")));
        }
        Dataset after = TDB2Factory.connectDataset(dir.resolve("tdb2").toString());
        try {
            assertEquals(List.of(), IndexAgreement.repair(after), "the indexes agree after the repair and the next load");
        } finally {
            TDBInternal.expel(after.asDatasetGraph());
        }
    }

    /** The child process: opens the store and loads one file, stopping for good between TDB2's index commits. */
    public static final class LoadMain {
        static final String IN_WINDOW = "between the index commits";

        public static void main(String[] args) throws Exception {
            try (GeoStore store = GeoStore.open(Path.of(args[0]))) {
                store.load(List.of(Path.of(args[1])), false, message -> {
                    System.out.println(message);
                    // TDB2 says this once the primary index has committed and before it builds the others from it
                    if (message.startsWith("Start replay index")) {
                        System.out.println(IN_WINDOW);
                        System.out.flush();
                        try {
                            Thread.sleep(Long.MAX_VALUE);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
            }
        }
    }
}
