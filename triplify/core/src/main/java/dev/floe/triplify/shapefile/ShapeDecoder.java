package dev.floe.triplify.shapefile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.algorithm.PointLocation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Decodes the content of one .shp record (little-endian, after the 8-byte record header) into a JTS geometry, for
 * every shape type of the ESRI Shapefile Technical Description: (Multi)Point, PolyLine and Polygon with their Z and M
 * variants, and MultiPatch. Z values are kept; M values are read past (GeoSPARQL's WKT has no use for them). Polygon
 * rings follow the shapefile rule: clockwise rings are shells, counter-clockwise rings are holes of the smallest
 * shell that contains them (a hole inside no shell becomes a shell, as most readers do). Returns null for a null
 * shape. Malformed content raises {@link IllegalArgumentException} with the reason.
 */
final class ShapeDecoder {

    private final GeometryFactory factory;

    ShapeDecoder(GeometryFactory factory) {
        this.factory = factory;
    }

    Geometry decode(ByteBuffer b) {
        int type = b.getInt();
        switch (type) {
            case 0: return null;
            case 1: return factory.createPoint(new Coordinate(b.getDouble(), b.getDouble()));
            case 11: {
                double x = b.getDouble();
                double y = b.getDouble();
                return factory.createPoint(new Coordinate(x, y, b.getDouble()));
            }
            case 21: return factory.createPoint(new Coordinate(b.getDouble(), b.getDouble()));
            case 8: case 18: case 28: return multiPoint(b, type == 18);
            case 3: case 13: case 23: return lines(b, type == 13);
            case 5: case 15: case 25: return polygons(b, type == 15);
            case 31: return multiPatch(b);
            default: throw new IllegalArgumentException("unknown shape type " + type);
        }
    }

    private Geometry multiPoint(ByteBuffer b, boolean z) {
        skipBox(b);
        int n = count(b, "points");
        Coordinate[] cs = points(b, n);
        if (z) {
            zValues(b, cs);
        }
        return factory.createMultiPointFromCoords(cs);
    }

    private Geometry lines(ByteBuffer b, boolean z) {
        List<Coordinate[]> parts = parts(b, z, null);
        LineString[] lines = new LineString[parts.size()];
        for (int i = 0; i < lines.length; i++) {
            if (parts.get(i).length < 2) {
                throw new IllegalArgumentException("part " + i + " of a polyline has " + parts.get(i).length + " point(s)");
            }
            lines[i] = factory.createLineString(parts.get(i));
        }
        return lines.length == 1 ? lines[0] : factory.createMultiLineString(lines);
    }

    private Geometry polygons(ByteBuffer b, boolean z) {
        List<LinearRing> rings = new ArrayList<>();
        for (Coordinate[] part : parts(b, z, null)) {
            rings.add(ring(part));
        }
        return assemble(rings);
    }

    /** A MultiPatch: rings as polygons (outer/first rings as shells), triangle strips and fans as triangles. */
    private Geometry multiPatch(ByteBuffer b) {
        List<Integer> partTypes = new ArrayList<>();
        List<Coordinate[]> parts = parts(b, true, partTypes);
        List<Polygon> polygons = new ArrayList<>();
        List<LinearRing> rings = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Coordinate[] p = parts.get(i);
            int t = partTypes.get(i);
            if (t == 0 || t == 1) {
                for (int k = 2; k < p.length; k++) {
                    Coordinate a = t == 0 ? p[k - 2] : p[0];
                    polygons.add(factory.createPolygon(new Coordinate[] {a.copy(), p[k - 1].copy(), p[k].copy(), a.copy()}));
                }
            } else if (t >= 2 && t <= 5) {
                rings.add(ring(p));
            } else {
                throw new IllegalArgumentException("unknown MultiPatch part type " + t);
            }
        }
        if (!rings.isEmpty()) {
            Geometry g = assemble(rings);
            for (int i = 0; i < g.getNumGeometries(); i++) {
                polygons.add((Polygon) g.getGeometryN(i));
            }
        }
        return polygons.size() == 1 ? polygons.get(0) : factory.createMultiPolygon(polygons.toArray(new Polygon[0]));
    }

    /** Shells (clockwise) with the holes (counter-clockwise) each contains. */
    private Geometry assemble(List<LinearRing> rings) {
        List<LinearRing> shells = new ArrayList<>();
        List<LinearRing> holes = new ArrayList<>();
        for (LinearRing r : rings) {
            (Orientation.isCCW(r.getCoordinateSequence()) ? holes : shells).add(r);
        }
        List<List<LinearRing>> holesOf = new ArrayList<>();
        shells.forEach(s -> holesOf.add(new ArrayList<>()));
        for (LinearRing hole : holes) {
            int best = -1;
            double bestArea = Double.MAX_VALUE;
            Coordinate probe = hole.getCoordinateN(0);
            for (int i = 0; i < shells.size(); i++) {
                LinearRing s = shells.get(i);
                if (s.getEnvelopeInternal().covers(hole.getEnvelopeInternal())
                        && PointLocation.isInRing(probe, s.getCoordinates())) {
                    double area = s.getEnvelopeInternal().getArea();
                    if (area < bestArea) {
                        best = i;
                        bestArea = area;
                    }
                }
            }
            if (best < 0) {
                shells.add(hole);
                holesOf.add(new ArrayList<>());
            } else {
                holesOf.get(best).add(hole);
            }
        }
        Polygon[] polygons = new Polygon[shells.size()];
        for (int i = 0; i < polygons.length; i++) {
            polygons[i] = factory.createPolygon(shells.get(i), holesOf.get(i).toArray(new LinearRing[0]));
        }
        return polygons.length == 1 ? polygons[0] : factory.createMultiPolygon(polygons);
    }

    private LinearRing ring(Coordinate[] part) {
        if (part.length < 4) {
            throw new IllegalArgumentException("a polygon ring has " + part.length + " points; rings need at least 4");
        }
        if (!part[0].equals2D(part[part.length - 1])) {
            throw new IllegalArgumentException("a polygon ring is not closed: it starts at (" + part[0].x + " " + part[0].y
                    + ") and ends at (" + part[part.length - 1].x + " " + part[part.length - 1].y + ")");
        }
        return factory.createLinearRing(part);
    }

    /** Parts of a PolyLine/Polygon/MultiPatch (with part types for a MultiPatch), Z values when present. */
    private List<Coordinate[]> parts(ByteBuffer b, boolean z, List<Integer> partTypes) {
        skipBox(b);
        int numParts = count(b, "parts");
        int numPoints = count(b, "points");
        int[] starts = new int[numParts];
        for (int i = 0; i < numParts; i++) {
            starts[i] = b.getInt();
            if (starts[i] < 0 || starts[i] > numPoints || i > 0 && starts[i] < starts[i - 1]) {
                throw new IllegalArgumentException("part " + i + " starts at point " + starts[i] + " of " + numPoints);
            }
        }
        if (partTypes != null) {
            for (int i = 0; i < numParts; i++) {
                partTypes.add(b.getInt());
            }
        }
        Coordinate[] all = points(b, numPoints);
        if (z) {
            zValues(b, all);
        }
        List<Coordinate[]> parts = new ArrayList<>(numParts);
        for (int i = 0; i < numParts; i++) {
            int end = i + 1 < numParts ? starts[i + 1] : numPoints;
            Coordinate[] part = new Coordinate[end - starts[i]];
            System.arraycopy(all, starts[i], part, 0, part.length);
            parts.add(part);
        }
        return parts;
    }

    private static void skipBox(ByteBuffer b) {
        b.position(b.position() + 32);
    }

    private static int count(ByteBuffer b, String what) {
        int n = b.getInt();
        if (n < 0 || (long) n * 16 > b.remaining()) {
            throw new IllegalArgumentException("the record declares " + n + " " + what + ", more than its " + b.remaining()
                    + " remaining bytes hold");
        }
        return n;
    }

    private static Coordinate[] points(ByteBuffer b, int n) {
        Coordinate[] cs = new Coordinate[n];
        for (int i = 0; i < n; i++) {
            cs[i] = new Coordinate(b.getDouble(), b.getDouble());
        }
        return cs;
    }

    private static void zValues(ByteBuffer b, Coordinate[] cs) {
        b.position(b.position() + 16); // Z range
        for (Coordinate c : cs) {
            c.setZ(b.getDouble());
        }
    }
}
