package dev.floe.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/** Buffers and areas of lon/lat geometries in metres, in the UTM zone of their centre. */
class UtmZoneTest {

    static Geometry wkt(String text) throws ParseException {
        return new WKTReader().read(text);
    }

    @Test
    void aBufferInMetresIsThatFarFromThePointInEveryDirection() throws ParseException {
        // UTM between 80 S and 84 N; beyond, UPS, whose scale is 0.4 % off at 85 degrees
        for (String p : new String[] {"POINT(10 0)", "POINT(25.3 60.2)", "POINT(-70 -45)", "POINT(15 83.5)"}) {
            Geometry point = wkt(p);
            Geometry buffer = UtmZone.buffer(point, 1000);
            for (Coordinate c : buffer.getCoordinates()) {
                double d = Geodesy.distance(c.x, c.y, point.getCoordinate().x, point.getCoordinate().y);
                assertEquals(1000, d, 1.5, p + " to " + c);
            }
        }
    }

    @Test
    void aBufferCoversTheAreaOfItsPolygonalCircle() throws ParseException {
        // JTS's buffer of a point (8 segments a quadrant) by 1 km: 3.1214 km², 0.994 of the circle
        assertEquals(3.1214e6, Geodesy.area(UtmZone.buffer(wkt("POINT(25.3 60.2)"), 1000)), 3.1214e6 * 0.002);
    }

    @Test
    void theBufferOfAnEmptyGeometryIsAnEmptyPolygon() throws ParseException {
        Geometry b = UtmZone.buffer(wkt("POINT EMPTY"), 10);
        assertTrue(b.isEmpty());
        assertEquals("Polygon", b.getGeometryType());
    }
}
