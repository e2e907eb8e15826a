package dev.floe.store.geosparql;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.OrdinateFormat;

/**
 * Writes a JTS geometry as a GML 3.2 geometry element, the form GeoSPARQL's own example uses:
 * {@code <gml:Point srsName="..." xmlns:gml="..."><gml:pos>-83.38 33.95</gml:pos></gml:Point>}, with
 * {@code posList} coordinates in the CRS's axis order. A ring (a polygon's boundary) is written as a closed
 * {@code gml:LineString}, since a GML ring is not a geometry of its own; multi-polygons as {@code gml:MultiSurface},
 * multi-lines as {@code gml:MultiCurve}, other collections as {@code gml:MultiGeometry}; an empty geometry as an
 * element without coordinates. Jena's GML writer knows only the GML 3.2 namespace and fails on rings. Stateless.
 */
final class GmlWriter {

    private GmlWriter() {
    }

    /** {@code geometry} as a GML element in namespace {@code namespace}, its CRS named by {@code srsName}. */
    static String write(Geometry geometry, String srsName, String namespace) {
        StringBuilder out = new StringBuilder();
        element(out, geometry, " srsName=\"" + srsName + "\" xmlns:gml=\"" + namespace + "\"");
        return out.toString();
    }

    private static void element(StringBuilder out, Geometry g, String attributes) {
        if (g instanceof Point p) {
            open(out, "Point", attributes);
            if (!p.isEmpty()) {
                out.append("<gml:pos>");
                coordinates(out, p.getCoordinates());
                out.append("</gml:pos>");
            }
            close(out, "Point");
        } else if (g instanceof LineString line) {
            open(out, "LineString", attributes);
            posList(out, line);
            close(out, "LineString");
        } else if (g instanceof Polygon polygon) {
            open(out, "Polygon", attributes);
            if (!polygon.isEmpty()) {
                ring(out, "exterior", polygon.getExteriorRing());
                for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
                    ring(out, "interior", polygon.getInteriorRingN(i));
                }
            }
            close(out, "Polygon");
        } else {
            String[] names = g instanceof MultiPoint ? new String[] {"MultiPoint", "pointMember"}
                    : g instanceof MultiLineString ? new String[] {"MultiCurve", "curveMember"}
                    : g instanceof MultiPolygon ? new String[] {"MultiSurface", "surfaceMember"}
                    : new String[] {"MultiGeometry", "geometryMember"};
            GeometryCollection collection = (GeometryCollection) g;
            open(out, names[0], attributes);
            for (int i = 0; i < collection.getNumGeometries(); i++) {
                out.append("<gml:").append(names[1]).append('>');
                element(out, collection.getGeometryN(i), "");
                out.append("</gml:").append(names[1]).append('>');
            }
            close(out, names[0]);
        }
    }

    private static void ring(StringBuilder out, String role, LineString ring) {
        out.append("<gml:").append(role).append("><gml:LinearRing>");
        posList(out, ring);
        out.append("</gml:LinearRing></gml:").append(role).append('>');
    }

    private static void posList(StringBuilder out, LineString line) {
        if (!line.isEmpty()) {
            out.append("<gml:posList>");
            coordinates(out, line.getCoordinates());
            out.append("</gml:posList>");
        }
    }

    private static void coordinates(StringBuilder out, Coordinate[] coordinates) {
        for (int i = 0; i < coordinates.length; i++) {
            Coordinate c = coordinates[i];
            out.append(i == 0 ? "" : " ").append(number(c.getX())).append(' ').append(number(c.getY()));
            if (!Double.isNaN(c.getZ())) {
                out.append(' ').append(number(c.getZ()));
            }
        }
    }

    /**
     * A decimal that reads back as the same double, as Java writes it ({@code 34.0}, {@code -83.6}: the form the
     * GeoSPARQL benchmark's GML answers use), in plain notation where Java would use an exponent.
     */
    private static String number(double value) {
        String text = Double.toString(value);
        return text.indexOf('E') >= 0 ? OrdinateFormat.DEFAULT.format(value) : text;
    }

    private static void open(StringBuilder out, String name, String attributes) {
        out.append("<gml:").append(name).append(attributes).append('>');
    }

    private static void close(StringBuilder out, String name) {
        out.append("</gml:").append(name).append('>');
    }
}
