package dev.floe.store.spatialjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.apache.jena.query.Dataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A topological join between two unconnected patterns, as a {@code FILTER(geof:rel(?x, ?y))} or as the property
 * function {@code ?x geo:rel ?y}, runs as one {@link OpSpatialJoin} and answers exactly the pairs written out
 * below and exactly ARQ's nested loop, on a small fixture of three regions, five places and two lines.
 */
class SpatialJoinTest {

    static final String FIXTURE = """
            ex:r1 a ex:Region ; geo:asWKT "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))"^^geo:wktLiteral .
            ex:r2 a ex:Region ; geo:asWKT "POLYGON((5 5, 15 5, 15 15, 5 15, 5 5))"^^geo:wktLiteral .
            ex:r3 a ex:Region ; geo:asWKT "<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POLYGON((20 20, 30 20, 30 30, 20 30, 20 20))"^^geo:wktLiteral .
            ex:p1 a ex:Place ; geo:asWKT "POINT(1 1)"^^geo:wktLiteral .
            ex:p2 a ex:Place ; geo:asWKT "POINT(7 7)"^^geo:wktLiteral .
            ex:p3 a ex:Place ; geo:asWKT "POINT(12 12)"^^geo:wktLiteral .
            ex:p4 a ex:Place ; geo:asWKT "POINT(25 25)"^^geo:wktLiteral .
            ex:p5 a ex:Place ; geo:asWKT "POINT(40 40)"^^geo:wktLiteral .
            ex:p6 a ex:Place ; geo:asWKT "POINT(10 5)"^^geo:wktLiteral .
            ex:l1 a ex:Line ; geo:asWKT "LINESTRING(9 -5, 9 20)"^^geo:wktLiteral .
            ex:l2 a ex:Line ; geo:asWKT "LINESTRING(16 16, 19 19)"^^geo:wktLiteral .
            """;

    static Dataset data;

    @BeforeAll
    static void setUp() {
        data = DistanceJoinTest.dataset(FIXTURE);
    }

    /** The pairs as "a=.. b=.." rows, sorted; after floe's rewrite or ARQ's own nested loop. */
    static List<String> pairs(String patternA, String patternB, String condition, boolean rewrite, SpatialJoinStats stats) {
        String query = "SELECT ?a ?b WHERE { " + patternA + " " + patternB + " " + condition + " }";
        return DistanceJoinTest.rows(data, query, rewrite, stats).stream()
                .map(row -> row.replace("https://example.org/", "")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // p6 (10 5) lies on the boundaries of r1 and r2: not within either, but intersecting and touching both
        "FILTER(geof:sfWithin(?wa, ?wb))     | a=p1 b=r1, a=p2 b=r1, a=p2 b=r2, a=p3 b=r2, a=p4 b=r3",
        "FILTER(geof:sfContains(?wb, ?wa))   | a=p1 b=r1, a=p2 b=r1, a=p2 b=r2, a=p3 b=r2, a=p4 b=r3",
        "FILTER(geof:sfIntersects(?wa, ?wb)) | a=p1 b=r1, a=p2 b=r1, a=p2 b=r2, a=p3 b=r2, a=p4 b=r3, a=p6 b=r1, a=p6 b=r2",
        "FILTER(geof:sfTouches(?wa, ?wb))    | a=p6 b=r1, a=p6 b=r2",
        "?a geo:sfWithin ?b .                | a=p1 b=r1, a=p2 b=r1, a=p2 b=r2, a=p3 b=r2, a=p4 b=r3",
        "?b geo:sfContains ?a .              | a=p1 b=r1, a=p2 b=r1, a=p2 b=r2, a=p3 b=r2, a=p4 b=r3",
        "?a geo:ehInside ?b .                | a=p1 b=r1, a=p2 b=r1, a=p2 b=r2, a=p3 b=r2, a=p4 b=r3",
    })
    void placesAndRegionsJoinAsOneIndexJoinWithTheExpectedPairs(String condition, String expected) {
        SpatialJoinStats stats = new SpatialJoinStats();
        String places = "?a a ex:Place ; geo:asWKT ?wa .";
        String regions = "?b a ex:Region ; geo:asWKT ?wb .";
        List<String> joined = pairs(places, regions, condition, true, stats);
        assertEquals(List.of(expected.split(", ")), joined);
        assertEquals(pairs(places, regions, condition, false, new SpatialJoinStats()), joined, "ARQ's nested loop");
        assertEquals(1, stats.joins.get(), "one spatial join");
        assertEquals(6 + 3, stats.leftRows.get() + stats.rightRows.get());
    }

    @Test
    void linesCrossingRegionsAreFoundAndAnEnvelopeOnlyNeighbourIsNot() {
        // l2 runs diagonally between r2 and r3: its envelope touches neither polygon's interior, and it meets none
        SpatialJoinStats stats = new SpatialJoinStats();
        List<String> joined = pairs("?a a ex:Line ; geo:asWKT ?wa .", "?b a ex:Region ; geo:asWKT ?wb .",
                "FILTER(geof:sfCrosses(?wa, ?wb))", true, stats);
        assertEquals(List.of("a=l1 b=r1", "a=l1 b=r2"), joined);
        assertEquals(1, stats.joins.get());
    }

    @Test
    void aDisjointnessJoinIsLeftToArqAndStillAnswered() {
        SpatialJoinStats stats = new SpatialJoinStats();
        List<String> joined = pairs("?a a ex:Place ; geo:asWKT ?wa .", "?b a ex:Region ; geo:asWKT ?wb .",
                "FILTER(geof:sfDisjoint(?wa, ?wb))", true, stats);
        assertEquals(6 * 3 - 7, joined.size());
        assertEquals(pairs("?a a ex:Place ; geo:asWKT ?wa .", "?b a ex:Region ; geo:asWKT ?wb .",
                "FILTER(geof:sfDisjoint(?wa, ?wb))", false, new SpatialJoinStats()), joined);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "FILTER(geof:sfWithin(?wa, ?wb))",
        "?a geo:sfWithin ?b .",
        "FILTER(geof:distance(?wa, ?wb, uom:metre) < 500000)",
    })
    void aJoinInsideASubSelectCountsAsArqDoes(String condition) {
        String query = "SELECT ?n ?regions WHERE { { SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a ex:Place ; geo:asWKT ?wa . "
                + "?b a ex:Region ; geo:asWKT ?wb . " + condition + " } } { SELECT (COUNT(*) AS ?regions) WHERE { ?r a ex:Region } } }";
        SpatialJoinStats stats = new SpatialJoinStats();
        assertEquals(DistanceJoinTest.rows(data, query, false, new SpatialJoinStats()), DistanceJoinTest.rows(data, query, true, stats));
    }
}
