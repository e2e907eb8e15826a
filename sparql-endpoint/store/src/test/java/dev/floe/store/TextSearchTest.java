package dev.floe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.system.Txn;
import org.apache.jena.update.UpdateFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full-text search with text:query stays in step with writes and restarts, and is built for older stores. */
class TextSearchTest {

    @TempDir
    Path tmp;

    static List<String> search(GeoStore store, String text) {
        String q = "PREFIX text: <http://jena.apache.org/text#> SELECT ?s WHERE { ?s text:query '" + text + "' } ORDER BY ?s";
        return Txn.calculateRead(store.dataset(), () -> {
            List<String> out = new ArrayList<>();
            try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(q).build()) {
                qe.execSelect().forEachRemaining(r -> out.add(r.getResource("s").getURI()));
            }
            return out;
        });
    }

    static int count(GeoStore store, String query) {
        return Txn.calculateRead(store.dataset(), () -> {
            try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(query).build()) {
                return org.apache.jena.query.ResultSetFormatter.consume(qe.execSelect());
            }
        });
    }

    @Test
    void labelsAreSearchableAfterLoadUpdateAndRestart() {
        Path dir = tmp.resolve("store");
        try (GeoStore store = GeoStore.open(dir)) {
            store.load(List.of(GeoStoreTest.resource("places.ttl")));
            assertEquals(List.of("https://example.org/rome"), search(store, "rome"));
            assertEquals(List.of("https://example.org/vatican"), search(store, "vatic*"));
            store.update(UpdateFactory.create("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                    + "INSERT DATA { <https://example.org/naples> rdfs:label 'Naples' ; "
                    + "<http://purl.org/dc/terms/description> 'a port city south of Rome' }"));
            assertEquals(List.of("https://example.org/naples", "https://example.org/rome"), search(store, "rome"));
            store.update(UpdateFactory.create("DELETE WHERE { <https://example.org/rome> ?p ?o }"));
            assertEquals(List.of("https://example.org/naples"), search(store, "rome"));
        }
        try (GeoStore store = GeoStore.open(dir)) {
            assertEquals(List.of("https://example.org/naples"), search(store, "naples"));
        }
    }

    @Test
    void graphStoreWritesToTheDefaultAndNamedGraphsAreSearchableAndUnsearchableAgain() {
        try (GeoStore store = GeoStore.open(tmp.resolve("store"))) {
            var label = "<https://example.org/ross> <http://www.w3.org/2000/01/rdf-schema#label> \"Ross Ice Shelf\" .";
            store.replaceGraph(org.apache.jena.sparql.core.Quad.defaultGraphIRI,
                    sink -> org.apache.jena.riot.RDFParser.fromString(label, org.apache.jena.riot.Lang.NTRIPLES).parse(sink));
            assertEquals(List.of("https://example.org/ross"), search(store, "ross"));
            store.replaceGraph(org.apache.jena.sparql.core.Quad.defaultGraphIRI, sink -> { });
            assertEquals(List.of(), search(store, "ross"));

            var g = org.apache.jena.graph.NodeFactory.createURI("https://example.org/g");
            store.mergeGraph(g, sink -> org.apache.jena.riot.RDFParser.fromString(label, org.apache.jena.riot.Lang.NTRIPLES).parse(sink));
            String inGraph = "PREFIX text: <http://jena.apache.org/text#> SELECT ?s WHERE { GRAPH <https://example.org/g> "
                    + "{ ?s text:query 'ross' } }";
            assertEquals(1, count(store, inGraph));
            store.dropGraph(g);
            assertEquals(0, count(store, inGraph));
        }
    }

    @Test
    void aStoreWithoutTextIndexGetsOneOnOpen() throws IOException {
        Path dir = tmp.resolve("store");
        try (GeoStore store = GeoStore.open(dir)) {
            store.load(List.of(GeoStoreTest.resource("places.ttl")));
        }
        try (Stream<Path> files = Files.walk(dir.resolve("text"))) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        try (GeoStore store = GeoStore.open(dir)) {
            assertEquals(List.of("https://example.org/oslo"), search(store, "Oslo"));
        }
    }
}
