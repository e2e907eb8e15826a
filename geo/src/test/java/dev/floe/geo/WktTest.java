package dev.floe.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.io.ParseException;

class WktTest {

    @Test
    void aLiteralWithoutCrsIriIsInCrs84() {
        assertEquals("http://www.opengis.net/def/crs/OGC/1.3/CRS84", Wkt.crs("POINT (1 2)"));
        assertEquals("POINT (1 2)", Wkt.text("  POINT (1 2)"));
        assertTrue(Wkt.isCrs84("POINT (1 2)"));
    }

    @Test
    void theCrsIriIsSplitFromTheText() {
        String literal = "<http://www.opengis.net/def/crs/EPSG/0/4326>  POINT (45 7)";
        assertEquals("http://www.opengis.net/def/crs/EPSG/0/4326", Wkt.crs(literal));
        assertEquals("POINT (45 7)", Wkt.text(literal));
        assertFalse(Wkt.isCrs84(literal));
    }

    @Test
    void everySpellingOfCrs84IsCrs84() {
        assertTrue(Wkt.isCrs84("<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POINT (1 2)"));
        assertTrue(Wkt.isCrs84("<https://www.opengis.net/def/crs/OGC/1.3/CRS84> POINT (1 2)"));
        assertTrue(Wkt.isCrs84("<http://www.opengis.net/def/crs/OGC/0/CRS84> POINT (1 2)"));
        assertTrue(Wkt.isCrs84("<http://www.opengis.net/def/crs/ogc/1.3/crs84> POINT (1 2)"));
        assertFalse(Wkt.isCrs84("<http://www.opengis.net/def/crs/EPSG/0/32633> POINT (1 2)"));
    }

    @Test
    void formatWritesTheIriOnlyForOtherCrssThanCrs84() {
        assertEquals("POINT (1 2)", Wkt.format("http://www.opengis.net/def/crs/OGC/1.3/CRS84", "POINT (1 2)"));
        assertEquals("<http://www.opengis.net/def/crs/EPSG/0/32633> POINT (500000 0)",
                Wkt.format("http://www.opengis.net/def/crs/EPSG/0/32633", "POINT (500000 0)"));
    }

    @Test
    void readKeepsTheLiteralsOwnAxisOrder() throws ParseException {
        assertEquals("POINT (45 7)", Wkt.read("<http://www.opengis.net/def/crs/EPSG/0/4326> POINT (45 7)").toText());
    }

    @Test
    void readCrs84PutsLongitudeFirst() throws ParseException {
        assertEquals("POINT (7 45)", Wkt.readCrs84("<http://www.opengis.net/def/crs/EPSG/0/4326> POINT (45 7)").toText());
        assertEquals("LINESTRING (10 50, 11 51)", Wkt.readCrs84("LINESTRING (10 50, 11 51)").toText());
    }

    @Test
    void readCrs84TransformsProjectedCoordinates() throws ParseException {
        // UTM zone 33N: easting 500000 is the central meridian, 15 degrees east; northing 0 is the equator
        var p = Wkt.readCrs84("<http://www.opengis.net/def/crs/EPSG/0/32633> POINT (500000 0)").getCoordinate();
        assertEquals(15.0, p.x, 1e-9);
        assertEquals(0.0, p.y, 1e-9);
    }

    @Test
    void textThatIsNotWktIsRefusedQuotingTheLiteral() {
        ParseException e = assertThrows(ParseException.class, () -> Wkt.read("POINT (1 two)"));
        assertTrue(e.getMessage().startsWith("not a WKT literal \"POINT (1 two)\""), e.getMessage());
    }

    @Test
    void anUnknownCrsIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Wkt.readCrs84("<http://www.opengis.net/def/crs/EPSG/0/999999> POINT (1 2)"));
        assertTrue(e.getMessage().startsWith("unknown or unusable CRS http://www.opengis.net/def/crs/EPSG/0/999999"), e.getMessage());
    }
}
