package dev.floe.federation;

import java.util.Locale;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Bounding boxes of GeoSPARQL WKT literals in CRS84 (longitude, latitude), parsed with JTS. A literal may
 * start with a CRS IRI: none or CRS84 is read as is, EPSG:4326 (latitude first) is swapped; any other CRS
 * has no known box here (null), so nothing is ever pruned on its account.
 */
final class WktEnvelopes {

    static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    private static final String EPSG_4326 = "http://www.opengis.net/def/crs/EPSG/0/4326";

    private WktEnvelopes() {
    }

    /** The CRS IRI a literal starts with, or null when it has none. */
    static String crsOf(String lexical) {
        String s = lexical.stripLeading();
        if (!s.startsWith("<")) {
            return null;
        }
        int end = s.indexOf('>');
        return end < 0 ? null : s.substring(1, end).trim();
    }

    /** The WKT text after an optional CRS IRI. */
    static String withoutCrs(String lexical) {
        String s = lexical.stripLeading();
        if (!s.startsWith("<")) {
            return s;
        }
        int end = s.indexOf('>');
        return end < 0 ? s : s.substring(end + 1).stripLeading();
    }

    /** Whether the CRS IRI names OGC CRS84 (in any of its spellings: http/https, 1.3 or no version). */
    static boolean isCrs84(String crs) {
        String c = crs.toLowerCase(Locale.ROOT).replace("https://", "http://");
        return c.equals(CRS84.toLowerCase(Locale.ROOT)) || c.equals("http://www.opengis.net/def/crs/ogc/0/crs84");
    }

    /**
     * The CRS84 bounding box of a WKT literal's lexical form; null when it cannot be known here (unknown
     * CRS, not WKT). An empty geometry gives an empty ({@link Envelope#isNull() null}) envelope.
     */
    static Envelope envelope(String lexical) {
        String crs = crsOf(lexical);
        boolean swap = false;
        if (crs != null && !isCrs84(crs)) {
            if (crs.equals(EPSG_4326)) {
                swap = true;
            } else {
                return null;
            }
        }
        Geometry g;
        try {
            // a reader per call: WKTReader is not thread-safe and parsing dominates anyway
            g = new WKTReader().read(withoutCrs(lexical));
        } catch (ParseException | RuntimeException e) {
            return null;
        }
        Envelope e = g.getEnvelopeInternal();
        return swap && !e.isNull() ? new Envelope(e.getMinY(), e.getMaxY(), e.getMinX(), e.getMaxX()) : e;
    }
}
