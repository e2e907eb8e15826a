package dev.floe.store.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.jena.query.Query;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.geo.Relation;

/**
 * {@code floe spark links}: relations computed once and stored answer queries exactly as computing them does (and as
 * the TDB2 store does), by equal joins instead of a spatial join, and only while the geometries they were made from
 * are the store's.
 */
class PrecomputedRelationsTest {

    static final String PREFIXES = SparkSparqlEngineTest.PREFIXES;

    static final String DATA = PREFIXES + """
            ex:zagreb a ex:Place ; rdfs:label "Zagreb" ; geo:hasDefaultGeometry ex:zagrebG .
            ex:zagrebG geo:asWKT "POINT(15.97 45.81)"^^geo:wktLiteral .
            ex:split a ex:Place ; rdfs:label "Split" ; geo:hasDefaultGeometry ex:splitG .
            ex:splitG geo:asWKT "POINT(16.44 43.51)"^^geo:wktLiteral .
            ex:vienna a ex:Place ; rdfs:label "Vienna" ; geo:hasDefaultGeometry ex:viennaG .
            ex:viennaG geo:asWKT "POINT(16.37 48.21)"^^geo:wktLiteral .
            ex:border a ex:Place ; rdfs:label "On the border" ; geo:hasDefaultGeometry ex:borderG .
            ex:borderG geo:asWKT "POINT(16 46.6)"^^geo:wktLiteral .
            ex:croatia a ex:Country ; rdfs:label "Croatia" ; geo:hasDefaultGeometry ex:croatiaG .
            ex:croatiaG geo:asWKT "POLYGON((13.4 42.4, 19.5 42.4, 19.5 46.6, 13.4 46.6, 13.4 42.4))"^^geo:wktLiteral .
            ex:austria a ex:Country ; rdfs:label "Austria" ; geo:hasDefaultGeometry ex:austriaG .
            ex:austriaG geo:asWKT "POLYGON((9.5 46.6, 17.2 46.6, 17.2 49.0, 9.5 49.0, 9.5 46.6))"^^geo:wktLiteral .
            """;

    static final List<String> QUERIES = List.of(
            "SELECT ?p ?c WHERE { ?p geo:sfWithin ?c }",
            "SELECT ?name ?country WHERE { ?p a ex:Place ; rdfs:label ?name ; geo:sfWithin ?c . ?c rdfs:label ?country }",
            "SELECT ?country (COUNT(?p) AS ?n) WHERE { ?p a ex:Place ; geo:sfIntersects ?c . ?c a ex:Country ; rdfs:label ?country } GROUP BY ?country",
            "SELECT ?a ?b WHERE { ?a geo:sfTouches ?b }",
            "SELECT ?g WHERE { ex:croatia geo:sfContains ?g }",
            "SELECT ?p WHERE { ?p geo:sfWithin ex:austria }");

    @TempDir
    static Path tmp;
    static BothStores stores;
    static SparkSession spark;
    static String uri;

    @BeforeAll
    static void load() throws IOException {
        stores = BothStores.load("floe-precomputed-relations-test", RDFParser.fromString(DATA, Lang.TURTLE).toDatasetGraph(), tmp);
        spark = stores.spark();
        uri = tmp.resolve("spark").toString();
    }

    @AfterAll
    static void stop() {
        stores.close();
    }

    static int job(ByteArrayOutputStream err, String... args) {
        return SparkStoreJob.run(spark, args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    static List<String> rows(SparkStore store, String query) {
        return Answers.rows(new SparkSparqlEngine(store).select(PREFIXES + query)).stream().sorted().toList();
    }

    /** Whether the physical plan of a query on the store has a Sedona spatial join (range or broadcast index join). */
    static boolean joinsGeometries(SparkStore store, String query) {
        Query q = SparkSparqlEngine.parse(PREFIXES + query);
        String plan = new OpCompiler(store).compile(Algebra.compile(q)).rows().queryExecution().executedPlan().toString();
        return plan.contains("RangeJoin") || plan.contains("BroadcastIndexJoin");
    }

    @Test
    void storedRelationsAnswerAsComputingThemAndAsTheTdb2Store() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, job(err, "links", "--store", uri, "--relations", "sfWithin,sfIntersects,sfTouches,sfContains"), err.toString());
        // 12 spatial objects (6 features, 6 geometries): each within itself and its feature or geometry (24 pairs),
        // Zagreb and Split within Croatia, Vienna within Austria (12 more); the border point is on both boundaries
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("geo:sfWithin: 36 pairs"), err.toString(StandardCharsets.UTF_8));

        SparkStore store = SparkStore.open(spark, uri);
        for (Relation r : List.of(Relation.WITHIN, Relation.INTERSECTS, Relation.TOUCHES, Relation.CONTAINS)) {
            assertTrue(store.precomputed(r).isPresent(), r.localName());
        }
        assertFalse(store.precomputed(Relation.OVERLAPS).isPresent());
        for (String q : QUERIES) {
            List<String> stored = rows(store, q);
            assertEquals(rows(store.computingRelations(), q), stored, q);
            assertEquals(stores.onTdb(PREFIXES + q).stream().sorted().toList(), stored, q);
            assertFalse(stored.isEmpty(), q);
            assertFalse(joinsGeometries(store, q), q);
            assertTrue(joinsGeometries(store.computingRelations(), q), q);
        }
    }

    @Test
    void aLoadOfGeometriesMakesTheStoreComputeAgainAndOtherLoadsDoNot() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String own = tmp.resolve("own").toString();
        Path data = tmp.resolve("data.nt");
        try (var out = Files.newOutputStream(data)) {
            org.apache.jena.riot.RDFDataMgr.write(out, RDFParser.fromString(DATA, Lang.TURTLE).toModel(), Lang.NTRIPLES);
        }
        assertEquals(0, job(err, "load", "--out", own, data.toString()), err.toString());
        assertEquals(0, job(err, "links", "--store", own, "--relations", "within"), err.toString());
        assertEquals(2, SparkStore.open(spark, own).manifest().version());

        Path labels = Files.writeString(tmp.resolve("labels.nt"), "<http://example.org/zagreb> <http://www.w3.org/2000/01/rdf-schema#comment> \"capital\" .\n");
        assertEquals(0, job(err, "load", "--out", own, labels.toString()), err.toString());
        assertTrue(SparkStore.open(spark, own).precomputed(Relation.WITHIN).isPresent(), "no geometry loaded: still current");

        Path osijek = Files.writeString(tmp.resolve("osijek.nt"), """
                <http://example.org/osijek> <http://www.opengis.net/ont/geosparql#hasDefaultGeometry> <http://example.org/osijekG> .
                <http://example.org/osijekG> <http://www.opengis.net/ont/geosparql#asWKT> "POINT(18.69 45.55)"^^<http://www.opengis.net/ont/geosparql#wktLiteral> .
                """);
        assertEquals(0, job(err, "load", "--out", own, osijek.toString()), err.toString());
        SparkStore after = SparkStore.open(spark, own);
        assertFalse(after.precomputed(Relation.WITHIN).isPresent(), "a new geometry: the stored table is stale");
        List<String> within = rows(after, "SELECT ?p WHERE { ?p geo:sfWithin ex:croatia }");
        assertTrue(within.contains("{p=<http://example.org/osijek>}"), within.toString());
        assertEquals(rows(after.computingRelations(), "SELECT ?p WHERE { ?p geo:sfWithin ex:croatia }"), within);
    }

    @Test
    void relationsThatCannotBeStoredOrDoNotExistAreRefused() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, job(err, "links", "--store", uri, "--relations", "sfDisjoint"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("geo:sfDisjoint cannot be precomputed"), err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, job(err, "links", "--store", uri, "--relations", "nearby"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown relation 'nearby'"), err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, job(err, "links", "--store", tmp.resolve("empty").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is empty: load data first"), err.toString(StandardCharsets.UTF_8));
    }
}
