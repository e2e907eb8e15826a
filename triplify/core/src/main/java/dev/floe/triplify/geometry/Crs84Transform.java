package dev.floe.triplify.geometry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.sis.referencing.CRS;
import org.apache.sis.referencing.CommonCRS;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.opengis.referencing.crs.CoordinateReferenceSystem;
import org.opengis.referencing.operation.MathTransform;
import org.opengis.referencing.operation.TransformException;

/**
 * Transforms geometries from an EPSG CRS to CRS84 (longitude, latitude on WGS84) with Apache SIS and its EPSG
 * database, honouring each CRS's axis order (EPSG:4326 is latitude first; CRS84 is longitude first).
 * Instances are immutable and thread-safe; {@link #forCode} caches one per code.
 */
public final class Crs84Transform {

    private static final Map<String, Crs84Transform> CACHE = new ConcurrentHashMap<>();

    private final String code;
    private final MathTransform transform;
    private final boolean projected;

    private Crs84Transform(String code, MathTransform transform, boolean projected) {
        this.code = code;
        this.transform = transform;
        this.projected = projected;
    }

    /** The code or name of the source CRS, as given. */
    public String code() {
        return code;
    }

    /** Whether the source CRS is projected (coordinates in metres or feet, not degrees). */
    public boolean isProjected() {
        return projected;
    }

    /** The transform from {@code code} (e.g. "EPSG:32633") to CRS84; fails with the reason for an unknown code. */
    public static Crs84Transform forCode(String code) {
        return CACHE.computeIfAbsent(code, c -> {
            try {
                CoordinateReferenceSystem source = CRS.forCode(c);
                MathTransform t = CRS.findOperation(source, CommonCRS.WGS84.normalizedGeographic(), null).getMathTransform();
                return new Crs84Transform(c, t, source instanceof org.opengis.referencing.crs.ProjectedCRS);
            } catch (Exception e) {
                throw new IllegalArgumentException("unknown or unusable CRS " + c + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * The transform from a CRS given as WKT 1 (also ESRI's flavour, as in a Shapefile's .prj) or WKT 2 to CRS84, with
     * x = east, y = north whatever axis order the WKT declares (as Shapefiles and GeoTIFFs store coordinates).
     * {@code name} says where the WKT came from in errors.
     */
    public static Crs84Transform forWkt(String wkt, String name) {
        try {
            org.apache.sis.io.wkt.WKTFormat format = new org.apache.sis.io.wkt.WKTFormat(null, null);
            format.setConvention(org.apache.sis.io.wkt.Convention.WKT1_COMMON_UNITS);
            CoordinateReferenceSystem crs = (CoordinateReferenceSystem) format.parseObject(wkt.strip());
            return forCrs(crs, name);
        } catch (java.text.ParseException | ClassCastException e) {
            throw new IllegalArgumentException("cannot read the CRS of " + name + ": " + e.getMessage(), e);
        }
    }

    /** The transform from a CRS to CRS84, with x = east and y = north in the source. */
    public static Crs84Transform forCrs(CoordinateReferenceSystem crs, String name) {
        try {
            CoordinateReferenceSystem eastNorth = org.apache.sis.referencing.crs.AbstractCRS.castOrCopy(crs)
                    .forConvention(org.apache.sis.referencing.cs.AxesConvention.RIGHT_HANDED);
            MathTransform t = CRS.findOperation(eastNorth, CommonCRS.WGS84.normalizedGeographic(), null).getMathTransform();
            return new Crs84Transform(name, t, crs instanceof org.opengis.referencing.crs.ProjectedCRS);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot transform the CRS of " + name + " to CRS84: " + e.getMessage(), e);
        }
    }

    /** Whether this transform changes nothing (the source already is lon/lat on WGS84). */
    public boolean isIdentity() {
        return transform.isIdentity();
    }

    /** A copy of {@code g} in CRS84. */
    public Geometry apply(Geometry g) {
        if (transform.isIdentity()) {
            return g;
        }
        Geometry copy = g.copy();
        copy.apply(new CoordinateSequenceFilter() {
            private final double[] point = new double[2];

            @Override
            public void filter(CoordinateSequence seq, int i) {
                point[0] = seq.getX(i);
                point[1] = seq.getY(i);
                try {
                    transform.transform(point, 0, point, 0, 1);
                } catch (TransformException e) {
                    throw new IllegalArgumentException("cannot transform (" + seq.getX(i) + " " + seq.getY(i) + ") from "
                            + code + " to CRS84: " + e.getMessage(), e);
                }
                seq.setOrdinate(i, Coordinate.X, point[0]);
                seq.setOrdinate(i, Coordinate.Y, point[1]);
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        return copy;
    }
}
