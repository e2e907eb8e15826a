package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.ontology.FloeOntology;
import dev.floe.store.GeoStore;
import dev.floe.store.LoadSummary;
import dev.floe.store.StoreFixtures;
import dev.floe.triplify.ProgressListener;

/**
 * The demo data, triplified and loaded as {@code floe demo} does, served by a real server on loopback:
 * every curated query in queries/ gives exactly its expected answer over HTTP, and the data conforms
 * to the SHACL shapes.
 */
class DemoQueriesTest {

    static final Path QUERIES = Path.of("..", "queries");

    @TempDir
    static Path tmp;
    static GeoStore store;
    static EndpointServer server;
    static LoadSummary loaded;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void loadDemo() {
        store = GeoStore.open(tmp.resolve("store"));
        loaded = DemoData.install(store, line -> { }, ProgressListener.NONE);
        DemoPredictions.write(store);
        server = EndpointServer.start(store, EndpointConfig.loopback(0));
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    static List<Path> queryFiles() throws IOException {
        try (Stream<Path> files = Files.list(QUERIES)) {
            return files.filter(f -> f.toString().endsWith(".rq")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void demoLoadsEveryBundledRecord() {
        // the ontology, 72,372 triples of data (5 Natural Earth layers with 2,081 features, 24 STAC documents)
        // and the 163 links between product footprints and countries, ice shelves and seas
        assertEquals(dev.floe.ontology.FloeOntology.ontology().size() + 72_372 + 163, loaded.storeSize());
        // every feature and product footprint, plus the collection's extent, each by itself and by its geometry
        assertEquals(2 * 2_105, loaded.indexed());
    }

    @Test
    void thereAreAtLeastFiveCuratedQueriesEachHeadedByAComment() throws IOException {
        List<Path> files = queryFiles();
        assertTrue(files.size() >= 5, "queries/ holds " + files.size() + " queries");
        for (Path f : files) {
            assertTrue(Files.readString(f).startsWith("# "), f + " must start with a comment saying what it answers");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCuratedQueryGivesItsExpectedAnswerOverHttp() throws IOException {
        return queryFiles().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            String name = f.getFileName().toString().replace(".rq", ".csv");
            String expected;
            try (InputStream in = DemoQueriesTest.class.getResourceAsStream("expected/" + name)) {
                assertTrue(in != null, "no expected answer for " + f + " in src/test/resources/dev/floe/app/expected/");
                expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(server.sparqlUri())
                    .header("Content-Type", "application/sparql-query").header("Accept", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString(Files.readString(f))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(expected, r.body(), f.toString());
        }));
    }

    /** The analyst's question forms that floe rewrites (index selections, the property function moved first, joins). */
    static final List<String> REWRITTEN = List.of(
            "SELECT ?p WHERE { ?p a floe:PopulatedPlace ; geo:hasDefaultGeometry/geo:asWKT ?w . "
                    + "FILTER(geof:sfWithin(?w, \"POLYGON((3 50, 7 50, 7 53.5, 3 53.5, 3 50))\"^^geo:wktLiteral)) }",
            "SELECT ?p WHERE { ?p a floe:PopulatedPlace ; geo:sfWithin \"POLYGON((3 50, 7 50, 7 53.5, 3 53.5, 3 50))\"^^geo:wktLiteral }",
            "SELECT ?f WHERE { ?f geo:hasDefaultGeometry ?g . ?g geo:asWKT ?w . "
                    + "FILTER(geof:sfIntersects(\"POLYGON((-10 35, 5 20, 30 15, 55 25, 60 45, 40 60, 20 70, 0 60, -10 35))\"^^geo:wktLiteral, ?w)) }",
            "SELECT ?c WHERE { ?c a floe:Country ; geo:hasDefaultGeometry/geo:asWKT ?w . "
                    + "FILTER(geof:sfOverlaps(?w, \"POLYGON((10 45, 20 45, 20 50, 10 50, 10 45))\"^^geo:wktLiteral)) }",
            "SELECT ?s WHERE { ?s a floe:IceShelf ; geo:sfIntersects \"POLYGON((160 -85, 180 -85, 180 -75, 160 -75, 160 -85))\"^^geo:wktLiteral }",
            "SELECT ?c (COUNT(?p) AS ?n) WHERE { ?p a floe:PopulatedPlace ; geo:hasDefaultGeometry/geo:asWKT ?wp . "
                    + "?c a floe:Country ; geo:hasDefaultGeometry/geo:asWKT ?wc . FILTER(geof:sfWithin(?wp, ?wc)) } GROUP BY ?c",
            "SELECT ?p ?s WHERE { ?p a floe:PopulatedPlace ; geo:hasDefaultGeometry/geo:asWKT ?wp . "
                    + "?s a floe:IceShelf ; geo:hasDefaultGeometry/geo:asWKT ?ws . FILTER(geof:distance(?wp, ?ws, uom:metre) < 50000) }");

    @TestFactory
    Stream<DynamicTest> everyCuratedQueryAndRewrittenQuestionAnswersAsArqsOwnEvaluation() throws IOException {
        List<String> queries = new java.util.ArrayList<>();
        for (Path f : queryFiles()) {
            queries.add(Files.readString(f));
        }
        String prefixes = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> PREFIX geof: <http://www.opengis.net/def/function/geosparql/> "
                + "PREFIX floe: <https://w3id.org/floe/ontology#> PREFIX uom: <http://www.opengis.net/def/uom/OGC/1.0/> ";
        REWRITTEN.forEach(q -> queries.add(prefixes + q));
        return queries.stream().map(q -> DynamicTest.dynamicTest(q.lines().filter(l -> !l.startsWith("#")).findFirst().orElse(q), () -> {
            List<String> plain = StoreFixtures.answer(store, q, false);
            assertEquals(plain, StoreFixtures.answer(store, q, true));
            assertTrue(!plain.isEmpty() || !q.startsWith(prefixes), "the demo answers " + q);
        }));
    }

    @Test
    void demoDataConformsToTheShapes() {
        ValidationReport report = Txn.calculateRead(store.dataset(), () -> {
            Model data = store.dataset().getDefaultModel();
            return FloeOntology.load().validate(data.getGraph());
        });
        assertTrue(report.conforms(), () -> report.getEntries().stream().limit(5).map(Object::toString)
                .collect(Collectors.joining("\n")));
    }
}
