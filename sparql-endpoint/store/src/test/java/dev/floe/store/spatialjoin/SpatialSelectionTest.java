package dev.floe.store.spatialjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
 * A selection against a constant geometry, {@code FILTER(geof:rel(?w, "geometry"))} or {@code ?x geo:rel "geometry"}
 * behind other triples (the property function is moved first, to search the spatial index), answers exactly the rows
 * written out below and exactly ARQ's own evaluation, on a real store: features with default geometries, a bare
 * geometry resource, a point on a boundary, a literal with the CRS84 IRI, an empty and an unreadable literal, a
 * feature written after the load, and a named graph (inside GRAPH floe's rewrites stand aside).
 */
class SpatialSelectionTest {

    static final String P = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX geof: <http://www.opengis.net/def/function/geosparql/> PREFIX ex: <https://example.org/> ";

    static final String FIXTURE = """
            @prefix geo: <http://www.opengis.net/ont/geosparql#> . @prefix ex: <https://example.org/> .
            ex:zagreb a ex:Place ; geo:hasDefaultGeometry ex:zagreb-g . ex:zagreb-g geo:asWKT "POINT(15.98 45.81)"^^geo:wktLiteral .
            ex:split a ex:Place ; geo:hasDefaultGeometry ex:split-g . ex:split-g geo:asWKT "POINT(16.44 43.51)"^^geo:wktLiteral .
            ex:vienna a ex:Place ; geo:hasDefaultGeometry ex:vienna-g .
            ex:vienna-g geo:asWKT "<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POINT(16.37 48.21)"^^geo:wktLiteral .
            ex:edge a ex:Place ; geo:hasDefaultGeometry ex:edge-g . ex:edge-g geo:asWKT "POINT(19 45)"^^geo:wktLiteral .
            ex:oslo a ex:Place ; geo:hasDefaultGeometry ex:oslo-g . ex:oslo-g geo:asWKT "POINT(10.75 59.91)"^^geo:wktLiteral .
            ex:nowhere a ex:Place ; geo:hasDefaultGeometry ex:nowhere-g . ex:nowhere-g geo:asWKT "POINT EMPTY"^^geo:wktLiteral .
            ex:croatia a ex:Country ; geo:hasDefaultGeometry ex:croatia-g .
            ex:croatia-g geo:asWKT "POLYGON((13.5 42.4, 19.4 42.4, 19.4 46.6, 13.5 46.6, 13.5 42.4))"^^geo:wktLiteral .
            ex:norway a ex:Country ; geo:hasDefaultGeometry ex:norway-g .
            ex:norway-g geo:asWKT "POLYGON((4.5 57.9, 31.2 57.9, 31.2 71.2, 4.5 71.2, 4.5 57.9))"^^geo:wktLiteral .
            ex:lake-g a ex:Lake ; geo:asWKT "POLYGON((15 45, 16 45, 16 46, 15 46, 15 45))"^^geo:wktLiteral .
            """;
    /** A box over Croatia whose east side runs through ex:edge. */
    static final String BOX = "\"POLYGON((13 42, 19 42, 19 47, 13 47, 13 42))\"^^geo:wktLiteral";

    @TempDir
    static Path dir;
    static GeoStore store;

    @BeforeAll
    static void load() throws IOException {
        Path ttl = dir.resolve("fixture.ttl");
        Files.writeString(ttl, FIXTURE);
        store = GeoStore.open(dir.resolve("store"));
        store.load(List.of(ttl));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    /** The rows as sorted "var=value" strings, example.org IRIs by their local names, after floe's rewrites or ARQ's own. */
    static List<String> rows(String query, boolean rewrite) {
        return rows(query, rewrite, new SpatialJoinStats());
    }

    /** {@link #rows(String, boolean)}, counting what floe's operators did in {@code stats}. */
    static List<String> rows(String query, boolean rewrite, SpatialJoinStats stats) {
        return StoreFixtures.answer(store, P + query, rewrite, SpatialJoinStats.SYMBOL, stats).stream()
                .map(r -> r.replace("https://example.org/", "")).sorted().toList();
    }

    @Test
    void theFilterFormEvaluatesThePatternOnlyForTheLiteralsTheIndexFinds() {
        SpatialJoinStats stats = new SpatialJoinStats();
        rows("SELECT ?p WHERE { ?p a ex:Place ; geo:hasDefaultGeometry/geo:asWKT ?w . FILTER(geof:sfWithin(?w, "
                + "\"POLYGON((10 59, 11 59, 11 60, 10 60, 10 59))\"^^geo:wktLiteral)) }", true, stats);
        assertEquals(1, stats.joins.get(), "one selection");
        // the box holds Oslo and lies in Norway's envelope: two literals of eleven
        assertEquals(2, stats.candidatePairs.get());
    }

    @Test
    void countriesInABoxFullOfPlacesAreReadWholeAndAnswerAsArqsOwn() {
        // the box finds nine resources (three places, the lake, Croatia and their geometries); two countries are fewer
        // than half of them, so the pattern is read whole and only Croatia's literal goes to the filter
        String query = "SELECT ?p WHERE { ?p a ex:Country ; geo:hasDefaultGeometry/geo:asWKT ?w . "
                + "FILTER(geof:sfIntersects(?w, " + BOX + ")) }";
        SpatialJoinStats stats = new SpatialJoinStats();
        assertEquals(List.of("p=croatia"), rows(query, true, stats));
        assertEquals(1, stats.scans.get(), "read whole");
        assertEquals(rows(query, false), rows(query, true));
        // places are more than half of what the box finds: looked up one literal at a time
        SpatialJoinStats places = new SpatialJoinStats();
        rows("SELECT ?p WHERE { ?p a ex:Place ; geo:hasDefaultGeometry/geo:asWKT ?w . FILTER(geof:sfWithin(?w, "
                + "\"POLYGON((10 59, 11 59, 11 60, 10 60, 10 59))\"^^geo:wktLiteral)) }", true, places);
        assertEquals(0, places.scans.get(), "looked up");
    }

    /**
     * Inside a sub-SELECT ARQ renames the variables the sub-SELECT does not project ({@code ?p} to {@code ?/p}); the
     * selection must answer with the renamed ones, or the count around it sees none (it counted 0 here once).
     */
    @Test
    void aSelectionInsideASubSelectCountsAsArqsOwn() {
        String query = "SELECT ?places ?countries WHERE { { SELECT (COUNT(DISTINCT ?p) AS ?places) WHERE { ?p a ex:Place ; "
                + "geo:hasDefaultGeometry/geo:asWKT ?w . FILTER(geof:sfWithin(?w, " + BOX + ")) } } "
                + "{ SELECT (COUNT(*) AS ?countries) WHERE { ?c a ex:Country } } }";
        SpatialJoinStats stats = new SpatialJoinStats();
        List<String> rows = rows(query, true, stats);
        assertEquals(List.of("countries=\"2\"^^xsd:integer places=\"2\"^^xsd:integer"), rows);
        assertEquals(rows(query, false), rows);
        assertEquals(1, stats.joins.get(), "answered by the index selection");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // edge (19 45) lies on the box's east side: intersecting it, not within it
        "?p a ex:Place ; geo:hasDefaultGeometry/geo:asWKT ?w . FILTER(geof:sfWithin(?w, " + BOX + "))     | p=split, p=zagreb",
        "?p a ex:Place ; geo:hasDefaultGeometry ?g . ?g geo:asWKT ?w . FILTER(geof:sfIntersects(?w, " + BOX + ")) | p=edge, p=split, p=zagreb",
        "?p a ex:Place ; geo:hasDefaultGeometry/geo:asWKT ?w . FILTER(geof:sfContains(" + BOX + ", ?w))   | p=split, p=zagreb",
        "?p geo:hasDefaultGeometry/geo:asWKT ?w . FILTER(geof:sfIntersects(?w, " + BOX + "))              | p=croatia, p=edge, p=split, p=zagreb",
        "?p geo:asWKT ?w . FILTER(geof:sfIntersects(?w, " + BOX + ") && ?p != ex:lake-g)                   | p=croatia-g, p=edge-g, p=split-g, p=zagreb-g",
        "?p a ex:Place ; geo:sfWithin " + BOX + " .                                                         | p=split, p=zagreb",
        "?p a ex:Country ; geo:sfIntersects \"POINT(10.75 59.91)\"^^geo:wktLiteral .                       | p=norway",
    })
    void aSelectionAgainstAConstantAnswersTheExpectedRowsAndArqsOwn(String pattern, String expected) {
        List<String> rows = rows("SELECT ?p WHERE { " + pattern + " }", true);
        assertEquals(List.of(expected.split(", ")), rows);
        assertEquals(rows("SELECT ?p WHERE { " + pattern + " }", false), rows, "ARQ's own evaluation");
    }

    @Test
    void aSelectionOrJoinInANamedGraphAnswersFromThatGraph() {
        store.update(UpdateFactory.create(P + "INSERT DATA { GRAPH ex:survey { ex:pula a ex:Place ; geo:hasDefaultGeometry ex:pula-g . "
                + "ex:pula-g geo:asWKT \"POINT(13.85 44.87)\"^^geo:wktLiteral . ex:graz a ex:Place ; geo:hasDefaultGeometry ex:graz-g . "
                + "ex:graz-g geo:asWKT \"POINT(15.44 47.07)\"^^geo:wktLiteral } }"));
        try {
            for (String query : List.of(
                    "SELECT ?p WHERE { GRAPH ex:survey { ?p geo:hasDefaultGeometry/geo:asWKT ?w . FILTER(geof:sfWithin(?w, " + BOX + ")) } }",
                    "SELECT ?g ?p WHERE { GRAPH ?g { ?p geo:hasDefaultGeometry/geo:asWKT ?w . FILTER(geof:sfWithin(?w, " + BOX + ")) } }",
                    "SELECT ?p WHERE { GRAPH ex:survey { ?p a ex:Place ; geo:sfWithin " + BOX + " } }")) {
                List<String> rows = rows(query, true);
                assertEquals(rows(query, false), rows, query);
                assertTrue(rows.stream().anyMatch(r -> r.contains("p=pula")) && rows.stream().noneMatch(r -> r.contains("graz")
                        || r.contains("zagreb")), rows.toString());
            }
            // a join inside the graph pairs that graph's geometries only: each place with its own point
            String join = "SELECT ?p ?c WHERE { GRAPH ex:survey { ?p geo:hasDefaultGeometry/geo:asWKT ?w . ?c geo:asWKT ?wc . "
                    + "FILTER(geof:sfWithin(?w, ?wc)) } }";
            assertEquals(List.of("c=graz-g p=graz", "c=pula-g p=pula"), rows(join, true));
            assertEquals(rows(join, false), rows(join, true));
            // the default graph's selection does not see the named graph's places
            assertEquals(List.of("p=split", "p=zagreb"), rows("SELECT ?p WHERE { ?p a ex:Place ; "
                    + "geo:hasDefaultGeometry/geo:asWKT ?w . FILTER(geof:sfWithin(?w, " + BOX + ")) }", true));
        } finally {
            store.update(UpdateFactory.create(P + "DROP GRAPH ex:survey"));
        }
    }

    @Test
    void anUnreadableConstantAnswersAsArqDoes() {
        String query = "SELECT ?p WHERE { ?p geo:hasDefaultGeometry/geo:asWKT ?w . "
                + "FILTER(geof:sfWithin(?w, \"POLYGON((1 2, 3\"^^geo:wktLiteral)) }";
        assertEquals(rows(query, false), rows(query, true));
        assertTrue(rows(query, true).isEmpty());
    }

    @Test
    void aValueBoundBeforeTheSelectionIsKeptOnlyWhereTheRelationHolds() {
        String query = "SELECT ?p WHERE { VALUES ?w { \"POINT(15.98 45.81)\"^^geo:wktLiteral \"POINT(10.75 59.91)\"^^geo:wktLiteral } "
                + "?p geo:hasDefaultGeometry/geo:asWKT ?w . FILTER(geof:sfWithin(?w, " + BOX + ")) }";
        assertEquals(List.of("p=zagreb"), rows(query, true));
        assertEquals(rows(query, false), rows(query, true));
    }

    @Test
    void aFeatureWrittenAfterTheLoadIsFoundByBothForms() {
        store.update(UpdateFactory.create(P + "INSERT DATA { ex:rijeka a ex:Place ; geo:hasDefaultGeometry ex:rijeka-g . "
                + "ex:rijeka-g geo:asWKT \"POINT(14.44 45.33)\"^^geo:wktLiteral }"));
        try {
            assertEquals(List.of("p=rijeka", "p=split", "p=zagreb"), rows("SELECT ?p WHERE { ?p a ex:Place ; "
                    + "geo:hasDefaultGeometry/geo:asWKT ?w . FILTER(geof:sfWithin(?w, " + BOX + ")) }", true));
            assertEquals(List.of("p=rijeka", "p=split", "p=zagreb"), rows("SELECT ?p WHERE { ?p a ex:Place ; geo:sfWithin "
                    + BOX + " }", true));
        } finally {
            store.update(UpdateFactory.create(P + "DELETE WHERE { ex:rijeka ?p ?o . ex:rijeka-g ?q ?r }"));
        }
    }
}
