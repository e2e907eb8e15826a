package dev.floe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Dataset;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.apache.jena.update.UpdateFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One geometry literal that does not parse never reaches the store through floe (update, Graph Store, load), and a
 * store that holds one already (written by an older version or another tool) still opens and answers, saying so.
 */
class InvalidGeometryLiteralTest {

    static final String WKT = "<http://www.opengis.net/ont/geosparql#wktLiteral>";
    static final String AS_WKT = "<http://www.opengis.net/ont/geosparql#asWKT>";

    @TempDir
    Path tmp;
    Path dir;
    long size;

    @BeforeEach
    void load() {
        dir = tmp.resolve("store");
        try (GeoStore store = GeoStore.open(dir)) {
            store.load(List.of(GeoStoreTest.resource("places.ttl")));
            size = store.size();
        }
    }

    @Test
    void anUpdateBringingOneIsRefusedBeforeItCommits() {
        try (GeoStore store = GeoStore.open(dir)) {
            InvalidGeometryLiteralException e = assertThrows(InvalidGeometryLiteralException.class, () -> store.update(UpdateFactory.create(
                    "INSERT DATA { <https://example.org/ok> " + AS_WKT + " \"POINT(1 2)\"^^" + WKT + " . <https://example.org/bad> "
                            + AS_WKT + " \"POINT(1\"^^" + WKT + " }")));
            assertTrue(e.getMessage().startsWith("invalid geometry literal \"POINT(1\"^^<http://www.opengis.net/ont/geosparql#wktLiteral>"
                    + " of <https://example.org/bad>: "), e.getMessage());
            assertEquals(size, store.size(), "nothing of the update was kept");
            store.update(UpdateFactory.create("INSERT DATA { <https://example.org/ok> " + AS_WKT + " \"POINT(1 2)\"^^" + WKT + " }"));
            assertEquals(size + 1, store.size(), "the store takes the next write");
        }
        try (GeoStore store = GeoStore.open(dir)) {
            assertEquals(List.of(), store.warnings());
        }
    }

    @Test
    void aLoadWithOneFailsNamingFileAndLineAndKeepsNothing() throws Exception {
        Path file = tmp.resolve("one-bad.nt");
        Files.writeString(file, "<https://example.org/a> " + AS_WKT + " \"POINT (1 2)\"^^" + WKT + " .\n"
                + "<https://example.org/b> " + AS_WKT + " \"POINT (1 2)\"^^" + WKT + " .\n"
                + "<https://example.org/c> " + AS_WKT + " \"POLYGON ((0 0, 1 1))\"^^" + WKT + " .\n");
        try (GeoStore store = GeoStore.open(dir)) {
            StoreException e = assertThrows(StoreException.class, () -> store.load(List.of(file)));
            assertEquals(file + ": [line: 3, col: 70] invalid geometry literal \"POLYGON ((0 0, 1 1))\"^^geo:wktLiteral: it does not "
                    + "parse (nothing was loaded)", e.getMessage());
            assertEquals(size, store.size());
        }
        try (GeoStore store = GeoStore.open(dir)) {
            assertEquals(size, store.size(), "the store opens as it was");
            assertEquals(List.of(), store.warnings());
        }
    }

    @Test
    void aStoreThatHoldsOneStillOpensAndSaysWhichLiteralItLeftOut() {
        // written past floe, as an older version did
        Dataset raw = TDB2Factory.connectDataset(dir.resolve("tdb2").toString());
        Txn.executeWrite(raw, () -> {
            raw.asDatasetGraph().getDefaultGraph().add(Triple.create(NodeFactory.createURI("https://example.org/poison"),
                    NodeFactory.createURI("http://www.opengis.net/ont/geosparql#asWKT"), NodeFactory.createLiteralDT("POINT(1",
                            org.apache.jena.datatypes.TypeMapper.getInstance().getSafeTypeByName("http://www.opengis.net/ont/geosparql#wktLiteral"))));
        });
        TDBInternal.expel(raw.asDatasetGraph());
        try (GeoStore store = GeoStore.open(dir)) {
            store.rebuildSpatialIndex();
            assertEquals(List.of(store.directory() + ": 1 geometry literal does not parse and is left out of the spatial index, "
                    + "first <https://example.org/poison> \"POINT(1\" (Build WKT Geometry Exception - Type: point, Coordinates: (1. "
                    + "Index 1 out of bounds for length 1); correct or delete it with SPARQL Update"), store.warnings());
            assertEquals(12, store.spatialIndexSize(), "every other geometry is indexed");
            assertEquals(List.of("Rome", "San Marino", "Vatican City"), GeoStoreTest.names(store, GeoStoreWritesTest.IN_ITALY));
            store.update(UpdateFactory.create("DELETE WHERE { <https://example.org/poison> ?p ?o }"));
        }
    }
}
