package dev.floe.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Distances between lon/lat geometries equal PostGIS 3.3's geography distances. Every expected value was computed
 * with PostGIS 3.3.2 (PROJ 9.1.1) as {@code SELECT ST_Distance('A'::geography, 'B'::geography)}. They agree to
 * 1e-8 relative: the nearest point on an edge is computed in floating point by both, in different orders (the
 * point beside the Ross polygon differs by 0.012 mm in 9.7 km).
 */
class GeodesyTest {

    static Geometry wkt(String text) throws ParseException {
        return new WKTReader().read(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "two points far apart at high latitude|POINT(-150 80)|POINT(30 85)|1675281.44602233",
        "two points across the Arctic|POINT(10 78)|POINT(100 79)|1811888.47388060",
        "Longyearbyen to Franz Josef Land|POINT(15.6 78.2)|POINT(55 81)|833113.90735040",
        "a point and a line crossing the antimeridian|POINT(180 -60)|LINESTRING(170 -55, -170 -55)|511084.10817782",
        "a point beside a line crossing the antimeridian|POINT(-178 -50)|LINESTRING(175 -52, -175 -52)|232312.14853840",
        "a point beside the bulge of a long edge|POINT(45 66)|LINESTRING(0 60, 90 60)|199882.89485460",
        "a point in the hole of a polygon|POINT(1 1)|POLYGON((0 0, 3 0, 3 3, 0 3, 0 0),(0.5 0.5, 1.5 0.5, 1.5 1.5, 0.5 1.5, 0.5 0.5))|55651.32466972",
        "two lines|LINESTRING(0 0, 10 0)|LINESTRING(0 1, 10 1.5)|110574.38855780",
        "two polygons at high latitude|POLYGON((0 60, 10 60, 10 65, 0 65, 0 60))|POLYGON((12 61, 20 61, 20 70, 12 70, 12 61))|94335.32311199",
        "a point across the antimeridian from a polygon whose edge lies on it|POINT(-179.5 -80)|POLYGON((170 -78, 180 -78, 180 -84, 170 -84, 170 -78))|9696.62340070",
        "a multipoint and a point|MULTIPOINT((0 50),(30 50))|POINT(29 51)|131935.96278050",
        "a pole and a polygon with a corner at the other pole|POINT(180 90)|POLYGON((178.93836740418647 -90, 181.06163259581353 -90, 181.06163259581353 -88.90201845957047, 178.93836740418647 -88.90201845957047, 178.93836740418647 -90))|19881293.6826444",
        "a point at the antipode of a small polygon|POINT(-76 66)|POLYGON((103.5 -66.5, 104.5 -66.5, 104.5 -65.5, 103.5 -65.5, 103.5 -66.5))|19944357.36263704",
        "a point in a polygon|POINT(1 1)|POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))|0",
        "two crossing lines|LINESTRING(0 0, 2 2)|LINESTRING(0 2, 2 0)|0",
        "a point and itself|POINT(10 10)|POINT(10 10)|0",
    })
    void distanceIsPostGisGeographyDistance(String what, String a, String b, double postgis) throws ParseException {
        double ab = Geodesy.distance(wkt(a), wkt(b));
        double ba = Geodesy.distance(wkt(b), wkt(a));
        assertEquals(postgis, ab, postgis * 1e-8 + 1e-6, what);
        assertEquals(postgis, ba, postgis * 1e-8 + 1e-6, what + ", the other way round");
    }

    @Test
    void pointsAreMeasuredOnTheSpheroid() {
        // SELECT ST_Distance('POINT(-150 80)'::geography, 'POINT(30 85)'::geography) -> 1675281.44602233
        assertEquals(1675281.44602233, Geodesy.distance(-150, 80, 30, 85), 1e-6);
    }

    @Test
    void emptyGeometriesHaveNoDistance() {
        assertThrows(IllegalArgumentException.class, () -> Geodesy.distance(wkt("POINT EMPTY"), wkt("POINT(1 1)")));
    }

    @Test
    void envelopeHoldsTheBulgeOfLongEdgesAndGoesTheShortWayRound() throws ParseException {
        // the great circle from (0 60) to (90 60) reaches atan(tan 60 / cos 45) = 67.79 degrees north
        Envelope bulge = Geodesy.envelope(wkt("LINESTRING(0 60, 90 60)"));
        assertEquals(67.7923457, bulge.getMaxY(), 1e-6);
        assertEquals(60, bulge.getMinY(), 0);
        Envelope across = Geodesy.envelope(wkt("LINESTRING(170 -55, -170 -55)"));
        assertEquals(170, across.getMinX(), 0);
        assertEquals(190, across.getMaxX(), 0);
        assertTrue(across.getMinY() < -55, "the edge bulges towards the south pole: " + across);
        Envelope aroundThePole = Geodesy.envelope(wkt("POLYGON((0 80, 120 80, -120 80, 0 80))"));
        assertEquals(new Envelope(-180, 180, 80, 90), new Envelope(Math.max(-180, aroundThePole.getMinX()),
                Math.min(180, aroundThePole.getMaxX()), Math.floor(aroundThePole.getMinY()), aroundThePole.getMaxY()));
    }

    /** The areas PostGIS 3.3 gives, ST_Area(geography) of the same WKT (asked 2026-12-07 on the project's machine). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))                                                    | 196869599070.80536",
        "POLYGON((0 0, 0 1, 1 1, 1 0, 0 0))                                                    | 12308778361.469454",
        "POLYGON((-10 60, 10 60, 10 70, -10 70, -10 60), (-1 64, 1 64, 1 66, -1 66, -1 64))    | 1014047636600.8909",
        "MULTIPOLYGON(((0 0, 1 0, 1 1, 0 1, 0 0)), ((170 -80, 180 -80, 180 -70, 170 -70, 170 -80))) | 333015959562.87085",
        "LINESTRING(0 0, 1 1)                                                                  | 0",
        "POLYGON EMPTY                                                                         | 0",
    })
    void anAreaIsPostgisGeographysOnTheSpheroid(String wkt, double squareMetres) throws Exception {
        assertEquals(squareMetres, Geodesy.area(new org.locationtech.jts.io.WKTReader().read(wkt)), Math.max(1e-3, squareMetres * 1e-9));
    }
}
