package dev.floe.store.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.store.GeoStore;

/**
 * GRAPH on the Spark engine matches the quads of the named graph (of every named graph, for a variable, bound to
 * its name), and outside GRAPH the default graph alone, as the TDB2 store loaded with the same N-Quads answers.
 */
class NamedGraphsTest {

    static final String PREFIXES = SparkSparqlEngineTest.PREFIXES;

    static final String DATA = PREFIXES + """
            ex:a a ex:City ; rdfs:label "Alpha" .
            ex:g1 ex:source "survey" .
            ex:g2 ex:source "census" .
            ex:g1 {
                ex:a a ex:City ; rdfs:label "Alpha one" ; geo:hasDefaultGeometry ex:ga .
                ex:ga geo:asWKT "POINT(1 1)"^^geo:wktLiteral .
                ex:b a ex:Town ; rdfs:label "Beta" .
                ex:g1 ex:source "self" .
            }
            ex:g2 {
                ex:b a ex:City ; rdfs:label "Beta" ; geo:hasDefaultGeometry ex:gb .
                ex:gb geo:asWKT "POINT(5 5)"^^geo:wktLiteral .
                ex:c a ex:City .
            }
            """;

    static final Map<String, String> QUERIES = Map.ofEntries(
            Map.entry("default-graph-only", "SELECT ?x ?l WHERE { ?x a ex:City OPTIONAL { ?x rdfs:label ?l } }"),
            Map.entry("graph-iri", "SELECT ?x ?l WHERE { GRAPH ex:g1 { ?x rdfs:label ?l } }"),
            Map.entry("graph-variable", "SELECT ?g ?x WHERE { GRAPH ?g { ?x a ex:City } }"),
            Map.entry("one-graph-per-solution", "SELECT ?g ?x ?l WHERE { GRAPH ?g { ?x a ex:City ; rdfs:label ?l } }"),
            Map.entry("graph-variable-in-pattern", "SELECT ?g ?s WHERE { GRAPH ?g { ?g ex:source ?s } }"),
            Map.entry("graph-joined-outside", "SELECT ?g ?x ?s WHERE { GRAPH ?g { ?x a ex:City } ?g ex:source ?s }"),
            Map.entry("graph-optional", "SELECT ?x ?g ?l WHERE { ?x a ex:City OPTIONAL { GRAPH ?g { ?x rdfs:label ?l } } }"),
            Map.entry("graph-union", "SELECT ?x ?l WHERE { GRAPH <urn:x-arq:UnionGraph> { ?x rdfs:label ?l } }"),
            Map.entry("graph-default-iri", "SELECT ?x WHERE { GRAPH <urn:x-arq:DefaultGraph> { ?x a ex:City } }"),
            Map.entry("graph-variable-predicate", "SELECT ?g ?p WHERE { GRAPH ?g { ex:b ?p ?o } }"),
            Map.entry("graph-constant-triple", "SELECT ?g WHERE { GRAPH ?g { ex:b a ex:City } }"),
            Map.entry("graph-geometry", "SELECT ?g ?x WHERE { GRAPH ?g { ?x geo:hasDefaultGeometry/geo:asWKT ?w "
                    + "FILTER(geof:sfWithin(?w, \"POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))\"^^geo:wktLiteral)) } }"),
            Map.entry("nested-graphs", "SELECT ?g ?x WHERE { GRAPH ?g { ?x a ex:City GRAPH ex:g1 { ?x rdfs:label ?l } } }"),
            Map.entry("graph-not-exists", "SELECT ?g ?x WHERE { GRAPH ?g { ?x a ex:City FILTER NOT EXISTS { ?x rdfs:label ?l } } }"),
            Map.entry("graph-minus", "SELECT ?x WHERE { GRAPH ex:g2 { ?x a ex:City MINUS { ?x rdfs:label ?l } } }"),
            Map.entry("graph-iri-sub-query", "SELECT ?n WHERE { GRAPH ex:g2 { SELECT (COUNT(?x) AS ?n) WHERE { ?x a ex:City } } }"));

    @TempDir
    static Path tmp;
    static BothStores stores;
    static SparkSession spark;
    static GeoStore tdb;
    static SparkSparqlEngine engine;

    @BeforeAll
    static void load() throws IOException {
        stores = BothStores.load("floe-named-graphs-test", RDFParser.fromString(DATA, Lang.TRIG).toDatasetGraph(), tmp);
        spark = stores.spark();
        tdb = stores.tdb();
        engine = stores.engine();
    }

    @AfterAll
    static void stop() {
        stores.close();
    }

    static List<String> onTdb(String query) {
        return stores.onTdb(PREFIXES + query).stream().sorted().toList();
    }

    static List<String> onSpark(String query) {
        return Answers.rows(engine.select(PREFIXES + query)).stream().sorted().toList();
    }

    @TestFactory
    Stream<DynamicTest> graphPatternsAnswerAsTheTdb2StoreDoes() {
        return QUERIES.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            List<String> expected = onTdb(e.getValue());
            assertEquals(false, expected.isEmpty(), "the query must find something: " + e.getKey());
            assertEquals(expected, onSpark(e.getValue()), e.getKey());
        }));
    }

    @Test
    void aGraphVariableBindsEachNamedGraphAndTheDefaultGraphStaysApart() {
        assertEquals(List.of("{g=<http://example.org/g1>, x=<http://example.org/a>}", "{g=<http://example.org/g2>, x=<http://example.org/b>}",
                "{g=<http://example.org/g2>, x=<http://example.org/c>}"), onSpark(QUERIES.get("graph-variable")));
        assertEquals(List.of("{l=\"Alpha\", x=<http://example.org/a>}"), onSpark(QUERIES.get("default-graph-only")));
        assertEquals(List.of("{g=<http://example.org/g1>, l=\"Alpha one\", x=<http://example.org/a>}",
                "{g=<http://example.org/g2>, l=\"Beta\", x=<http://example.org/b>}"), onSpark(QUERIES.get("one-graph-per-solution")));
        assertEquals(List.of("{l=\"Alpha one\", x=<http://example.org/a>}", "{l=\"Beta\", x=<http://example.org/b>}"),
                onSpark(QUERIES.get("graph-union")));
        assertEquals(List.of(), onSpark("SELECT ?x WHERE { GRAPH ex:nothing { ?x ?p ?o } }"));
        // ex:a has a label in g1 and the default graph, ex:c in none: EXISTS looks in the row's graph only
        assertEquals(List.of("{g=<http://example.org/g2>, x=<http://example.org/c>}"), onSpark(QUERIES.get("graph-not-exists")));
    }

    @Test
    void constructReadsANamedGraph() {
        assertEquals(List.of("<http://example.org/b> <http://example.org/in> <http://example.org/g1> .",
                "<http://example.org/b> <http://example.org/in> <http://example.org/g2> ."),
                SparkSparqlEngineTest.lines(engine.construct(PREFIXES + "CONSTRUCT { ?x ex:in ?g } WHERE { GRAPH ?g { ?x rdfs:label \"Beta\" } }")));
    }

    @Test
    void graphPatternsItCannotTranslateExactlyAreRefusedByName() {
        assertEquals("the Spark engine does not support a sub-query inside GRAPH ?g", assertThrows(UnsupportedQueryException.class,
                () -> engine.select(PREFIXES + "SELECT ?g ?n WHERE { GRAPH ?g { SELECT ?g (COUNT(?x) AS ?n) WHERE { ?x a ex:City } GROUP BY ?g } }"))
                .getMessage());
        assertEquals("the Spark engine does not support GeoSPARQL relation properties (geo:sfWithin) inside GRAPH",
                assertThrows(UnsupportedQueryException.class, () -> engine.select(PREFIXES
                        + "SELECT ?x WHERE { GRAPH ?g { ?x geo:sfWithin ?y } }")).getMessage());
        assertEquals("the Spark engine does not support FROM and FROM NAMED", assertThrows(UnsupportedQueryException.class,
                () -> engine.select(PREFIXES + "SELECT ?x FROM ex:g1 WHERE { ?x a ex:City }")).getMessage());
    }
}
