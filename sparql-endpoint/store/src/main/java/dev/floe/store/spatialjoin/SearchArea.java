package dev.floe.store.spatialjoin;

import java.util.ArrayList;
import java.util.List;

import org.apache.jena.geosparql.implementation.GeometryWrapper;
import org.apache.jena.graph.Node;
import org.locationtech.jts.geom.Envelope;

import dev.floe.geo.Geodesy;
import dev.floe.store.geosparql.GeodesicDistance;

/**
 * Where on lon/lat data every geometry within a geodesic distance of a geometry's envelope lies: the envelope
 * grown by the distance's arc in latitude and by the arc / cos(largest |latitude| reached) in longitude, all
 * longitudes once it reaches a pole or half way round, and matched modulo 360 degrees across the antimeridian (an
 * area reaching beyond +-180 is searched as two boxes, one on each side). Immutable.
 * <p>
 * Why it holds for geof:distance on lon/lat data ({@link dev.floe.geo.Geodesy}, PostGIS geography's distance): it
 * is the length of the WGS84 geodesic between a point p of one geometry and a point q of the other, each within
 * its geometry's great-circle envelope ({@link #lonLat}, which holds the bulge of long edges and edges that cross
 * the antimeridian), or 0 where one contains the other. A geodesic covers at least 110,574 m per degree of latitude
 * it changes (the shortest meridian degree), so q's latitude and that of every point of the geodesic is within the
 * arc of p's; it covers at least 111,319 m x cos(latitude) per degree of longitude, so a geodesic whose |latitude|
 * stays below phi covers at most arc / cos(phi) degrees of longitude, modulo 360. The arc is an overestimate
 * ({@link DistanceCondition#arcDegrees()}), and the envelopes grow by a further {@link #SLACK_DEGREES} to absorb
 * rounding.
 */
final class SearchArea {

    /** Added to every growth: far above the rounding errors of degrees, far below any distance asked for (0.1 mm). */
    static final double SLACK_DEGREES = 1e-9;
    /** Beyond this many copies 360 degrees apart, one search over the whole longitude range is cheaper. */
    private static final int MAX_SHIFTS = 4;

    private final double minX;
    private final double maxX;
    private final double minY;
    private final double maxY;
    private final boolean everyLongitude;

    private SearchArea(double minX, double maxX, double minY, double maxY, boolean everyLongitude) {
        this.minX = minX;
        this.maxX = maxX;
        this.minY = minY;
        this.maxY = maxY;
        this.everyLongitude = everyLongitude;
    }

    /** The area within {@code arcDegrees} of great-circle arc of the lon/lat envelope {@code e}. */
    static SearchArea around(Envelope e, double arcDegrees) {
        double grow = arcDegrees + SLACK_DEGREES;
        double south = e.getMinY() - grow;
        double north = e.getMaxY() + grow;
        if (south <= -90 || north >= 90) {
            return new SearchArea(0, 0, Math.max(south, -90), Math.min(north, 90), true); // a pole: any longitude
        }
        double widen = grow / Math.cos(Math.toRadians(Math.max(-south, north))) * (1 + 1e-9) + SLACK_DEGREES;
        double west = e.getMinX() - widen;
        double east = e.getMaxX() + widen;
        return new SearchArea(west, east, south, north, !(east - west < 360));
    }

    /** Whether the lon/lat envelope {@code o} meets this area, modulo 360 degrees of longitude. */
    boolean meets(Envelope o) {
        if (o.getMaxY() < minY || o.getMinY() > maxY) {
            return false;
        }
        return everyLongitude || Math.ceil((o.getMinX() - maxX) / 360) <= Math.floor((o.getMaxX() - minX) / 360);
    }

    /**
     * Rectangles to search an index with whose items' longitudes lie in [indexMinX, indexMaxX]: an item meets
     * this area if and only if it meets one of them (the area shifted by each multiple of 360 degrees that
     * reaches the index, or the index's whole width).
     */
    List<Envelope> searches(double indexMinX, double indexMaxX) {
        if (!(indexMinX <= indexMaxX)) {
            return List.of();
        }
        double first = Math.ceil((indexMinX - maxX) / 360);
        double last = Math.floor((indexMaxX - minX) / 360);
        if (everyLongitude || last - first >= MAX_SHIFTS) {
            return List.of(new Envelope(indexMinX, indexMaxX, minY, maxY));
        }
        List<Envelope> out = new ArrayList<>(2);
        for (double k = first; k <= last; k++) {
            out.add(new Envelope(minX + 360 * k, maxX + 360 * k, minY, maxY));
        }
        return out;
    }

    /**
     * The envelope of a geometry literal on WGS84 lon/lat (CRS84, or EPSG:4326 read in its latitude-first
     * order), in longitude and latitude, with great-circle edges ({@link Geodesy#envelope}: its longitudes may
     * reach beyond +-180); null for anything else: other reference systems (a projected one, or a
     * geographic one on another datum, which Jena measures in its own coordinates), empty geometries,
     * latitudes beyond the poles, other nodes. Those are compared with every row, as the nested loop does.
     */
    static Envelope lonLat(Node n) {
        if (n == null || !n.isLiteral()) {
            return null;
        }
        try {
            GeometryWrapper g = GeometryWrapper.extract(n);
            String srs = g.getSrsURI();
            if (!GeodesicDistance.isWgs84LonLat(srs)) {
                return null;
            }
            Envelope e = Geodesy.envelope(g.getXYGeometry());
            boolean inRange = e.getMinY() >= -90 && e.getMaxY() <= 90
                    && Double.isFinite(e.getMinX()) && Double.isFinite(e.getMaxX());
            return e.isNull() || !inRange ? null : e;
        } catch (Exception e) {
            return null;
        }
    }
}
