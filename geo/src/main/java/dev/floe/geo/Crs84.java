package dev.floe.geo;

import java.util.Locale;

import org.apache.sis.referencing.CRS;
import org.apache.sis.referencing.CommonCRS;
import org.apache.sis.referencing.operation.transform.MathTransforms;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.opengis.referencing.crs.CoordinateReferenceSystem;
import org.opengis.referencing.operation.MathTransform;
import org.opengis.referencing.operation.TransformException;

/**
 * Transforms geometries from a CRS to CRS84 (longitude, latitude on WGS84), honouring each CRS's axis order
 * (EPSG:4326 is latitude first; CRS84 is longitude first). The one transform to CRS84 in floe: triplify reads
 * sources in any CRS with it, interlink reads WKT literals with a CRS IRI ({@link Wkt#readCrs84}), ml places
 * patches with it.
 *
 * <p>Apache SIS rather than jena-geosparql's {@code GeometryWrapper.transform}: Jena's transform is SIS underneath,
 * but it needs Jena and reads only CRS IRIs, while triplify also has a Shapefile's .prj (WKT 1), a GeoTIFF's CRS
 * object and bare EPSG codes, and this module must not depend on Jena. CRSs other than CRS84 and EPSG:4326 need
 * the EPSG database ({@code sis-embedded-data}) on the class path. SIS caches the CRSs and operations it creates,
 * so nothing is cached here. Instances are immutable and thread-safe.
 */
public final class Crs84 {

    /** The IRI of OGC CRS84, the default CRS of a GeoSPARQL WKT literal without a CRS IRI. */
    public static final String IRI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    private static final Crs84 IDENTITY = new Crs84(IRI, MathTransforms.identity(2), false);

    private final String code;
    private final MathTransform transform;
    private final boolean projected;

    private Crs84(String code, MathTransform transform, boolean projected) {
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

    /**
     * The transform from a CRS given by code or IRI ("EPSG:32633", "http://www.opengis.net/def/crs/EPSG/0/32633",
     * {@link #IRI}) to CRS84; fails with the reason for an unknown code.
     */
    public static Crs84 forCode(String code) {
        if (isCrs84(code)) {
            return IDENTITY;
        }
        try {
            CoordinateReferenceSystem source = CRS.forCode(code);
            MathTransform t = CRS.findOperation(source, CommonCRS.WGS84.normalizedGeographic(), null).getMathTransform();
            return new Crs84(code, t, source instanceof org.opengis.referencing.crs.ProjectedCRS);
        } catch (Exception e) {
            throw new IllegalArgumentException("unknown or unusable CRS " + code + ": " + e.getMessage(), e);
        }
    }

    /** Whether a CRS IRI names OGC CRS84, in any of its spellings (http or https, version 1.3 or 0, any case). */
    public static boolean isCrs84(String iri) {
        String c = iri.strip().toLowerCase(Locale.ROOT).replace("https://", "http://");
        return c.equals(IRI.toLowerCase(Locale.ROOT)) || c.equals("http://www.opengis.net/def/crs/ogc/0/crs84");
    }

    /**
     * The transform from a CRS given as WKT 1 (also ESRI's flavour, as in a Shapefile's .prj) or WKT 2 to CRS84, with
     * x = east, y = north whatever axis order the WKT declares (as Shapefiles and GeoTIFFs store coordinates).
     * {@code name} says where the WKT came from in errors.
     */
    public static Crs84 forWkt(String wkt, String name) {
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
    public static Crs84 forCrs(CoordinateReferenceSystem crs, String name) {
        try {
            CoordinateReferenceSystem eastNorth = org.apache.sis.referencing.crs.AbstractCRS.castOrCopy(crs)
                    .forConvention(org.apache.sis.referencing.cs.AxesConvention.RIGHT_HANDED);
            MathTransform t = CRS.findOperation(eastNorth, CommonCRS.WGS84.normalizedGeographic(), null).getMathTransform();
            return new Crs84(name, t, crs instanceof org.opengis.referencing.crs.ProjectedCRS);
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
        return transformed(g, transform, "from " + code + " to CRS84");
    }

    /**
     * A copy of {@code g} with each coordinate put through {@code transform} (x and y; the one place floe moves JTS
     * coordinates with an Apache SIS transform); {@code what} says in an error what the transform does.
     */
    static Geometry transformed(Geometry g, MathTransform transform, String what) {
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
                    throw new IllegalArgumentException("cannot transform (" + seq.getX(i) + " " + seq.getY(i) + ") " + what + ": "
                            + e.getMessage(), e);
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
