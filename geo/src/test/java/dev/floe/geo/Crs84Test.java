package dev.floe.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

class Crs84Test {

    private final GeometryFactory factory = new GeometryFactory();

    @Test
    void crs84ItselfIsTheIdentity() {
        Crs84 t = Crs84.forCode("http://www.opengis.net/def/crs/OGC/1.3/CRS84");
        assertTrue(t.isIdentity());
        assertFalse(t.isProjected());
        Geometry g = factory.createPoint(new Coordinate(7, 45));
        assertSame(g, t.apply(g));
    }

    @Test
    void epsg4326IsLatitudeFirst() {
        Crs84 t = Crs84.forCode("EPSG:4326");
        assertEquals("POINT (7 45)", t.apply(factory.createPoint(new Coordinate(45, 7))).toText());
    }

    @Test
    void utmCoordinatesBecomeLongitudeLatitude() {
        Crs84 t = Crs84.forCode("EPSG:32633");
        assertTrue(t.isProjected());
        Coordinate c = t.apply(factory.createPoint(new Coordinate(500000, 0))).getCoordinate();
        assertEquals(15.0, c.x, 1e-9);
        assertEquals(0.0, c.y, 1e-9);
    }

    @Test
    void applyLeavesTheInputUnchanged() {
        Geometry g = factory.createPoint(new Coordinate(500000, 0));
        Crs84.forCode("EPSG:32633").apply(g);
        assertEquals("POINT (500000 0)", g.toText());
    }

    @Test
    void aWkt1CrsWithLongitudeFirstIsReadEastNorth() {
        String prj = "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
                + "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";
        Crs84 t = Crs84.forWkt(prj, "countries.prj");
        assertEquals("POINT (7 45)", t.apply(factory.createPoint(new Coordinate(7, 45))).toText());
    }

    @Test
    void anUnreadableCrsWktIsRefusedNamingItsSource() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Crs84.forWkt("GEOGCS[", "broken.prj"));
        assertTrue(e.getMessage().startsWith("cannot read the CRS of broken.prj"), e.getMessage());
    }
}
