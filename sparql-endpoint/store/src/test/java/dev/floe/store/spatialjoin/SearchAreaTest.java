package dev.floe.store.spatialjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.apache.jena.datatypes.TypeMapper;
import org.apache.jena.geosparql.implementation.great_circle.GreatCircleDistance;
import org.apache.jena.geosparql.implementation.vocabulary.Geo;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

import dev.floe.store.geosparql.GeoSparqlSetup;

/**
 * The grown envelope holds every point within the distance as geof:distance measures it (Jena's haversine on
 * lon/lat), at the poles and across the antimeridian too, and still leaves out what is far.
 */
class SearchAreaTest {

    @BeforeAll
    static void setUp() {
        GeoSparqlSetup.ensureJena();
    }

    static double arc(double metres) {
        return new DistanceCondition(null, null, "http://www.opengis.net/def/uom/OGC/1.0/metre", metres).arcDegrees();
    }

    @Test
    void everyPointWithinTheDistanceLiesInTheSearchArea() {
        Random r = new Random(1609);
        int within = 0;
        for (int i = 0; i < 400_000; i++) {
            double metres = Math.pow(10, 1 + 5.5 * r.nextDouble()); // 10 m to 3,000 km
            double lat = switch (i % 4) {
                case 0 -> -90 + 180 * r.nextDouble();
                case 1 -> (85 + 5 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
                default -> -89 + 178 * r.nextDouble();
            };
            double lon = i % 4 == 2 ? (r.nextBoolean() ? 180 : -180) - 0.5 * r.nextGaussian() : -180 + 360 * r.nextDouble();
            // a target around the distance away, in any direction, its longitude often written the other way round
            double degrees = metres / 111_195 * (0.2 + 1.1 * r.nextDouble());
            double tLat = Math.max(-90, Math.min(90, lat + degrees * r.nextGaussian()));
            double tLon = lon + degrees * r.nextGaussian() / Math.max(0.01, Math.cos(Math.toRadians(tLat)));
            if (r.nextBoolean()) {
                tLon = tLon > 180 ? tLon - 360 : tLon < -180 ? tLon + 360 : tLon;
            }
            double measured = GreatCircleDistance.haversineFormula(lat, lon, tLat, tLon);
            if (measured <= metres) {
                within++;
                SearchArea area = SearchArea.around(new Envelope(lon, lon, lat, lat), arc(metres));
                Envelope target = new Envelope(tLon, tLon, tLat, tLat);
                assertTrue(area.meets(target), "(" + lon + " " + lat + ") to (" + tLon + " " + tLat + "): " + measured
                        + " m <= " + metres);
                assertTrue(area.searches(Math.min(-180, tLon), Math.max(180, tLon)).stream().anyMatch(s -> s.intersects(target)));
            }
        }
        assertTrue(within > 100_000, "enough pairs within the distance: " + within);
    }

    @Test
    void whatIsFarIsLeftOut() {
        double km100 = arc(100_000);
        SearchArea equator = SearchArea.around(new Envelope(0, 0, 0, 0), km100);
        assertTrue(equator.meets(new Envelope(0.89, 0.89, 0, 0)));
        assertFalse(equator.meets(new Envelope(0.95, 0.95, 0, 0)), "one degree of longitude on the equator is 111 km");
        assertFalse(equator.meets(new Envelope(0, 0, 0.95, 0.95)));
        SearchArea north = SearchArea.around(new Envelope(0, 0, 60, 60), km100);
        assertTrue(north.meets(new Envelope(1.75, 1.75, 60, 60)), "at 60 degrees north a degree of longitude is 56 km");
        assertFalse(north.meets(new Envelope(2.0, 2.0, 60, 60)));
        SearchArea antimeridian = SearchArea.around(new Envelope(179.9, 179.9, 10, 10), km100);
        assertTrue(antimeridian.meets(new Envelope(-179.9, -179.9, 10, 10)));
        assertTrue(antimeridian.meets(new Envelope(180.5, 180.5, 10, 10)));
        assertFalse(antimeridian.meets(new Envelope(-178.9, -178.9, 10, 10)));
        assertEquals(2, antimeridian.searches(-180, 180).size(), "the area searched on both sides of the antimeridian");
        SearchArea pole = SearchArea.around(new Envelope(10, 10, 89.5, 89.5), km100);
        assertTrue(pole.meets(new Envelope(-170, -170, 89.6, 89.6)), "across the pole");
        assertFalse(pole.meets(new Envelope(-170, -170, 88, 88)));
    }

    @Test
    void onlyWgs84LonLatLiteralsAreIndexed() {
        assertEquals(new Envelope(10, 10, 60, 60), SearchArea.lonLat(wkt("POINT(10 60)")));
        assertEquals(new Envelope(10, 10, 60, 60),
                SearchArea.lonLat(wkt("<http://www.opengis.net/def/crs/EPSG/0/4326> POINT(60 10)")), "read latitude first");
        assertNull(SearchArea.lonLat(wkt("<http://www.opengis.net/def/crs/EPSG/0/32633> POINT(262000 6651000)")));
        assertNull(SearchArea.lonLat(wkt("POINT EMPTY")));
        assertNull(SearchArea.lonLat(wkt("POINT(10 95)")), "beyond the pole");
        assertNull(SearchArea.lonLat(NodeFactory.createLiteralString("POINT(10 60)")));
        assertNull(SearchArea.lonLat(NodeFactory.createURI("https://example.org/g")));
    }

    @Test
    void unitsConvertToAnOverestimatedArc() {
        double km = new DistanceCondition(null, null, "http://www.opengis.net/def/uom/OGC/1.0/kilometre", 111.195).arcDegrees();
        assertTrue(km > 1.0 && km < 1.01, "111.195 km is one degree on geof:distance's sphere: " + km);
        double degree = new DistanceCondition(null, null, "http://www.opengis.net/def/uom/OGC/1.0/degree", 2).arcDegrees();
        assertTrue(degree > 2 && degree < 2.001, String.valueOf(degree));
        double radian = new DistanceCondition(null, null, "http://www.opengis.net/def/uom/OGC/1.0/radian", 1).arcDegrees();
        assertTrue(radian > Math.toDegrees(1) && radian < Math.toDegrees(1) * 1.001, String.valueOf(radian));
        assertTrue(Double.isNaN(new DistanceCondition(null, null, "https://example.org/furlong", 1).arcDegrees()));
    }

    static Node wkt(String text) {
        return NodeFactory.createLiteralDT(text, TypeMapper.getInstance().getSafeTypeByName(Geo.WKT));
    }
}
