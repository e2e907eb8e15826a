package dev.floe.store.spatialjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.apache.jena.query.QueryException;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.store.GeoStore;

/**
 * spatial:nearbyGeom and spatial:nearby in a store holding Natural Earth data (as {@link NaturalEarthDistanceTest}
 * loads it): the features the index finds within a distance are those PostGIS 3.3.2's geography distances put
 * there (values in {@link NaturalEarthDistanceTest}), on both sides of the antimeridian.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NearbyFeaturesTest {

    static final String PREFIXES = NaturalEarthDistanceTest.PREFIXES + "PREFIX spatial: <http://jena.apache.org/spatial#>\n";
    static final String LADOGA = "ex:lake" + NaturalEarthDistanceTest.LADOGA;
    static final String ST_PETERSBURG = "place" + NaturalEarthDistanceTest.ST_PETERSBURG;

    GeoStore store;

    @BeforeAll
    void load(@TempDir Path tmp) throws Exception {
        Path places = NaturalEarthDistanceTest.naturalEarth("50m/ne_50m_populated_places_simple.json");
        Path lakes = NaturalEarthDistanceTest.naturalEarth("50m/ne_50m_lakes.json");
        Path shelves = NaturalEarthDistanceTest.naturalEarth("10m/ne_10m_antarctic_ice_shelves_polys.json");
        assumeTrue(places != null && lakes != null && shelves != null, "../shared/data/natural-earth is not in this checkout");
        Path ttl = tmp.resolve("natural-earth.ttl");
        try (Writer out = Files.newBufferedWriter(ttl)) {
            out.write("@prefix geo: <http://www.opengis.net/ont/geosparql#> . @prefix ex: <https://example.org/> .\n");
            NaturalEarthDistanceTest.features(places, "place", "ex:Place", out);
            NaturalEarthDistanceTest.features(lakes, "lake", "ex:Lake", out);
            NaturalEarthDistanceTest.features(shelves, "shelf", "ex:Shelf", out);
            NaturalEarthDistanceTest.feature("place", "east", "POINT(179.9 -77.5)", "ex:Place", out);
            NaturalEarthDistanceTest.feature("place", "west", "POINT(-179.9 -77.5)", "ex:Place", out);
        }
        store = GeoStore.open(tmp.resolve("store"));
        store.load(List.of(ttl));
    }

    @AfterAll
    void close() {
        if (store != null) {
            store.close();
        }
    }

    /** The local names of ?x, in answer order. */
    List<String> names(String where) {
        return Txn.calculateRead(store.dataset(), () -> {
            List<String> out = new ArrayList<>();
            try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(PREFIXES + "SELECT ?x WHERE { " + where + " }").build()) {
                qe.execSelect().forEachRemaining(r -> out.add(r.getResource("x").getLocalName()));
            }
            return out;
        });
    }

    TreeSet<String> sorted(String where) {
        return new TreeSet<>(names(where));
    }

    static String placesNear(String literalPattern, String args) {
        return literalPattern + " ?x spatial:nearbyGeom (?from " + args + ") . ?x a ex:Place .";
    }

    @Test
    void placesWithin50kmOfLakeLadogaAreThoseTheDistanceFilterFinds() {
        String ladoga = LADOGA + " geo:hasDefaultGeometry/geo:asWKT ?from .";
        TreeSet<String> nearby = sorted(placesNear(ladoga, "50"));
        TreeSet<String> filtered = sorted(ladoga + " ?x a ex:Place ; geo:hasDefaultGeometry/geo:asWKT ?w . "
                + "FILTER(geof:distance(?from, ?w, uom:kilometre) <= 50)");
        assertEquals(filtered, nearby);
        assertTrue(nearby.contains(ST_PETERSBURG), "St. Petersburg is 40.74 km from Lake Ladoga (PostGIS)");
        assertFalse(nearby.isEmpty());
    }

    @Test
    void stPetersburgIsFoundFrom40_75kmOfLakeLadogaAsPostGisMeasures() {
        // PostGIS: ST_Distance(St. Petersburg, Lake Ladoga) = 40742.78263494 m (61.9 km in the lon/lat plane)
        String ladoga = LADOGA + " geo:hasDefaultGeometry/geo:asWKT ?from .";
        assertTrue(sorted(placesNear(ladoga, "40.75")).contains(ST_PETERSBURG));
        assertFalse(sorted(placesNear(ladoga, "40.74")).contains(ST_PETERSBURG));
    }

    @Test
    void shelvesAcrossTheAntimeridianAreFoundFromBothSides() {
        // PostGIS: from POINT(179.9 -77.5) 41899.1522 m to shelf0 (180 to 147 W), 40391.6067 m to shelf28 (158 E to 180);
        // from POINT(-179.9 -77.5) 41899.1234 m to shelf0, 41405.6865 m to shelf28
        String east = "BIND(\"POINT(179.9 -77.5)\"^^geo:wktLiteral AS ?from)";
        String west = "BIND(\"POINT(-179.9 -77.5)\"^^geo:wktLiteral AS ?from)";
        String shelves = " . ?x a ex:Shelf .";
        assertEquals(List.of("shelf28"), names(east + " ?x spatial:nearbyGeom (?from 41)" + shelves));
        assertEquals(List.of("shelf28", "shelf0"), names(east + " ?x spatial:nearbyGeom (?from 42)" + shelves));
        assertEquals(List.of(), names(west + " ?x spatial:nearbyGeom (?from 41.4)" + shelves));
        assertEquals(List.of("shelf28"), names(west + " ?x spatial:nearbyGeom (?from 41.5)" + shelves));
        assertEquals(List.of("shelf28", "shelf0"), names(west + " ?x spatial:nearbyGeom (?from 42)" + shelves));
    }

    @Test
    void placesBesideTheRossIceShelfAreFoundInMetresAsInKilometres() {
        // PostGIS: Scott Base (place63) 434.6300 m, McMurdo Station (place64) 4643.8261 m from shelf28
        String shelf = "ex:shelf28 geo:hasDefaultGeometry/geo:asWKT ?from .";
        assertEquals(List.of("place63", "place64"), names(placesNear(shelf, "5000 uom:metre")));
        assertEquals(List.of("place63", "place64"), names(placesNear(shelf, "5")));
        assertEquals(List.of("place63"), names(placesNear(shelf, "4.6 uom:kilometre")));
        assertEquals(List.of("place63"), names(placesNear(shelf, "4600 <http://www.opengis.net/def/uom/OGC/1.0/metre>")));
    }

    @Test
    void nearbyTakesLatitudeThenLongitude() {
        assertEquals(List.of("shelf28"), names("?x spatial:nearby (-77.5 179.9 41) . ?x a ex:Shelf ."));
        assertEquals(List.of("shelf28", "shelf0"), names("?x spatial:nearby (-77.5 179.9 42000 uom:metre) . ?x a ex:Shelf ."));
    }

    @Test
    void theLimitKeepsTheNearestResources() {
        // features and, as floe indexes them, their geometry resources: the two Ross Sea places (0 and about 4.8 km)
        // before shelf28 (40.4 km) and shelf0 (41.9 km)
        List<String> all = List.of("placeeast", "placeeast-geometry", "placewest", "placewest-geometry",
                "shelf28", "shelf28-geometry", "shelf0", "shelf0-geometry");
        assertEquals(all, names("?x spatial:nearby (-77.5 179.9 42)"));
        assertEquals(all.subList(0, 5), names("?x spatial:nearby (-77.5 179.9 42 uom:kilometre 5)"));
        assertEquals(all, names("?x spatial:nearby (-77.5 179.9 42 uom:kilometre -1)"));
        assertEquals(List.of(), names("?x spatial:nearby (-77.5 179.9 42 uom:kilometre 0)"));
    }

    @Test
    void aBoundFeatureGivesOneRowWhenNearAndNoneOtherwise() {
        String ladoga = LADOGA + " geo:hasDefaultGeometry/geo:asWKT ?from . BIND(ex:" + ST_PETERSBURG + " AS ?x) ";
        assertEquals(List.of(ST_PETERSBURG), names(ladoga + "?x spatial:nearbyGeom (?from 40.75)"));
        assertEquals(List.of(), names(ladoga + "?x spatial:nearbyGeom (?from 40.74)"));
        assertEquals(List.of("shelf28"), names("VALUES ?x { ex:shelf28 ex:shelf0 ex:lake1 } ?x spatial:nearby (-77.5 179.9 41)"));
    }

    @Test
    void badArgumentsAreErrorsNamingWhatIsWrong() {
        String point = "BIND(\"POINT(179.9 -77.5)\"^^geo:wktLiteral AS ?from) ";
        assertEquals("<http://jena.apache.org/spatial#nearbyGeom>: Minimum of 2 arguments.",
                error(point + "?x spatial:nearbyGeom (?from)"));
        assertEquals("Not a xsd:double: \"far\"", error(point + "?x spatial:nearbyGeom (?from \"far\")"));
        assertEquals("Not a URI: \"km\"", error(point + "?x spatial:nearbyGeom (?from 5 \"km\")"));
        assertEquals("Not an integer: 2.5", error(point + "?x spatial:nearbyGeom (?from 5 uom:metre 2.5)"));
        assertTrue(error(point + "?x spatial:nearbyGeom (?from 5 uom:degree)").contains("linear units"));
        assertTrue(error("?x spatial:nearby (-77.5 ?lon 5)").startsWith("Arguments are not all concrete"));
        assertTrue(error("?x spatial:nearbyGeom (\"not a geometry\" 5)").startsWith("<http://jena.apache.org/spatial#nearbyGeom>: "));
    }

    String error(String where) {
        return assertThrows(QueryException.class, () -> names(where)).getMessage();
    }
}
