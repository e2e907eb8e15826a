package dev.floe.triplify.geometry;

import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads RFC 7946 GeoJSON geometry objects into JTS geometries in lon/lat (CRS84) order.
 *
 * <p>Written on the Jackson tree rather than with JTS's own GeoJsonReader because that reader needs
 * the geometry re-serialised to a string and reports structural errors without saying where; here every
 * error names the offending position, e.g. {@code coordinates[0][3]: ring is not closed}.
 * Instances are stateless and thread-safe.
 */
public final class GeoJsonGeometryReader {

    /**
     * How far past +-180 / +-90 degrees a position may be and still count as rounding noise (about 11 m):
     * Natural Earth 50m glaciated areas reach -180.0000152. Projected coordinates are far beyond it.
     */
    static final double ROUNDING_TOLERANCE = 1e-4;

    private final GeometryFactory factory;

    public GeoJsonGeometryReader(GeometryFactory factory) {
        this.factory = factory;
    }

    /** Reads a geometry object; throws with a path-qualified message when it is malformed. */
    public Geometry read(JsonNode geometry) throws GeometryFormatException {
        return read(geometry, "geometry");
    }

    private Geometry read(JsonNode node, String path) throws GeometryFormatException {
        if (!node.isObject()) {
            throw new GeometryFormatException(path + ": expected a GeoJSON geometry object, found " + node.getNodeType());
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new GeometryFormatException(path + ": geometry has no \"type\"");
        }
        String type = typeNode.asText();
        if ("GeometryCollection".equals(type)) {
            JsonNode members = node.get("geometries");
            if (members == null || !members.isArray()) {
                throw new GeometryFormatException(path + ": GeometryCollection has no \"geometries\" array");
            }
            Geometry[] parts = new Geometry[members.size()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = read(members.get(i), path + ".geometries[" + i + "]");
            }
            return factory.createGeometryCollection(parts);
        }
        JsonNode coords = node.get("coordinates");
        String cpath = path + ".coordinates";
        if (coords == null || !coords.isArray()) {
            throw new GeometryFormatException(path + ": " + type + " has no \"coordinates\" array");
        }
        switch (type) {
            case "Point":
                return coords.isEmpty() ? factory.createPoint() : factory.createPoint(position(coords, cpath));
            case "MultiPoint": {
                Point[] points = new Point[coords.size()];
                for (int i = 0; i < points.length; i++) {
                    points[i] = factory.createPoint(position(coords.get(i), cpath + "[" + i + "]"));
                }
                return factory.createMultiPoint(points);
            }
            case "LineString":
                return lineString(coords, cpath);
            case "MultiLineString": {
                LineString[] lines = new LineString[coords.size()];
                for (int i = 0; i < lines.length; i++) {
                    lines[i] = lineString(coords.get(i), cpath + "[" + i + "]");
                }
                return factory.createMultiLineString(lines);
            }
            case "Polygon":
                return polygon(coords, cpath);
            case "MultiPolygon": {
                Polygon[] polygons = new Polygon[coords.size()];
                for (int i = 0; i < polygons.length; i++) {
                    polygons[i] = polygon(coords.get(i), cpath + "[" + i + "]");
                }
                return factory.createMultiPolygon(polygons);
            }
            default:
                throw new GeometryFormatException(path + ": unknown geometry type \"" + type + "\"");
        }
    }

    private LineString lineString(JsonNode coords, String path) throws GeometryFormatException {
        Coordinate[] positions = positions(coords, path);
        if (positions.length == 1) {
            throw new GeometryFormatException(path + ": a LineString needs at least 2 positions, found 1");
        }
        return factory.createLineString(positions);
    }

    private Polygon polygon(JsonNode rings, String path) throws GeometryFormatException {
        if (!rings.isArray()) {
            throw new GeometryFormatException(path + ": expected an array of linear rings");
        }
        if (rings.isEmpty()) {
            return factory.createPolygon();
        }
        LinearRing shell = ring(rings.get(0), path + "[0]");
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i), path + "[" + i + "]");
        }
        return factory.createPolygon(shell, holes);
    }

    private LinearRing ring(JsonNode coords, String path) throws GeometryFormatException {
        Coordinate[] positions = positions(coords, path);
        if (positions.length < 4) {
            throw new GeometryFormatException(path + ": a linear ring needs at least 4 positions, found " + positions.length);
        }
        if (!positions[0].equals2D(positions[positions.length - 1])) {
            throw new GeometryFormatException(path + ": linear ring is not closed (first position "
                    + format(positions[0]) + " differs from last " + format(positions[positions.length - 1]) + ")");
        }
        return factory.createLinearRing(positions);
    }

    private Coordinate[] positions(JsonNode coords, String path) throws GeometryFormatException {
        if (!coords.isArray()) {
            throw new GeometryFormatException(path + ": expected an array of positions");
        }
        List<Coordinate> out = new ArrayList<>(coords.size());
        for (int i = 0; i < coords.size(); i++) {
            out.add(position(coords.get(i), path + "[" + i + "]"));
        }
        return out.toArray(new Coordinate[0]);
    }

    private static Coordinate position(JsonNode pos, String path) throws GeometryFormatException {
        if (!pos.isArray() || pos.size() < 2) {
            throw new GeometryFormatException(path + ": a position is an array of 2 or 3 numbers, found " + pos);
        }
        double[] v = new double[Math.min(pos.size(), 3)];
        for (int i = 0; i < v.length; i++) {
            JsonNode n = pos.get(i);
            if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
                throw new GeometryFormatException(path + "[" + i + "]: not a finite number: " + n);
            }
            v[i] = n.asDouble();
        }
        if (Math.abs(v[0]) > 180 + ROUNDING_TOLERANCE || Math.abs(v[1]) > 90 + ROUNDING_TOLERANCE) {
            throw new GeometryFormatException(path + ": position " + pos + " is outside longitude [-180, 180] /"
                    + " latitude [-90, 90]; GeoJSON positions are WGS84 longitude, latitude (RFC 7946)");
        }
        // float noise just past the antimeridian or a pole (Natural Earth has 180.00000044): snap it back
        v[0] = Math.max(-180, Math.min(180, v[0]));
        v[1] = Math.max(-90, Math.min(90, v[1]));
        return v.length == 3 ? new Coordinate(v[0], v[1], v[2]) : new Coordinate(v[0], v[1]);
    }

    private static String format(Coordinate c) {
        return "[" + c.x + ", " + c.y + "]";
    }
}
