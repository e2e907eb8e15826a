package dev.floe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.update.UpdateFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every write keeps the spatial index in step with the data: inserts, deletes, moves, named graphs, restarts. */
class GeoStoreWritesTest {

    static final String PREFIXES = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX ex: <https://example.org/> "
            + "PREFIX floe: <https://w3id.org/floe/ontology#> ";
    static final String IN_ITALY = PREFIXES + "SELECT ?name WHERE { ?p geo:sfWithin ex:italyBox ; a floe:PopulatedPlace ; "
            + "rdfs:label ?name } ORDER BY ?name";

    @TempDir
    Path tmp;
    Path dir;

    @BeforeEach
    void load() {
        dir = tmp.resolve("store");
        try (GeoStore store = GeoStore.open(dir)) {
            store.load(List.of(GeoStoreTest.resource("places.ttl")));
        }
    }

    static void update(GeoStore store, String update) {
        store.update(UpdateFactory.create(PREFIXES + update));
    }

    @Test
    void insertedDeletedAndMovedFeaturesAreFoundByPropertyFunctionsAtOnceAndAfterARestart() {
        try (GeoStore store = GeoStore.open(dir)) {
            update(store, "INSERT DATA { ex:naples a geo:Feature, floe:PopulatedPlace ; rdfs:label 'Naples' ; "
                    + "geo:hasGeometry ex:naples-g ; geo:hasDefaultGeometry ex:naples-g . "
                    + "ex:naples-g geo:asWKT 'POINT (14.25 40.85)'^^geo:wktLiteral }");
            assertEquals(List.of("Naples", "Rome", "San Marino", "Vatican City"), GeoStoreTest.names(store, IN_ITALY));

            update(store, "DELETE WHERE { ex:sanmarino ?p ?o }");
            assertEquals(List.of("Naples", "Rome", "Vatican City"), GeoStoreTest.names(store, IN_ITALY));

            // move Paris into the box and Rome out of it
            update(store, "DELETE { ?g geo:asWKT ?w } INSERT { ?g geo:asWKT 'POINT (10.0 44.0)'^^geo:wktLiteral } "
                    + "WHERE { ex:paris-g geo:asWKT ?w BIND(ex:paris-g AS ?g) }");
            update(store, "DELETE { ex:rome-g geo:asWKT ?w } INSERT { ex:rome-g geo:asWKT 'POINT (30 60)'^^geo:wktLiteral } "
                    + "WHERE { ex:rome-g geo:asWKT ?w }");
            assertEquals(List.of("Naples", "Paris", "Vatican City"), GeoStoreTest.names(store, IN_ITALY));
            assertFalse(Files.exists(dir.resolve("spatial/STALE")));
        }
        try (GeoStore store = GeoStore.open(dir)) {
            assertEquals(List.of("Naples", "Paris", "Vatican City"), GeoStoreTest.names(store, IN_ITALY));
        }
    }

    @Test
    void namedGraphsAreIndexedAndDroppedOnTheirOwn() {
        String inGraph = PREFIXES + "SELECT ?name WHERE { GRAPH ex:g { ?p geo:sfWithin ex:box ; rdfs:label ?name } } ORDER BY ?name";
        try (GeoStore store = GeoStore.open(dir)) {
            update(store, "INSERT DATA { GRAPH ex:g { ex:box geo:hasGeometry ex:box-g ; geo:hasDefaultGeometry ex:box-g . "
                    + "ex:box-g geo:asWKT 'POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))'^^geo:wktLiteral . "
                    + "ex:a rdfs:label 'A' ; geo:hasGeometry ex:a-g ; geo:hasDefaultGeometry ex:a-g . "
                    + "ex:a-g geo:asWKT 'POINT (5 5)'^^geo:wktLiteral } }");
            assertEquals(List.of("A"), GeoStoreTest.names(store, inGraph));
            assertEquals(List.of("Rome", "San Marino", "Vatican City"), GeoStoreTest.names(store, IN_ITALY));

            assertTrue(store.dropGraph(NodeFactory.createURI("https://example.org/g")));
            assertFalse(store.hasGraph(NodeFactory.createURI("https://example.org/g")));
            assertEquals(List.of(), GeoStoreTest.names(store, inGraph));
            assertEquals(List.of("Rome", "San Marino", "Vatican City"), GeoStoreTest.names(store, IN_ITALY));
        }
    }

    @Test
    void aFailingUpdateRequestChangesNothing() {
        try (GeoStore store = GeoStore.open(dir)) {
            long before = store.size();
            RuntimeException e = assertThrows(RuntimeException.class, () -> update(store,
                    "INSERT DATA { ex:x rdfs:label 'X' } ; LOAD <file:///nonexistent/floe-test.ttl>"));
            assertTrue(e.getMessage().contains("nonexistent"), e.getMessage());
            assertEquals(before, store.size());
            assertFalse(Files.exists(dir.resolve("spatial/STALE")));
        }
    }

    @Test
    void graphStoreReplaceReportsCreationAndABadBodyChangesNothing() {
        var graph = NodeFactory.createURI("https://example.org/gsp");
        try (GeoStore store = GeoStore.open(dir)) {
            assertTrue(store.replaceGraph(graph, sink -> RDFParser.fromString(
                    "<https://example.org/s> <https://example.org/p> 1 .", Lang.TURTLE).parse(sink)));
            assertFalse(store.replaceGraph(graph, sink -> RDFParser.fromString(
                    "<https://example.org/s> <https://example.org/p> 2 .", Lang.TURTLE).parse(sink)));
            long size = store.size();
            assertThrows(org.apache.jena.riot.RiotException.class, () -> store.mergeGraph(graph,
                    sink -> RDFParser.fromString("<https://example.org/s> <https://example.org/p> 3 . <broken", Lang.TURTLE).parse(sink)));
            assertEquals(size, store.size());
        }
    }
}
