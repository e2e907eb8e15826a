package dev.floe.geo;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * GeoSPARQL WKT literals ({@code geo:wktLiteral}): an optional CRS IRI in angle brackets, then the WKT text, as in
 * {@code <http://www.opengis.net/def/crs/EPSG/0/4326> POINT (45 7)}. Without an IRI the CRS is CRS84
 * ({@link Crs84#IRI}). Splits and formats the lexical form, and reads it into a JTS geometry in its own CRS or in
 * CRS84. Stateless; a JTS {@link WKTReader} (not thread-safe) is made per read, over one shared geometry factory
 * (immutable): a factory per read cost each of a million geometries its own factory and precision model.
 */
public final class Wkt {

    private static final GeometryFactory FACTORY = new GeometryFactory();

    private Wkt() {
    }

    /** The CRS IRI a literal starts with, or {@link Crs84#IRI} when it has none. */
    public static String crs(String lexical) {
        String s = lexical.stripLeading();
        int end = s.startsWith("<") ? s.indexOf('>') : -1;
        return end < 0 ? Crs84.IRI : s.substring(1, end).strip();
    }

    /** The WKT text after an optional CRS IRI. */
    public static String text(String lexical) {
        String s = lexical.stripLeading();
        int end = s.startsWith("<") ? s.indexOf('>') : -1;
        return end < 0 ? s : s.substring(end + 1).stripLeading();
    }

    /** Whether the literal is in CRS84: it has no CRS IRI, or one that names CRS84. */
    public static boolean isCrs84(String lexical) {
        return Crs84.isCrs84(crs(lexical));
    }

    /** The lexical form of WKT text in a CRS: the text alone for CRS84 (its default), else prefixed by the IRI. */
    public static String format(String crsIri, String text) {
        return Crs84.isCrs84(crsIri) ? text : "<" + crsIri + "> " + text;
    }

    /** The geometry of a literal, in its own CRS and axis order; the error quotes the start of the literal. */
    public static Geometry read(String lexical) throws ParseException {
        try {
            return new WKTReader(FACTORY).read(text(lexical));
        } catch (ParseException e) {
            throw new ParseException("not a WKT literal \"" + abbreviate(lexical) + "\": " + e.getMessage());
        }
    }

    /**
     * The geometry of a literal in CRS84 (x longitude, y latitude), transformed from its CRS with {@link Crs84}.
     * Fails with {@link ParseException} for text that is not WKT and {@link IllegalArgumentException} for a CRS
     * that cannot be transformed.
     */
    public static Geometry readCrs84(String lexical) throws ParseException {
        Geometry g = read(lexical);
        String crs = crs(lexical);
        return Crs84.isCrs84(crs) ? g : Crs84.forCode(crs).apply(g);
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
