package dev.floe.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

class MemberSummaryTest {

    @Test
    void aWktLiteralWithoutCrsOrInCrs84IsBoxedAsWritten() {
        assertEquals(new Envelope(13, 17, 44, 47), MemberSummary.envelope("POLYGON ((13 44, 17 44, 17 47, 13 47, 13 44))"));
        assertEquals(new Envelope(13, 17, 44, 47), MemberSummary.envelope(
                "<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POLYGON ((13 44, 17 44, 17 47, 13 47, 13 44))"));
    }

    @Test
    void anEpsg4326LiteralIsLatitudeFirst() {
        assertEquals(new Envelope(7, 8, 45, 46),
                MemberSummary.envelope("<http://www.opengis.net/def/crs/EPSG/0/4326> LINESTRING (45 7, 46 8)"));
    }

    @Test
    void otherCrssAndTextThatIsNotWktHaveNoKnownBox() {
        assertNull(MemberSummary.envelope("<http://www.opengis.net/def/crs/EPSG/0/32633> POINT (500000 0)"));
        assertNull(MemberSummary.envelope("POLYGON ((13 44, 17 44"));
    }

    @Test
    void anEmptyGeometryHasAnEmptyBox() {
        assertTrue(MemberSummary.envelope("POINT EMPTY").isNull());
    }
}
