package dev.floe.geo;

import org.apache.sis.referencing.CRS;
import org.apache.sis.referencing.CommonCRS;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.opengis.referencing.operation.MathTransform;
import org.opengis.util.FactoryException;

/**
 * Buffers of WGS84 lon/lat geometries (CRS84 axis order) in metres: the geometry is projected to the UTM zone (UPS
 * near the poles) of its envelope's centre, where JTS buffers it in metres, and the buffer is projected back, so a
 * 1000 m buffer is about 1000 m in every direction, within the zone's scale error (under 0.1 % for geometries within
 * the zone). geof:buffer in the TDB2 store and on Spark is this; areas are {@link Geodesy#area}. Thread-safe (SIS's
 * transforms are immutable).
 */
public final class UtmZone {

    private UtmZone() {
    }

    /**
     * The buffer of a lon/lat geometry by {@code metres}, in lon/lat; an empty polygon for an empty geometry.
     *
     * @throws IllegalArgumentException where a point cannot be projected
     */
    public static Geometry buffer(Geometry lonLat, double metres) {
        if (lonLat.isEmpty()) {
            return lonLat.getFactory().createPolygon();
        }
        MathTransform toUtm = toUtm(lonLat);
        try {
            return Crs84.transformed(Crs84.transformed(lonLat, toUtm, "to UTM").buffer(metres), toUtm.inverse(), "from UTM");
        } catch (org.opengis.referencing.operation.NoninvertibleTransformException e) {
            throw new IllegalArgumentException("cannot project back from UTM: " + e.getMessage(), e);
        }
    }

    private static MathTransform toUtm(Geometry lonLat) {
        Coordinate centre = lonLat.getEnvelopeInternal().centre();
        try {
            return CRS.findOperation(CommonCRS.WGS84.normalizedGeographic(), CommonCRS.WGS84.universal(centre.y, centre.x), null)
                    .getMathTransform();
        } catch (FactoryException e) {
            throw new IllegalArgumentException("no UTM zone for " + centre + ": " + e.getMessage(), e);
        }
    }
}
