package dev.floe.store.geosparql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.jena.geosparql.spatial.SpatialIndex;
import org.apache.jena.geosparql.spatial.SpatialIndexConstants;
import org.apache.jena.query.QueryException;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.tdb2.TDB2;
import org.apache.jena.update.UpdateFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.floe.store.GeoStore;
import dev.floe.store.StoreFixtures;

/**
 * A GeoSPARQL property function ({@code ?a geo:sfContains ?b}, {@code ?b spatial:nearbyGeom (...)}) reads geometries
 * from the active graph, as the triple patterns of its GeoSPARQL rewrite would in its place, and so answers exactly as
 * the FILTER form over those patterns: in a named graph, in each graph of {@code GRAPH ?g}, over the default graph,
 * over the FROM graphs of a query, over FROM NAMED graphs, over the union graph (a feature whose geometry node sits in
 * another graph included) and with TDB2's union default graph. Relating features of two graphs from a graph where one
 * of them has no geometry fails with an error saying where to put the relation, never with an empty answer.
 */
class NamedGraphRelationsTest {

    static final String P = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX geof: <http://www.opengis.net/def/function/geosparql/> PREFIX ex: <https://example.org/> "
            + "PREFIX spatial: <http://jena.apache.org/spatial#> PREFIX uom: <http://www.opengis.net/def/uom/OGC/1.0/> ";

    /**
     * Countries in one graph, places in another, Pula's feature in a third with its geometry node in the places'
     * graph, Austria with its places in a graph of their own, Slovenia and Ljubljana in the default graph.
     */
    static final String DATA = """
            @prefix geo: <http://www.opengis.net/ont/geosparql#> . @prefix ex: <https://example.org/> .
            ex:countries {
              ex:croatia a ex:Country ; geo:hasDefaultGeometry ex:croatia-g .
              ex:croatia-g geo:asWKT "POLYGON((13.5 42.4, 19.4 42.4, 19.4 46.6, 13.5 46.6, 13.5 42.4))"^^geo:wktLiteral .
              ex:norway a ex:Country ; geo:hasDefaultGeometry ex:norway-g .
              ex:norway-g geo:asWKT "POLYGON((4.5 57.9, 31.2 57.9, 31.2 71.2, 4.5 71.2, 4.5 57.9))"^^geo:wktLiteral .
            }
            ex:places {
              ex:zagreb a ex:Place ; geo:hasDefaultGeometry ex:zagreb-g . ex:zagreb-g geo:asWKT "POINT(15.98 45.81)"^^geo:wktLiteral .
              ex:split a ex:Place ; geo:hasDefaultGeometry ex:split-g . ex:split-g geo:asWKT "POINT(16.44 43.51)"^^geo:wktLiteral .
              ex:oslo a ex:Place ; geo:hasDefaultGeometry ex:oslo-g . ex:oslo-g geo:asWKT "POINT(10.75 59.91)"^^geo:wktLiteral .
              ex:pula-g geo:asWKT "POINT(13.85 44.87)"^^geo:wktLiteral .
            }
            ex:register { ex:pula a ex:Place ; geo:hasDefaultGeometry ex:pula-g . }
            ex:survey {
              ex:austria a ex:Country ; geo:hasDefaultGeometry ex:austria-g .
              ex:austria-g geo:asWKT "POLYGON((9.5 46.4, 17.2 46.4, 17.2 49.0, 9.5 49.0, 9.5 46.4))"^^geo:wktLiteral .
              ex:graz a ex:Place ; geo:hasDefaultGeometry ex:graz-g . ex:graz-g geo:asWKT "POINT(15.44 47.07)"^^geo:wktLiteral .
              ex:vienna a ex:Place ; geo:hasDefaultGeometry ex:vienna-g . ex:vienna-g geo:asWKT "POINT(16.37 48.21)"^^geo:wktLiteral .
            }
            ex:slovenia a ex:Country ; geo:hasDefaultGeometry ex:slovenia-g .
            ex:slovenia-g geo:asWKT "POLYGON((13.4 45.4, 16.6 45.4, 16.6 46.9, 13.4 46.9, 13.4 45.4))"^^geo:wktLiteral .
            ex:ljubljana a ex:Place ; geo:hasDefaultGeometry ex:ljubljana-g . ex:ljubljana-g geo:asWKT "POINT(14.51 46.05)"^^geo:wktLiteral .
            """;

    /** The FILTER form's geometry patterns for ?a and ?b. */
    static final String A = "?a a ex:Country ; geo:hasDefaultGeometry/geo:asWKT ?wa . ";
    static final String B = "?b a ex:Place ; geo:hasDefaultGeometry/geo:asWKT ?wb . ";
    static final String CONTAINS = " FILTER(geof:sfContains(?wa, ?wb)) ";
    static final String UNION = "<urn:x-arq:UnionGraph>";
    /** Near Zagreb: Ljubljana (111 km), Graz (146 km) and Pula (191 km) lie within 200 km, Split (254 km) does not. */
    static final String NEAR = "\"POINT(15.9 45.8)\"^^geo:wktLiteral";

    @TempDir
    static Path dir;
    static GeoStore store;

    @BeforeAll
    static void load() throws IOException {
        Path trig = dir.resolve("graphs.trig");
        Files.writeString(trig, DATA);
        store = GeoStore.open(dir.resolve("store"));
        store.load(List.of(trig));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    /** The rows after floe's rewrites or ARQ's own, example.org IRIs by their local names. */
    static List<String> rows(GeoStore on, String query, boolean rewrite) {
        return StoreFixtures.answer(on, P + query, rewrite).stream().map(r -> r.replace("https://example.org/", "")).sorted().toList();
    }

    /** Asserts that the property-function form and the FILTER form both answer {@code expected}, with and without floe's rewrites. */
    static void assertBothForms(GeoStore on, String relation, String filter, String expected) {
        List<String> want = expected.isBlank() ? List.of() : List.of(expected.split(", "));
        for (boolean rewrite : new boolean[] {true, false}) {
            assertEquals(want, rows(on, filter, rewrite), "FILTER form, rewrite " + rewrite + ": " + filter);
            assertEquals(want, rows(on, relation, rewrite), "property function, rewrite " + rewrite + ": " + relation);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a named graph | SELECT ?a ?b WHERE { GRAPH ex:survey { ?a geo:sfContains ?b . ?a a ex:Country . ?b a ex:Place } }"
            + " | SELECT ?a ?b WHERE { GRAPH ex:survey { " + A + B + CONTAINS + "} }"
            + " | a=austria b=graz, a=austria b=vienna",
        "each graph of GRAPH ?g | SELECT ?g ?a ?b WHERE { GRAPH ?g { ?a geo:sfContains ?b . ?a a ex:Country . ?b a ex:Place } }"
            + " | SELECT ?g ?a ?b WHERE { GRAPH ?g { " + A + B + CONTAINS + "} }"
            + " | a=austria b=graz g=survey, a=austria b=vienna g=survey",
        "the default graph | SELECT ?a ?b WHERE { ?a geo:sfContains ?b . ?a a ex:Country . ?b a ex:Place }"
            + " | SELECT ?a ?b WHERE { " + A + B + CONTAINS + "}"
            + " | a=slovenia b=ljubljana",
        "the union graph | SELECT ?a ?b WHERE { GRAPH " + UNION + " { ?a geo:sfContains ?b . ?a a ex:Country . ?b a ex:Place } }"
            + " | SELECT ?a ?b WHERE { GRAPH " + UNION + " { " + A + B + CONTAINS + "} }"
            + " | a=austria b=graz, a=austria b=vienna, a=croatia b=pula, a=croatia b=split, a=croatia b=zagreb, a=norway b=oslo",
        "the union graph, features bound first | SELECT ?a ?b WHERE { GRAPH " + UNION + " { ?a a ex:Country . ?b a ex:Place . ?a geo:sfContains ?b } }"
            + " | SELECT ?a ?b WHERE { GRAPH " + UNION + " { " + A + B + CONTAINS + "} }"
            + " | a=austria b=graz, a=austria b=vienna, a=croatia b=pula, a=croatia b=split, a=croatia b=zagreb, a=norway b=oslo",
        "the union graph, features of different GRAPH blocks"
            + " | SELECT ?a ?b WHERE { GRAPH ex:countries { ?a a ex:Country } GRAPH ex:places { ?b a ex:Place } GRAPH " + UNION + " { ?a geo:sfContains ?b } }"
            + " | SELECT ?a ?b WHERE { GRAPH ex:countries { " + A + "} GRAPH ex:places { " + B + "} " + CONTAINS + "}"
            + " | a=croatia b=split, a=croatia b=zagreb, a=norway b=oslo",
        "the union graph, a constant feature | SELECT ?b WHERE { GRAPH " + UNION + " { ?b geo:sfWithin ex:croatia . ?b a ex:Place } }"
            + " | SELECT ?b WHERE { GRAPH " + UNION + " { " + B + " ex:croatia geo:hasDefaultGeometry/geo:asWKT ?wa . FILTER(geof:sfWithin(?wb, ?wa)) } }"
            + " | b=pula, b=split, b=zagreb",
        "the union graph, a constant geometry | SELECT ?b WHERE { GRAPH " + UNION + " { ?b geo:sfWithin \"POLYGON((13 44, 17 44, 17 48, 13 48, 13 44))\"^^geo:wktLiteral . ?b a ex:Place } }"
            + " | SELECT ?b WHERE { GRAPH " + UNION + " { " + B + " FILTER(geof:sfWithin(?wb, \"POLYGON((13 44, 17 44, 17 48, 13 48, 13 44))\"^^geo:wktLiteral)) } }"
            + " | b=graz, b=pula, b=zagreb",
        "the union graph, a disjoint relation (no index) | SELECT ?b WHERE { GRAPH " + UNION + " { ?b geo:sfDisjoint ex:croatia . ?b a ex:Place } }"
            + " | SELECT ?b WHERE { GRAPH " + UNION + " { " + B + " ex:croatia geo:hasDefaultGeometry/geo:asWKT ?wa . FILTER(geof:sfDisjoint(?wb, ?wa)) } }"
            + " | b=graz, b=oslo, b=vienna",
        "FROM graphs, a disjoint relation (no index) | SELECT ?b FROM ex:countries FROM ex:places FROM ex:register WHERE { ?b geo:sfDisjoint ex:croatia . ?b a ex:Place }"
            + " | SELECT ?b FROM ex:countries FROM ex:places FROM ex:register WHERE { " + B + " ex:croatia geo:hasDefaultGeometry/geo:asWKT ?wa . FILTER(geof:sfDisjoint(?wb, ?wa)) }"
            + " | b=oslo",
        "two FROM graphs | SELECT ?a ?b FROM ex:countries FROM ex:places WHERE { ?a geo:sfContains ?b . ?a a ex:Country . ?b a ex:Place }"
            + " | SELECT ?a ?b FROM ex:countries FROM ex:places WHERE { " + A + B + CONTAINS + "}"
            + " | a=croatia b=split, a=croatia b=zagreb, a=norway b=oslo",
        "three FROM graphs, a geometry node in another graph | SELECT ?a ?b FROM ex:countries FROM ex:places FROM ex:register WHERE { ?a geo:sfContains ?b . ?a a ex:Country . ?b a ex:Place }"
            + " | SELECT ?a ?b FROM ex:countries FROM ex:places FROM ex:register WHERE { " + A + B + CONTAINS + "}"
            + " | a=croatia b=pula, a=croatia b=split, a=croatia b=zagreb, a=norway b=oslo",
        "one FROM graph | SELECT ?a ?b FROM ex:survey WHERE { ?a geo:sfContains ?b . ?a a ex:Country . ?b a ex:Place }"
            + " | SELECT ?a ?b FROM ex:survey WHERE { " + A + B + CONTAINS + "}"
            + " | a=austria b=graz, a=austria b=vienna",
        "FROM NAMED graphs and GRAPH ?g | SELECT ?g ?a ?b FROM NAMED ex:survey FROM NAMED ex:places WHERE { GRAPH ?g { ?a geo:sfContains ?b . ?a a ex:Country . ?b a ex:Place } }"
            + " | SELECT ?g ?a ?b FROM NAMED ex:survey FROM NAMED ex:places WHERE { GRAPH ?g { " + A + B + CONTAINS + "} }"
            + " | a=austria b=graz g=survey, a=austria b=vienna g=survey",
        "FROM NAMED graphs and their union | SELECT ?a ?b FROM NAMED ex:countries FROM NAMED ex:places FROM NAMED ex:register WHERE { GRAPH " + UNION + " { ?a geo:sfContains ?b . ?a a ex:Country . ?b a ex:Place } }"
            + " | SELECT ?a ?b FROM NAMED ex:countries FROM NAMED ex:places FROM NAMED ex:register WHERE { GRAPH " + UNION + " { " + A + B + CONTAINS + "} }"
            + " | a=croatia b=pula, a=croatia b=split, a=croatia b=zagreb, a=norway b=oslo",
        "nearby in a named graph | SELECT ?b WHERE { GRAPH ex:places { ?b spatial:nearbyGeom (" + NEAR + " 200) . ?b a ex:Place } }"
            + " | SELECT ?b WHERE { GRAPH ex:places { " + B + " FILTER(geof:distance(?wb, " + NEAR + ", uom:kilometre) <= 200) } }"
            + " | b=zagreb",
        "nearby in each graph | SELECT ?g ?b WHERE { GRAPH ?g { ?b spatial:nearbyGeom (" + NEAR + " 200) . ?b a ex:Place } }"
            + " | SELECT ?g ?b WHERE { GRAPH ?g { " + B + " FILTER(geof:distance(?wb, " + NEAR + ", uom:kilometre) <= 200) } }"
            + " | b=graz g=survey, b=zagreb g=places",
        "nearby in the default graph | SELECT ?b WHERE { ?b spatial:nearbyGeom (" + NEAR + " 200) . ?b a ex:Place }"
            + " | SELECT ?b WHERE { " + B + " FILTER(geof:distance(?wb, " + NEAR + ", uom:kilometre) <= 200) }"
            + " | b=ljubljana",
        "nearby in the union graph | SELECT ?b WHERE { GRAPH " + UNION + " { ?b spatial:nearbyGeom (" + NEAR + " 200) . ?b a ex:Place } }"
            + " | SELECT ?b WHERE { GRAPH " + UNION + " { " + B + " FILTER(geof:distance(?wb, " + NEAR + ", uom:kilometre) <= 200) } }"
            + " | b=graz, b=pula, b=zagreb",
        "nearby over FROM graphs | SELECT ?b FROM ex:places FROM ex:register WHERE { ?b spatial:nearby (45.8 15.9 200) . ?b a ex:Place }"
            + " | SELECT ?b FROM ex:places FROM ex:register WHERE { " + B + " FILTER(geof:distance(?wb, " + NEAR + ", uom:kilometre) <= 200) }"
            + " | b=pula, b=zagreb",
    })
    void aPropertyFunctionAnswersAsTheFilterFormOverTheSameGraphs(String where, String relation, String filter, String expected) {
        assertBothForms(store, relation, filter, expected);
    }

    @Test
    void aRelationBetweenFeaturesOfOtherGraphsFailsSayingWhereToPutIt() {
        String query = P + "SELECT ?a ?b WHERE { GRAPH ex:countries { ?a a ex:Country } GRAPH ex:places { ?b a ex:Place } ?a geo:sfContains ?b }";
        for (boolean rewrite : new boolean[] {true, false}) {
            QueryException e = assertThrows(QueryException.class, () -> StoreFixtures.answer(store, query, rewrite));
            assertTrue(e.getMessage().contains("geo:sfContains") && e.getMessage().contains("https://example.org/croatia")
                    && e.getMessage().contains("GRAPH <urn:x-arq:UnionGraph>"), e.getMessage());
        }
        String constant = P + "SELECT ?b WHERE { ?b geo:sfWithin ex:croatia . ?b a ex:Place }";
        QueryException e = assertThrows(QueryException.class, () -> StoreFixtures.answer(store, constant, true));
        assertTrue(e.getMessage().contains("https://example.org/countries"), e.getMessage());
    }

    @Test
    void aFeatureWithDefaultGeometriesInTwoGraphsFailsInTheirUnionAndAnswersInEach() {
        store.update(UpdateFactory.create(P + "INSERT DATA { GRAPH ex:archive { ex:split geo:hasDefaultGeometry ex:split-old . "
                + "ex:split-old geo:asWKT \"POINT(10 50)\"^^geo:wktLiteral } }"));
        try {
            String box = "\"POLYGON((9 49, 11 49, 11 51, 9 51, 9 49))\"^^geo:wktLiteral";
            // the FILTER form compares both of Split's geometries: the old one lies in the box
            assertEquals(List.of("b=split"), rows(store, "SELECT DISTINCT ?b WHERE { GRAPH " + UNION + " { " + B
                    + " FILTER(geof:sfWithin(?wb, " + box + ")) } }", false));
            for (String relation : List.of(
                    "SELECT ?b WHERE { GRAPH " + UNION + " { ?b geo:sfWithin " + box + " . ?b a ex:Place } }",
                    "SELECT ?b WHERE { GRAPH " + UNION + " { ?b a ex:Place . ?b geo:sfWithin " + box + " } }",
                    "SELECT ?a ?b WHERE { GRAPH " + UNION + " { ?a geo:sfContains ?b } }",
                    "SELECT ?b WHERE { GRAPH " + UNION + " { ?b geo:sfDisjoint ex:norway } }",
                    "SELECT ?b FROM ex:places FROM ex:archive WHERE { ?b geo:sfWithin " + box + " }")) {
                for (boolean rewrite : new boolean[] {true, false}) {
                    QueryException e = assertThrows(QueryException.class, () -> rows(store, relation, rewrite), relation);
                    assertTrue(e.getMessage().contains("https://example.org/split> has more than one default geometry")
                            && e.getMessage().contains("FILTER form"), e.getMessage());
                }
            }
            // each graph on its own gives Split one geometry
            assertBothForms(store, "SELECT ?g ?b WHERE { GRAPH ?g { ?b geo:sfWithin " + box + " } }",
                    "SELECT ?g ?b WHERE { GRAPH ?g { { ?b geo:hasDefaultGeometry/geo:asWKT ?wb } UNION { ?b geo:asWKT ?wb } "
                    + "FILTER(geof:sfWithin(?wb, " + box + ")) } }",
                    "b=split g=archive, b=split-old g=archive");
        } finally {
            store.update(UpdateFactory.create(P + "DROP GRAPH ex:archive"));
        }
    }

    @Test
    void withTdb2sUnionDefaultGraphARelationReadsTheUnionOfTheNamedGraphs() {
        String relation = P + "SELECT ?a ?b WHERE { ?a geo:sfContains ?b . ?a a ex:Country . ?b a ex:Place }";
        String filter = P + "SELECT ?a ?b WHERE { " + A + B + CONTAINS + "}";
        List<String> expected = List.of("a=austria b=graz", "a=austria b=vienna", "a=croatia b=pula", "a=croatia b=split",
                "a=croatia b=zagreb", "a=norway b=oslo");
        assertEquals(expected, unionDefaultGraph(filter));
        assertEquals(expected, unionDefaultGraph(relation));
        assertEquals(expected, unionDefaultGraph(P + "SELECT ?a ?b WHERE { ?a geo:sfContains ?b . ?a a ex:Country . ?b a ex:Place }"));
        // both sides constant
        assertEquals(List.of("ok=yes"), unionDefaultGraph(P + "SELECT ?ok WHERE { ex:croatia geo:sfContains ex:pula BIND(\"yes\" AS ?ok) }"));
        assertEquals(List.of(), unionDefaultGraph(P + "SELECT ?ok WHERE { ex:croatia geo:sfContains ex:oslo BIND(\"yes\" AS ?ok) }"));
        assertEquals(List.of("b=graz", "b=pula", "b=zagreb"), unionDefaultGraph(P + "SELECT ?b WHERE { "
                + "?b spatial:nearbyGeom (" + NEAR + " 200) . ?b a ex:Place }"));
    }

    @Test
    void inAStoreWithOnlyNamedGraphsTheDefaultGraphHoldsNoRelationAndTheUnionGraphHoldsThem() throws IOException {
        Path trig = dir.resolve("named-only.trig");
        Files.writeString(trig, DATA.substring(0, DATA.indexOf("ex:slovenia a ex:Country")));
        try (GeoStore named = GeoStore.open(dir.resolve("named-only"))) {
            named.load(List.of(trig));
            assertBothForms(named, "SELECT ?a ?b WHERE { ?a geo:sfContains ?b }",
                    "SELECT ?a ?b WHERE { ?a geo:hasDefaultGeometry/geo:asWKT ?wa . ?b geo:hasDefaultGeometry/geo:asWKT ?wb . " + CONTAINS + "}", "");
            assertBothForms(named, "SELECT ?a ?b WHERE { GRAPH " + UNION + " { ?a geo:sfContains ?b . ?a a ex:Country . ?b a ex:Place } }",
                    "SELECT ?a ?b WHERE { GRAPH " + UNION + " { " + A + B + CONTAINS + "} }",
                    "a=austria b=graz, a=austria b=vienna, a=croatia b=pula, a=croatia b=split, a=croatia b=zagreb, a=norway b=oslo");
        }
    }

    /** The rows of {@code query} with TDB2's union default graph set for this query only. */
    static List<String> unionDefaultGraph(String query) {
        SpatialIndex index = store.beginRead();
        try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(query)
                .set(SpatialIndexConstants.symSpatialIndex, index).set(TDB2.symUnionDefaultGraph, true).build()) {
            return StoreFixtures.sortedRows(qe.execSelect()).stream().map(r -> r.replace("https://example.org/", "")).toList();
        } finally {
            store.dataset().end();
        }
    }
}
