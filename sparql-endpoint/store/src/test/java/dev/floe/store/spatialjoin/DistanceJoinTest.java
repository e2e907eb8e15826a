package dev.floe.store.spatialjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionDatasetBuilder;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.ARQConstants;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.OpVisitorBase;
import org.apache.jena.sparql.algebra.OpWalker;
import org.apache.jena.sparql.algebra.op.OpExt;
import org.apache.jena.sparql.algebra.optimize.Optimize;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.floe.store.StoreFixtures;
import dev.floe.store.geosparql.GeoSparqlSetup;

/**
 * {@code FILTER(geof:distance(..) < d)} between two unconnected patterns, or between a pattern and a constant
 * geometry, runs as an index join on envelopes grown by d and answers exactly the rows of ARQ's nested loop: on
 * seeded random points, lines and rectangles that crowd the poles, the antimeridian (some crossing it with
 * longitudes beyond 180) and one busy mid-latitude region, in several units and with every comparison form.
 */
class DistanceJoinTest {

    static final String P = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX geof: <http://www.opengis.net/def/function/geosparql/> PREFIX ex: <https://example.org/> "
            + "PREFIX uom: <http://www.opengis.net/def/uom/OGC/1.0/> ";
    static final int A_COUNT = 220;
    static final int B_COUNT = 160;

    static Dataset random;

    @BeforeAll
    static void setUp() {
        GeoSparqlSetup.ensureJena();
        Random r = new Random(16);
        StringBuilder ttl = new StringBuilder();
        for (int i = 0; i < A_COUNT; i++) {
            feature(ttl, "a" + i, "ex:A", randomGeometry(r));
        }
        for (int i = 0; i < B_COUNT; i++) {
            feature(ttl, "b" + i, "ex:B", randomGeometry(r));
        }
        random = dataset(ttl.toString());
    }

    static void feature(StringBuilder ttl, String name, String type, String wkt) {
        ttl.append("ex:").append(name).append(" a ").append(type).append(" ; geo:asWKT \"").append(wkt)
                .append("\"^^geo:wktLiteral .\n");
    }

    static Dataset dataset(String ttl) {
        Dataset ds = DatasetFactory.createTxnMem();
        RDFParser.fromString("@prefix geo: <http://www.opengis.net/ont/geosparql#> . @prefix ex: <https://example.org/> .\n"
                + ttl, Lang.TURTLE).parse(ds);
        GeoSparqlSetup.install(ds.getContext());
        return ds;
    }

    /** A point, a line or a rectangle somewhere the search area is hard to get right, or in one busy region. */
    static String randomGeometry(Random r) {
        double lon;
        double lat;
        switch (r.nextInt(6)) {
            case 0 -> { // anywhere, uniform on the sphere
                lon = -180 + 360 * r.nextDouble();
                lat = Math.toDegrees(Math.asin(2 * r.nextDouble() - 1));
            }
            case 1 -> { // high latitudes, both hemispheres
                lon = -180 + 360 * r.nextDouble();
                lat = (80 + 10 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
            }
            case 2 -> { // either side of the antimeridian, at any latitude
                lon = r.nextBoolean() ? 177 + 3 * r.nextDouble() : -180 + 3 * r.nextDouble();
                lat = -88 + 176 * r.nextDouble();
            }
            case 3 -> { // exactly on a pole or on the antimeridian
                lon = r.nextBoolean() ? (r.nextBoolean() ? 180 : -180) : -180 + 360 * r.nextDouble();
                lat = r.nextInt(3) == 0 ? -60 + 120 * r.nextDouble() : (r.nextBoolean() ? 90 : -90);
            }
            default -> { // a busy region: Scandinavia
                lon = 5 + 20 * r.nextDouble();
                lat = 55 + 12 * r.nextDouble();
            }
        }
        int kind = r.nextInt(10);
        if (kind < 6) {
            return point(lon, lat);
        }
        double w = 0.02 + 2 * r.nextDouble();
        double h = 0.02 + 1.5 * r.nextDouble();
        double south = Math.max(-90, lat - h);
        double north = Math.min(90, lat + h);
        if (kind < 8) { // a line, sometimes ending beyond 180 degrees east
            return String.format(Locale.ROOT, "LINESTRING(%s %s, %s %s)", lon - w, south, lon + w, north);
        }
        return String.format(Locale.ROOT, "POLYGON((%s %s, %s %s, %s %s, %s %s, %s %s))", lon - w, south, lon + w, south,
                lon + w, north, lon - w, north, lon - w, south);
    }

    static String point(double lon, double lat) {
        return String.format(Locale.ROOT, "POINT(%s %s)", lon, lat);
    }

    /**
     * The query with ARQ's own optimizer in its context when {@code arqOnly}, so that it runs as ARQ runs it (a nested
     * loop) with the dataset's functions; otherwise with the dataset's (floe's rewrites).
     */
    static QueryExecutionDatasetBuilder withoutRewrites(QueryExecutionDatasetBuilder query, boolean arqOnly) {
        return arqOnly ? query.set(ARQConstants.sysOptimizerFactory, Optimize.getFactory()) : query;
    }

    static List<String> rows(Dataset ds, String query, boolean spatialJoin, SpatialJoinStats stats) {
        ds.begin(org.apache.jena.query.ReadWrite.READ);
        try (QueryExecution qe = withoutRewrites(QueryExecution.dataset(ds).query(P + query), !spatialJoin)
                .set(SpatialJoinStats.SYMBOL, stats).build()) {
            return StoreFixtures.sortedRows(qe.execSelect());
        } finally {
            ds.end();
        }
    }

    static String join(String condition) {
        return "SELECT ?a ?b WHERE { ?a a ex:A ; geo:asWKT ?wa . ?b a ex:B ; geo:asWKT ?wb . FILTER(" + condition + ") }";
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "geof:distance(?wa, ?wb, uom:metre) < 50000",
        "geof:distance(?wa, ?wb, uom:metre) <= 300000.5",
        "geof:distance(?wa, ?wb, uom:kilometre) < 120",
        "geof:distance(?wa, ?wb, uom:kilometre) <= 1500",
        "80 > geof:distance(?wb, ?wa, uom:kilometre)",
        "450e3 >= geof:distance(?wa, ?wb, <http://www.opengis.net/def/uom/OGC/1.0/metre>)",
        "geof:distance(?wa, ?wb, uom:kilometre) < 0",
    })
    void indexJoinAnswersExactlyTheNestedLoop(String condition) {
        SpatialJoinStats stats = new SpatialJoinStats();
        List<String> joined = rows(random, join(condition), true, stats);
        List<String> nested = rows(random, join(condition), false, new SpatialJoinStats());
        assertEquals(nested, joined);
        assertEquals(1, stats.joins.get(), "the filter runs as a distance join");
        assertEquals(A_COUNT + B_COUNT, stats.leftRows.get() + stats.rightRows.get());
        assertTrue(stats.candidatePairs.get() < (long) A_COUNT * B_COUNT / 4,
                "the grown envelopes must prune most of the pairs, checked " + stats.candidatePairs.get());
        if (!condition.endsWith("< 0")) {
            assertTrue(joined.size() > 20, "the data has pairs within the distance: " + joined.size());
        }
    }

    @Test
    void angularUnitsAgreeWithTheNestedLoop() {
        // geof:distance measures lon/lat data along the great circle in linear units only: in degrees or radians
        // every pair is an error, in both evaluations
        for (String unit : List.of("uom:degree", "uom:radian")) {
            String q = join("geof:distance(?wa, ?wb, " + unit + ") < 1");
            SpatialJoinStats stats = new SpatialJoinStats();
            assertEquals(rows(random, q, false, new SpatialJoinStats()), rows(random, q, true, stats), unit);
            assertEquals(1, stats.joins.get());
        }
    }

    @Test
    void lessOrEqualKeepsAPairExactlyAtTheDistanceAndLessThanDropsIt() {
        Dataset ds = dataset("ex:a a ex:A ; geo:asWKT \"POINT(179.9 84.2)\"^^geo:wktLiteral .\n"
                + "ex:b a ex:B ; geo:asWKT \"POLYGON((-179.5 85, -178 85, -178 86, -179.5 86, -179.5 85))\"^^geo:wktLiteral .\n");
        String d;
        try (QueryExecution qe = QueryExecution.dataset(ds).query(P + "SELECT ?d WHERE { ?a a ex:A ; geo:asWKT ?wa . "
                + "?b a ex:B ; geo:asWKT ?wb . BIND(geof:distance(?wa, ?wb, uom:metre) AS ?d) }").build()) {
            d = qe.execSelect().next().getLiteral("d").getLexicalForm();
        }
        assertTrue(Double.parseDouble(d) > 80_000, d);
        String exact = "\"" + d + "\"^^<http://www.w3.org/2001/XMLSchema#double>";
        String pair = "a=https://example.org/a b=https://example.org/b";
        for (String op : List.of("<=", "<")) {
            String q = join("geof:distance(?wa, ?wb, uom:metre) " + op + " " + exact);
            SpatialJoinStats stats = new SpatialJoinStats();
            List<String> joined = rows(ds, q, true, stats);
            assertEquals(rows(ds, q, false, new SpatialJoinStats()), joined);
            assertEquals(op.equals("<=") ? List.of(pair) : List.of(), joined, op);
            assertEquals(1, stats.candidatePairs.get(), "the pair across the antimeridian is a candidate");
        }
    }

    @Test
    void otherReferenceSystemsEmptyGeometriesAndNonGeometriesGetTheNestedLoopsAnswers() {
        // lat/lon axis order (EPSG:4326), a projected point (UTM 33N, Oslo), an empty point and plain strings are
        // not in the index; they are compared with every row, as the nested loop compares them
        String ttl = "ex:a1 a ex:A ; geo:asWKT \"<http://www.opengis.net/def/crs/EPSG/0/4326> POINT(59.9139 10.7522)\"^^geo:wktLiteral .\n"
                + "ex:a2 a ex:A ; geo:asWKT \"<http://www.opengis.net/def/crs/EPSG/0/32633> POINT(262000 6651000)\"^^geo:wktLiteral .\n"
                + "ex:a3 a ex:A ; geo:asWKT \"POINT EMPTY\"^^geo:wktLiteral .\n"
                + "ex:a4 a ex:A ; geo:asWKT \"not a geometry\" .\n"
                + "ex:a5 a ex:A ; geo:asWKT \"POINT(10.7 59.9)\"^^geo:wktLiteral .\n"
                + "ex:b1 a ex:B ; geo:asWKT \"POINT(10.75 59.91)\"^^geo:wktLiteral .\n"
                + "ex:b2 a ex:B ; geo:asWKT \"<http://www.opengis.net/def/crs/EPSG/0/4326> POINT(59.95 10.8)\"^^geo:wktLiteral .\n"
                + "ex:b3 a ex:B ; geo:asWKT \"POINT EMPTY\"^^geo:wktLiteral .\n"
                + "ex:b4 a ex:B ; geo:asWKT <https://example.org/not-a-literal> .\n"
                + "ex:b5 a ex:B ; geo:asWKT \"POINT(-70 -20)\"^^geo:wktLiteral .\n";
        Dataset ds = dataset(ttl);
        for (String condition : List.of("geof:distance(?wa, ?wb, uom:kilometre) < 20",
                "geof:distance(?wb, ?wa, uom:metre) <= 1e7")) {
            SpatialJoinStats stats = new SpatialJoinStats();
            List<String> joined = rows(ds, join(condition), true, stats);
            assertEquals(rows(ds, join(condition), false, new SpatialJoinStats()), joined, condition);
            assertEquals(1, stats.joins.get());
            assertTrue(joined.contains("a=https://example.org/a1 b=https://example.org/b2"), joined.toString());
        }
    }

    @Test
    void aVariableDistanceOrAConnectedPatternKeepsTheNestedLoop() {
        Dataset ds = dataset("ex:a1 a ex:A ; geo:asWKT \"POINT(10 60)\"^^geo:wktLiteral .\n"
                + "ex:b1 a ex:B ; geo:asWKT \"POINT(10.1 60)\"^^geo:wktLiteral ; ex:limit 10000 .\n"
                + "ex:b2 a ex:B ; geo:asWKT \"POINT(12 60)\"^^geo:wktLiteral ; ex:limit 10000 .\n");
        String variable = "SELECT ?a ?b WHERE { ?a a ex:A ; geo:asWKT ?wa . ?b a ex:B ; geo:asWKT ?wb ; ex:limit ?d . "
                + "FILTER(geof:distance(?wa, ?wb, uom:metre) < ?d) }";
        SpatialJoinStats stats = new SpatialJoinStats();
        assertEquals(List.of("a=https://example.org/a1 b=https://example.org/b1"), rows(ds, variable, true, stats));
        assertEquals(0, stats.joins.get(), "a distance bound by the data is left to ARQ");
    }

    @Test
    void theRewriteShowsInTheAlgebra() {
        Op op = SpatialJoinTransform.apply(Algebra.compile(QueryFactory.create(P
                + join("geof:distance(?wa, ?wb, uom:kilometre) < 10 && ?a != ?b"))), null);
        List<String> ext = new ArrayList<>();
        OpWalker.walk(op, new OpVisitorBase() {
            @Override
            public void visit(OpExt opExt) {
                ext.add(opExt.getName());
            }
        });
        assertEquals(List.of("floe:distanceJoin"), ext, op.toString());
    }

    @Test
    void withinDistanceOfAConstantGeometryIsAnsweredFromGrownEnvelopes() {
        // Oslo to Stockholm: about 417 km along the great circle
        Random r = new Random(417);
        StringBuilder ttl = new StringBuilder();
        feature(ttl, "oslo", "ex:A", point(10.7522, 59.9139));
        for (int i = 0; i < 3000; i++) {
            feature(ttl, "p" + i, "ex:A", randomGeometry(r));
        }
        Dataset ds = dataset(ttl.toString());
        String stockholm = "\"POINT(18.0686 59.3293)\"^^geo:wktLiteral";
        for (int km : new int[] {420, 410}) {
            for (String condition : List.of("geof:distance(?w, " + stockholm + ", uom:kilometre) < " + km,
                    km * 1000 + " >= geof:distance(" + stockholm + ", ?w, uom:metre)")) {
                String q = "SELECT ?a WHERE { ?a a ex:A ; geo:asWKT ?w . FILTER(" + condition + ") }";
                SpatialJoinStats stats = new SpatialJoinStats();
                List<String> selected = rows(ds, q, true, stats);
                assertEquals(rows(ds, q, false, new SpatialJoinStats()), selected, condition);
                assertEquals(km == 420, selected.contains("a=https://example.org/oslo"), condition);
                assertFalse(selected.isEmpty(), "the busy region has places near Stockholm");
                assertEquals(1, stats.joins.get(), "the selection runs as a distance join with one geometry");
                assertEquals(3001, stats.leftRows.get());
                assertTrue(stats.candidatePairs.get() < 3001 / 4, "grown envelopes leave few rows to measure: "
                        + stats.candidatePairs.get());
            }
        }
    }
}
