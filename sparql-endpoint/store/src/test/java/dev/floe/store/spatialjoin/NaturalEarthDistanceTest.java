package dev.floe.store.spatialjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.geojson.GeoJsonReader;

import dev.floe.store.GeoStore;

/**
 * Distances on Natural Earth data in a real store equal PostGIS 3.3.2's geography answers on the same files (loaded
 * with {@code ST_GeomFromGeoJSON(..)::geography}, one row per feature numbered as in the file), in the FILTER form
 * (ARQ's nested loop) and the distance join, including places beside the Ross Ice Shelf, whose
 * two polygons meet at the antimeridian. Skipped where ../shared/data/natural-earth is not in the checkout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NaturalEarthDistanceTest {

    static final String PREFIXES = DistanceJoinTest.P;

    GeoStore store;

    static Path naturalEarth(String file) {
        return dev.floe.store.StoreFixtures.sharedData("natural-earth/" + file);
    }

    @BeforeAll
    void load(@TempDir Path tmp) throws Exception {
        Path places = naturalEarth("50m/ne_50m_populated_places_simple.json");
        Path lakes = naturalEarth("50m/ne_50m_lakes.json");
        Path shelves = naturalEarth("10m/ne_10m_antarctic_ice_shelves_polys.json");
        assumeTrue(places != null && lakes != null && shelves != null, "../shared/data/natural-earth is not in this checkout");
        Path nt = tmp.resolve("natural-earth.ttl");
        try (Writer out = Files.newBufferedWriter(nt)) {
            out.write("@prefix geo: <http://www.opengis.net/ont/geosparql#> . @prefix ex: <https://example.org/> .\n"
                    + "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n");
            features(places, "place", "ex:Place", out);
            features(lakes, "lake", "ex:Lake", out);
            features(shelves, "shelf", "ex:Shelf", out);
            // two places in the Ross Sea either side of the antimeridian, beside the Ross Ice Shelf's other half
            feature("place", "east", "POINT(179.9 -77.5)", "ex:Place", out);
            feature("place", "west", "POINT(-179.9 -77.5)", "ex:Place", out);
        }
        store = GeoStore.open(tmp.resolve("store"));
        store.load(List.of(nt));
    }

    /** Every feature of a GeoJSON file, named by its place in the file as in the PostGIS tables. */
    static void features(Path geojson, String prefix, String type, Writer out) throws Exception {
        Geometry all = new GeoJsonReader().read(Files.readString(geojson));
        for (int i = 0; i < all.getNumGeometries(); i++) {
            feature(prefix, String.valueOf(i), all.getGeometryN(i).toText(), type, out);
        }
    }

    static void feature(String prefix, String id, String wkt, String type, Writer out) throws IOException {
        String f = "ex:" + prefix + id;
        out.write(f + " a " + type + " ; geo:hasDefaultGeometry " + f + "-geometry .\n" + f + "-geometry geo:asWKT \""
                + wkt + "\"^^geo:wktLiteral .\n");
    }

    @AfterAll
    void close() {
        if (store != null) {
            store.close();
        }
    }

    List<QuerySolution> select(String query, boolean rewrites) {
        return Txn.calculateRead(store.dataset(), () -> {
            List<QuerySolution> out = new ArrayList<>();
            try (QueryExecution qe = DistanceJoinTest.withoutRewrites(
                    QueryExecution.dataset(store.dataset()).query(PREFIXES + query), !rewrites).build()) {
                qe.execSelect().forEachRemaining(out::add);
            }
            return out;
        });
    }

    long count(String query, boolean rewrites) {
        return select(query, rewrites).get(0).getLiteral("n").getLong();
    }

    static String within(String type, String distance, String projection) {
        return "SELECT " + projection + " WHERE { ?p a ex:Place ; geo:hasDefaultGeometry ?pg . ?pg geo:asWKT ?pw . "
                + "?x a " + type + " ; geo:hasDefaultGeometry ?xg . ?xg geo:asWKT ?xw . "
                + "FILTER(geof:distance(?pw, ?xw, uom:metre) <= " + distance + ") }";
    }

    @Test
    void stPetersburgIsAsFarFromLakeLadogaAsPostGisSays() {
        // SELECT ST_Distance(p.g, l.g) FROM places50 p, lakes50 l WHERE p.name = 'St. Petersburg'
        //   AND l.name = 'Lake Ladoga' -> 40742.78263494 (61.9 km between the nearest points in the lon/lat plane)
        List<QuerySolution> rows = select("SELECT ?d WHERE { ?p a ex:Place ; geo:hasDefaultGeometry/geo:asWKT ?pw . "
                + "?l a ex:Lake ; geo:hasDefaultGeometry/geo:asWKT ?lw . FILTER(?p = ex:place" + ST_PETERSBURG
                + " && ?l = ex:lake" + LADOGA + ") BIND(geof:distance(?pw, ?lw, uom:metre) AS ?d) }", true);
        assertEquals(1, rows.size());
        assertEquals(40742.78263494, rows.get(0).getLiteral("d").getDouble(), 40742.78263494 * 1e-8);
    }

    /** The rows of St. Petersburg and Lake Ladoga in the 50m files (SELECT id FROM .. WHERE name = ..). */
    static final int ST_PETERSBURG = 1097;
    static final int LADOGA = 1;

    @Test
    void placesWithin50kmOfLakesArePostGisCountInTheFilterAndTheJoin() {
        // SELECT count(*) FROM places50 p WHERE EXISTS (SELECT 1 FROM lakes50 l WHERE ST_DWithin(p.g, l.g, 50000)) -> 82
        // SELECT count(*) FROM places50 p JOIN lakes50 l ON ST_DWithin(p.g, l.g, 50000) -> 101
        for (boolean rewrites : new boolean[] {true, false}) {
            assertEquals(82, count(within("ex:Lake", "50000", "(COUNT(DISTINCT ?p) AS ?n)"), rewrites), "places " + rewrites);
            assertEquals(101, count(within("ex:Lake", "50000", "(COUNT(*) AS ?n)"), rewrites), "pairs " + rewrites);
        }
    }

    @Test
    void placesWithin50kmOfIceShelvesArePostGisCountInTheFilterAndTheJoin() {
        // SELECT count(*) FROM places50 p WHERE EXISTS (SELECT 1 FROM shelves10 s WHERE ST_DWithin(p.g, s.g, 50000)) -> 15
        // SELECT count(*) FROM places50 p JOIN shelves10 s ON ST_DWithin(p.g, s.g, 50000) -> 26
        // and the two Ross Sea places: each within 50 km of both halves of the Ross Ice Shelf (40.4 to 41.9 km)
        for (boolean rewrites : new boolean[] {true, false}) {
            assertEquals(17, count(within("ex:Shelf", "50000", "(COUNT(DISTINCT ?p) AS ?n)"), rewrites), "places " + rewrites);
            assertEquals(30, count(within("ex:Shelf", "50000", "(COUNT(*) AS ?n)"), rewrites), "pairs " + rewrites);
        }
    }

    @Test
    void placesBesideTheRossIceShelfAreFoundOnBothSidesOfTheAntimeridian() {
        // SELECT p.name, s.id, ST_Distance(p.g, s.g) FROM places50 p, shelves10 s WHERE s.name = 'Ross Ice Shelf'
        //   AND p.name IN ('Scott Base', 'McMurdo Station'): 434.62995176 and 4643.82614127 m to row 28 (158 to 180 E);
        // ST_Distance('POINT(179.9 -77.5)'::geography, s.g): 41899.1521633 to row 0 (180 to 147 W), 40391.60667148 to
        // row 28; from POINT(-179.9 -77.5): 41899.12343906 to row 0, 41405.68650587 to row 28
        List<String> postgis = List.of("place63 shelf28 434.6300", "place64 shelf28 4643.8261",
                "placeeast shelf0 41899.1522", "placeeast shelf28 40391.6067",
                "placewest shelf0 41899.1234", "placewest shelf28 41405.6865");
        String q = "SELECT ?p ?x ?d WHERE { ?p a ex:Place ; geo:hasDefaultGeometry ?pg . ?pg geo:asWKT ?pw . "
                + "?x a ex:Shelf ; geo:hasDefaultGeometry ?xg . ?xg geo:asWKT ?xw . "
                + "FILTER(geof:distance(?pw, ?xw, uom:kilometre) < 45 && (?x = ex:shelf0 || ?x = ex:shelf28)) "
                + "BIND(geof:distance(?pw, ?xw, uom:metre) AS ?d) }";
        for (boolean rewrites : new boolean[] {true, false}) {
            List<String> near = new ArrayList<>();
            select(q, rewrites).forEach(r -> near.add(r.getResource("p").getLocalName() + " "
                    + r.getResource("x").getLocalName() + " "
                    + String.format(java.util.Locale.ROOT, "%.4f", r.getLiteral("d").getDouble())));
            near.sort(null);
            assertEquals(postgis, near, "Scott Base, McMurdo Station and the two Ross Sea places, rewrites " + rewrites);
        }
    }
}
