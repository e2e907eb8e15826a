package dev.floe.triplify.rdf;

import java.math.BigDecimal;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKTWriter;

/**
 * Writes geometries as WKT in the layout of JTS's {@link WKTWriter} with output dimension 3 ({@code POLYGON ((x y, ...))},
 * {@code POINT Z(x y z)} when coordinates have Z), but with each ordinate as the shortest decimal that reads back as
 * the same double (integers without a fraction), never in exponent notation. Why not JTS's writer: it formats every
 * ordinate with {@link java.text.DecimalFormat}, which was the largest cost of triplifying in profiles, and rounds
 * at 16 fraction digits, where this writer keeps every bit. Geometry collections, linear rings and empty geometries
 * are written by JTS. Not thread-safe.
 */
public final class Wkt {

    private final WKTWriter jts = new WKTWriter(3);
    private final StringBuilder sb = new StringBuilder(256);

    public String write(Geometry g) {
        if (g.isEmpty() || g instanceof GeometryCollection && !(g instanceof MultiPoint || g instanceof MultiLineString
                || g instanceof MultiPolygon) || g instanceof LinearRing || hasEmptyPart(g)) {
            return jts.write(g);
        }
        boolean z = hasZ(g);
        sb.setLength(0);
        sb.append(g.getGeometryType().toUpperCase(java.util.Locale.ROOT)).append(z ? " Z" : " ");
        if (g instanceof Point p) {
            sequence(p.getCoordinateSequence(), z);
        } else if (g instanceof LineString l) {
            sequence(l.getCoordinateSequence(), z);
        } else if (g instanceof Polygon p) {
            polygon(p, z);
        } else if (g instanceof MultiPoint) {
            sb.append('(');
            for (int i = 0; i < g.getNumGeometries(); i++) {
                sb.append(i == 0 ? "" : ", ");
                sequence(((Point) g.getGeometryN(i)).getCoordinateSequence(), z);
            }
            sb.append(')');
        } else if (g instanceof MultiLineString) {
            sb.append('(');
            for (int i = 0; i < g.getNumGeometries(); i++) {
                sb.append(i == 0 ? "" : ", ");
                sequence(((LineString) g.getGeometryN(i)).getCoordinateSequence(), z);
            }
            sb.append(')');
        } else {
            sb.append('(');
            for (int i = 0; i < g.getNumGeometries(); i++) {
                sb.append(i == 0 ? "" : ", ");
                polygon((Polygon) g.getGeometryN(i), z);
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private void polygon(Polygon p, boolean z) {
        sb.append('(');
        sequence(p.getExteriorRing().getCoordinateSequence(), z);
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            sb.append(", ");
            sequence(p.getInteriorRingN(i).getCoordinateSequence(), z);
        }
        sb.append(')');
    }

    private void sequence(CoordinateSequence cs, boolean z) {
        sb.append('(');
        for (int i = 0; i < cs.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            ordinate(cs.getX(i));
            sb.append(' ');
            ordinate(cs.getY(i));
            if (z) {
                sb.append(' ');
                ordinate(cs.getZ(i));
            }
        }
        sb.append(')');
    }

    private void ordinate(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            sb.append((long) d);
            return;
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            sb.append(Double.isNaN(d) ? "NaN" : d > 0 ? "Inf" : "-Inf");
            return;
        }
        String s = Double.toString(d);
        sb.append(s.indexOf('E') >= 0 ? new BigDecimal(s).stripTrailingZeros().toPlainString() : s);
    }

    private static boolean hasZ(Geometry g) {
        boolean[] z = {false};
        g.apply((org.locationtech.jts.geom.CoordinateSequenceFilter) new org.locationtech.jts.geom.CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                if (seq.getDimension() - seq.getMeasures() >= 3 && !Double.isNaN(seq.getZ(i))) {
                    z[0] = true;
                }
            }

            @Override
            public boolean isDone() {
                return z[0];
            }

            @Override
            public boolean isGeometryChanged() {
                return false;
            }
        });
        return z[0];
    }

    private static boolean hasEmptyPart(Geometry g) {
        for (int i = 0; i < g.getNumGeometries(); i++) {
            if (g.getGeometryN(i).isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
