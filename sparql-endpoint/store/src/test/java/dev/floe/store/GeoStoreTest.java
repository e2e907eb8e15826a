package dev.floe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoStoreTest {

    static final String WITHIN_ITALY_BOX = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            + "SELECT ?name WHERE { ?place geo:sfWithin <https://example.org/italyBox> ; a <https://w3id.org/floe/ontology#PopulatedPlace> ; rdfs:label ?name } ORDER BY ?name";

    @TempDir
    Path tmp;

    static Path resource(String name) {
        try {
            return Path.of(GeoStoreTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> names(GeoStore store, String query) {
        return Txn.calculateRead(store.dataset(), () -> {
            List<String> out = new ArrayList<>();
            try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(query).build()) {
                qe.execSelect().forEachRemaining(r -> out.add(r.getLiteral("name").getString()));
            }
            return out;
        });
    }

    @Test
    void loadCommitsTheFileAndIndexesEveryGeometry() {
        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            assertTrue(store.isEmpty());
            LoadSummary summary = store.load(List.of(resource("places.ttl")));
            assertEquals(41, summary.quads());
            assertEquals(41, summary.storeSize());
            assertEquals(12, summary.indexed(), "6 features and their 6 geometries");
            assertEquals(List.of("Rome", "San Marino", "Vatican City"), names(store, WITHIN_ITALY_BOX));
        }
    }

    @Test
    void spatialIndexSurvivesARestart() {
        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            store.load(List.of(resource("places.ttl")));
        }
        assertTrue(Files.isRegularFile(tmp.resolve("store/spatial/spatial.index")));
        assertFalse(Files.exists(tmp.resolve("store/spatial/STALE")));
        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            assertEquals(12, store.spatialIndexSize());
            assertEquals(List.of("Rome", "San Marino", "Vatican City"), names(store, WITHIN_ITALY_BOX));
        }
    }

    @Test
    void staleMarkerFromAnInterruptedLoadRebuildsTheIndexOnOpen() throws IOException {
        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            store.load(List.of(resource("places.ttl")));
        }
        // as if the process died after the commit and before the index was saved
        Files.delete(tmp.resolve("store/spatial/spatial.index"));
        Files.createFile(tmp.resolve("store/spatial/STALE"));
        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            assertEquals(12, store.spatialIndexSize());
            assertFalse(Files.exists(tmp.resolve("store/spatial/STALE")));
        }
    }

    @Test
    void aBadFileAbortsTheWholeLoadAndNamesFileAndLine() {
        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            Path good = resource("places.ttl");
            Path bad = resource("broken.ttl");
            StoreException e = assertThrows(StoreException.class, () -> store.load(List.of(good, bad)));
            assertTrue(e.getMessage().startsWith(bad + ": [line: 4, col: 1 ] Broken token (newline in string)"), e.getMessage());
            assertTrue(e.getMessage().endsWith("(nothing was loaded)"), e.getMessage());
            assertTrue(store.isEmpty());
            assertEquals(List.of(), names(store, WITHIN_ITALY_BOX));
        }
    }

    @Test
    void aMissingFileIsRejectedBeforeAnythingIsLoaded() {
        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            Path missing = tmp.resolve("nope.nt");
            StoreException e = assertThrows(StoreException.class,
                    () -> store.load(List.of(resource("places.ttl"), missing)));
            assertEquals(missing + ": no such file", e.getMessage());
            assertTrue(store.isEmpty());
        }
    }
    @Test
    void sizeCountsDefaultGraphTriplesAndNamedGraphQuadsOnceEach() throws IOException {
        Path trig = tmp.resolve("mixed.trig");
        Files.writeString(trig, """
                @prefix ex: <https://example.org/> .
                ex:a ex:p 1 . ex:a ex:p 2 . ex:a ex:p 1 .
                ex:g1 { ex:a ex:p 1 . ex:b ex:p 3 . }
                ex:g2 { ex:c ex:p 4 . ex:c ex:p 4 . }
                """);
        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            LoadSummary summary = store.load(List.of(trig));
            assertEquals(7, summary.quads(), "statements read, duplicates included");
            assertEquals(5, summary.storeSize(), "2 default-graph triples, 2 quads in ex:g1, 1 in ex:g2");
            store.update(org.apache.jena.update.UpdateFactory.create(
                    "PREFIX ex: <https://example.org/> DELETE DATA { ex:a ex:p 2 . GRAPH ex:g1 { ex:b ex:p 3 } }"));
            assertEquals(3, store.size());
            long counted = Txn.calculateRead(store.dataset(), () -> {
                long n = org.apache.jena.atlas.iterator.Iter.count(store.dataset().asDatasetGraph().find());
                return n;
            });
            assertEquals(counted, store.size(), "the same as counting every quad");
        }
    }

    @Test
    void gzippedFilesLoadByTheNameBeforeGzAndBrokenOnesAreNamed(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path gz = tmp.resolve("places.ttl.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(gz))) {
            java.nio.file.Files.copy(resource("places.ttl"), out);
        }
        Path empty = java.nio.file.Files.createFile(tmp.resolve("empty.nt.gz"));
        Path plain = java.nio.file.Files.copy(resource("places.ttl"), tmp.resolve("not-gzip.ttl.gz"));
        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            assertEquals(41, store.load(List.of(gz)).quads());
            assertEquals(empty + ": empty or truncated gzip file (nothing was loaded)",
                    org.junit.jupiter.api.Assertions.assertThrows(StoreException.class, () -> store.load(List.of(empty))).getMessage());
            assertEquals(plain + ": not a gzip file (Not in GZIP format; nothing was loaded)",
                    org.junit.jupiter.api.Assertions.assertThrows(StoreException.class, () -> store.load(List.of(plain))).getMessage());
            assertEquals(41, store.size());
        }
    }

    @Test
    void aTruncatedOrCorruptGzipFileFailsTheWholeLoadNamingTheFile(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path gz = tmp.resolve("places.ttl.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(gz))) {
            java.nio.file.Files.copy(resource("places.ttl"), out);
        }
        byte[] whole = java.nio.file.Files.readAllBytes(gz);
        Path truncated = java.nio.file.Files.write(tmp.resolve("truncated.ttl.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        byte[] flipped = whole.clone();
        for (int i = 20; i < 40; i++) {
            flipped[i] ^= (byte) 0xA5;
        }
        Path corrupt = java.nio.file.Files.write(tmp.resolve("corrupt.ttl.gz"), flipped);
        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            assertEquals(truncated + ": empty or truncated gzip file (nothing was loaded)",
                    org.junit.jupiter.api.Assertions.assertThrows(StoreException.class, () -> store.load(List.of(gz, truncated))).getMessage());
            String message = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class,
                    () -> store.load(List.of(gz, corrupt))).getMessage();
            assertTrue(message.startsWith(corrupt + ": corrupt gzip file ("), message);
            assertEquals(0, store.size(), "nothing of either load is kept");
        }
    }
}
