package dev.floe.geo;

import java.util.ArrayList;
import java.util.List;

import org.apache.sis.referencing.CommonCRS;
import org.apache.sis.referencing.GeodeticCalculator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Distances between geometries in WGS84 longitude and latitude (CRS84 axis order: x is longitude), as PostGIS's
 * {@code ST_Distance(geography, geography)} measures them: edges are great-circle arcs (the shorter one, so an
 * edge from 179 to -179 degrees crosses the antimeridian), the nearest pair of points is found on the sphere,
 * and the distance between those two points is the geodesic on the WGS84 spheroid (Karney's algorithm, through
 * Apache SIS). A geometry that contains a point of the other is at distance 0. Measuring between the nearest points
 * in the lon/lat plane instead overstates distances at high latitude (St. Petersburg to Lake Ladoga: 61.9 km
 * instead of 40.7 km) and misses edges that cross or lie on the antimeridian.
 * <p>
 * {@link #envelope(Geometry)} is the lon/lat box that holds every point of a geometry read this way, for indexes
 * that must find every geometry within a distance. The static methods are thread-safe; a caller that measures many
 * pairs (a SPARQL function, a distance join) keeps one instance ({@link #calculator()}), whose spheroid calculator is
 * set up once: Apache SIS's {@code GeodeticCalculator.create} costs several times the geodesic itself (15-18 us against
 * 3-8 us warm, measured 2026-12-07 on the project's machine).
 */
public final class Geodesy {

    /** Two unit vectors closer than this (radians, about 6 nm) are the same point, as in PostGIS's geodetic code. */
    private static final double SAME_POINT = 1e-15;

    /** Set up on first use; SIS's calculator holds the last points given, so an instance measures one pair at a time. */
    private GeodeticCalculator calculator;

    private Geodesy() {
    }

    /** A measurer of its own, for one caller's many distances; its methods are synchronized (one pair at a time). */
    public static Geodesy calculator() {
        return new Geodesy();
    }

    /** As {@link #distance(Geometry, Geometry)}, with this instance's spheroid calculator. */
    public synchronized double measure(Geometry a, Geometry b) {
        return distance(a, b, this);
    }

    /**
     * The distance in metres between two lon/lat geometries, PostGIS geography's: 0 where they touch, cross or
     * one contains a point of the other.
     *
     * @throws IllegalArgumentException where either geometry is empty
     */
    public static double distance(Geometry a, Geometry b) {
        return distance(a, b, new Geodesy());
    }

    private static double distance(Geometry a, Geometry b, Geodesy geodesy) {
        if (a.isEmpty() || b.isEmpty()) {
            throw new IllegalArgumentException("the distance to an empty geometry is undefined");
        }
        Shape sa = Shape.of(a);
        Shape sb = Shape.of(b);
        if (sa.containsAnyStartOf(sb) || sb.containsAnyStartOf(sa)) {
            return 0;
        }
        Nearest nearest = new Nearest();
        for (double[][] pa : sa.paths) {
            for (double[][] pb : sb.paths) {
                nearest.between(pa, pb);
                if (nearest.angle == 0) {
                    return 0;
                }
            }
        }
        return geodesy.spheroid(nearest.p, nearest.q);
    }

    /** The geodesic distance in metres between two points given as lon/lat degrees on the WGS84 spheroid. */
    public static double distance(double lon1, double lat1, double lon2, double lat2) {
        return new Geodesy().spheroid(vector(lon1, lat1), vector(lon2, lat2));
    }

    /**
     * The area of a lon/lat geometry on the WGS84 spheroid in square metres, as PostGIS's {@code ST_Area(geography)}
     * measures it: each ring's edges are geodesics (Karney's algorithm, GeographicLib), a polygon is its shell less
     * its holes, a collection the sum of its polygons; points, lines and empty geometries have none. A ring is taken
     * as the smaller of the two regions it bounds, whatever its orientation.
     */
    public static double area(Geometry lonLat) {
        double sum = 0;
        for (int i = 0; i < lonLat.getNumGeometries(); i++) {
            Geometry part = lonLat.getGeometryN(i);
            if (part instanceof Polygon p && !p.isEmpty()) {
                double polygon = ringArea(p.getExteriorRing().getCoordinates());
                for (int h = 0; h < p.getNumInteriorRing(); h++) {
                    polygon -= ringArea(p.getInteriorRingN(h).getCoordinates());
                }
                sum += polygon;
            } else if (part != lonLat && part.getNumGeometries() > 1) {
                sum += area(part); // a collection inside a collection
            }
        }
        return sum;
    }

    private static double ringArea(Coordinate[] ring) {
        net.sf.geographiclib.PolygonArea polygon = new net.sf.geographiclib.PolygonArea(net.sf.geographiclib.Geodesic.WGS84, false);
        int n = ring.length > 1 && ring[0].equals2D(ring[ring.length - 1]) ? ring.length - 1 : ring.length;
        for (int i = 0; i < n; i++) {
            polygon.AddPoint(ring[i].y, ring[i].x);
        }
        return Math.abs(polygon.Compute(false, true).area);
    }

    /**
     * A lon/lat envelope holding every point of the geometry with great-circle edges: edges reach further from the
     * equator than their ends (up to a pole), and an edge whose ends are more than 180 degrees of longitude apart
     * goes the other way round, so the box may reach beyond +-180 (compare longitudes modulo 360). A polygon around
     * a pole reaches the pole at every longitude.
     */
    public static Envelope envelope(Geometry g) {
        Envelope out = new Envelope();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (part instanceof Polygon p) {
                Envelope shell = pathEnvelope(p.getExteriorRing().getCoordinates(), true);
                out.expandToInclude(shell);
            } else if (!part.isEmpty()) {
                out.expandToInclude(pathEnvelope(part.getCoordinates(), false));
            }
        }
        return out;
    }

    private static Envelope pathEnvelope(Coordinate[] cs, boolean ring) {
        Envelope e = new Envelope();
        if (cs.length == 0) {
            return e;
        }
        double lon = cs[0].x;
        e.expandToInclude(lon, cs[0].y);
        double[] prev = vector(cs[0].x, cs[0].y);
        for (int i = 1; i < cs.length; i++) {
            double step = cs[i].x - cs[i - 1].x;
            step -= 360 * Math.rint(step / 360); // the shorter way round, as the edge goes
            lon += step;
            e.expandToInclude(lon, cs[i].y);
            double[] next = vector(cs[i].x, cs[i].y);
            double[] n = cross(prev, next);
            double len = norm(n);
            if (len > SAME_POINT) {
                // the point of the edge's great circle nearest each pole, where it lies on the edge
                double[] apex = {-n[0] * n[2] / len / len, -n[1] * n[2] / len / len, 1 - n[2] * n[2] / len / len};
                double apexLen = norm(apex);
                if (apexLen > 0) {
                    for (int sign = -1; sign <= 1; sign += 2) {
                        double[] v = {sign * apex[0] / apexLen, sign * apex[1] / apexLen, sign * apex[2] / apexLen};
                        if (onEdge(prev, next, v)) {
                            double lat = Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, v[2]))));
                            e.expandToInclude(e.getMinX(), lat);
                        }
                    }
                }
            }
            prev = next;
        }
        if (ring && Math.abs(lon - cs[0].x) > 180) { // wound round a pole: the polygon holds it
            double pole = Math.abs(e.getMaxY()) >= Math.abs(e.getMinY()) ? Math.copySign(90, e.getMaxY())
                    : Math.copySign(90, e.getMinY());
            e.expandToInclude(-180, pole);
            e.expandToInclude(180, pole);
        }
        return e;
    }

    /** The geometry as unit vectors: its paths (points, lines, rings) and its polygons. */
    private record Shape(List<double[][]> paths, List<List<double[][]>> polygons, List<Envelope> shells) {

        static Shape of(Geometry g) {
            Shape s = new Shape(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            s.add(g);
            return s;
        }

        private void add(Geometry g) {
            if (g.isEmpty()) {
                return;
            }
            if (g instanceof Point || g instanceof LineString) {
                paths.add(vectors(g.getCoordinates()));
            } else if (g instanceof Polygon p) {
                List<double[][]> rings = new ArrayList<>();
                rings.add(vectors(p.getExteriorRing().getCoordinates()));
                for (int i = 0; i < p.getNumInteriorRing(); i++) {
                    rings.add(vectors(p.getInteriorRingN(i).getCoordinates()));
                }
                paths.addAll(rings);
                polygons.add(rings);
                shells.add(pathEnvelope(p.getExteriorRing().getCoordinates(), true));
            } else {
                for (int i = 0; i < g.getNumGeometries(); i++) {
                    add(g.getGeometryN(i));
                }
            }
        }

        /** Whether one of this shape's polygons contains the first point of one of the other's parts. */
        boolean containsAnyStartOf(Shape other) {
            for (int i = 0; i < polygons.size(); i++) {
                for (double[][] path : other.paths) {
                    if (within(shells.get(i), path[0]) && contains(polygons.get(i), path[0])) {
                        return true;
                    }
                }
            }
            return false;
        }

        /**
         * Whether p lies in the envelope, modulo 360 degrees of longitude: of the two sides of a ring, a polygon is
         * the one inside its envelope (the smaller one, as PostGIS reads it), not its antipodal complement.
         */
        private static boolean within(Envelope e, double[] p) {
            double slack = 1e-9;
            double lat = latitude(p);
            double lon = longitude(p);
            return lat >= e.getMinY() - slack && lat <= e.getMaxY() + slack
                    && Math.ceil((e.getMinX() - slack - lon) / 360) <= Math.floor((e.getMaxX() + slack - lon) / 360);
        }

        /** Inside the shell and in an even number of holes: the rings wind round the point an odd number of times. */
        private static boolean contains(List<double[][]> rings, double[] p) {
            int winding = 0;
            for (double[][] ring : rings) {
                if (winds(ring, p)) {
                    winding++;
                }
            }
            return winds(rings.get(0), p) && winding % 2 == 1;
        }

        /**
         * Whether the ring goes once round p, that is, separates p from its antipode: the turns of its edges seen
         * from p add up to a whole turn. A ring through p or its antipode does not (through p, its edges are at
         * distance 0 anyway).
         */
        private static boolean winds(double[][] ring, double[] p) {
            double turn = 0;
            for (int i = 1; i < ring.length; i++) {
                double[] a = ring[i - 1];
                double[] b = ring[i];
                double sine = dot(p, cross(a, b));
                double cosine = dot(a, b) - dot(a, p) * dot(b, p);
                if (Math.abs(sine) <= SAME_POINT && cosine <= SAME_POINT) {
                    return false; // the edge passes through p or its antipode (or ends there)
                }
                turn += Math.atan2(sine, cosine);
            }
            return Math.abs(turn) > Math.PI;
        }
    }

    /** The nearest pair of points on the sphere seen so far, and the angle between them. */
    private static final class Nearest {
        double angle = Double.POSITIVE_INFINITY;
        double[] p;
        double[] q;

        void between(double[][] a, double[][] b) {
            if (a.length == 1 || b.length == 1) {
                double[][] one = a.length == 1 ? a : b;
                double[][] many = a.length == 1 ? b : a;
                boolean swapped = a.length != 1;
                if (many.length == 1) {
                    offer(angle(one[0], many[0]), one[0], many[0], false);
                    return;
                }
                for (int i = 1; i < many.length; i++) {
                    double[] c = nearestOnEdge(many[i - 1], many[i], one[0]);
                    offer(angle(one[0], c), one[0], c, swapped);
                }
                return;
            }
            for (int i = 1; i < a.length; i++) {
                for (int j = 1; j < b.length; j++) {
                    edges(a[i - 1], a[i], b[j - 1], b[j]);
                    if (angle == 0) {
                        return;
                    }
                }
            }
        }

        /** As PostGIS's edge_distance_to_edge, after its test for crossing edges. */
        private void edges(double[] a1, double[] a2, double[] b1, double[] b2) {
            double[] x = crossing(a1, a2, b1, b2);
            if (x != null) {
                offer(0, x, x, false);
                return;
            }
            double[] c;
            c = nearestOnEdge(a1, a2, b1);
            offer(angle(c, b1), c, b1, false);
            c = nearestOnEdge(a1, a2, b2);
            offer(angle(c, b2), c, b2, false);
            c = nearestOnEdge(b1, b2, a1);
            offer(angle(a1, c), a1, c, false);
            c = nearestOnEdge(b1, b2, a2);
            offer(angle(a2, c), a2, c, false);
        }

        private void offer(double d, double[] u, double[] v, boolean swapped) {
            if (d < angle) {
                angle = d;
                p = swapped ? v : u;
                q = swapped ? u : v;
            }
        }
    }

    /** The point of the edge (the shorter great-circle arc from s to e) nearest p, as PostGIS's edge_distance_to_point. */
    private static double[] nearestOnEdge(double[] s, double[] e, double[] p) {
        double[] n = cross(s, e);
        double len = norm(n);
        double[] best = angle(p, s) <= angle(p, e) ? s : e;
        if (len <= SAME_POINT) {
            return best;
        }
        double[] u = {n[0] / len, n[1] / len, n[2] / len};
        double along = dot(p, u);
        double[] k = {p[0] - along * u[0], p[1] - along * u[1], p[2] - along * u[2]};
        double kLen = norm(k);
        if (kLen == 0) {
            return best; // p is a pole of the edge's great circle: every point of it is as near
        }
        k = new double[] {k[0] / kLen, k[1] / kLen, k[2] / kLen};
        return onEdge(s, e, k) && angle(p, k) < angle(p, best) ? k : best;
    }

    /** Where the edges a1-a2 and b1-b2 cross or touch, or null. */
    private static double[] crossing(double[] a1, double[] a2, double[] b1, double[] b2) {
        double[] na = cross(a1, a2);
        double[] nb = cross(b1, b2);
        double s1 = dot(na, b1);
        double s2 = dot(na, b2);
        double s3 = dot(nb, a1);
        double s4 = dot(nb, a2);
        if (s1 * s2 > 0 || s3 * s4 > 0) {
            return null;
        }
        double[] x = cross(na, nb);
        double len = norm(x);
        if (len <= SAME_POINT) { // on one great circle: they meet where an end of one lies on the other
            for (double[] end : new double[][] {b1, b2}) {
                if (onEdge(a1, a2, end)) {
                    return end;
                }
            }
            for (double[] end : new double[][] {a1, a2}) {
                if (onEdge(b1, b2, end)) {
                    return end;
                }
            }
            return null;
        }
        x = new double[] {x[0] / len, x[1] / len, x[2] / len};
        for (int sign = -1; sign <= 1; sign += 2) {
            double[] v = {sign * x[0], sign * x[1], sign * x[2]};
            if (onEdge(a1, a2, v) && onEdge(b1, b2, v)) {
                return v;
            }
        }
        return null;
    }

    /** Whether v, a point of the great circle through s and e, lies on the shorter arc between them (the cone test). */
    private static boolean onEdge(double[] s, double[] e, double[] v) {
        double[] mid = {s[0] + e[0], s[1] + e[1], s[2] + e[2]};
        double len = norm(mid);
        if (len == 0) {
            return true; // antipodal ends: every great circle through them is as short
        }
        double vs = dot(s, mid) / len;
        double vv = dot(v, mid) / len;
        return vv > vs || Math.abs(vv - vs) < 2e-16;
    }

    private double spheroid(double[] p, double[] q) {
        if (angle(p, q) == 0) {
            return 0;
        }
        if (calculator == null) {
            calculator = GeodeticCalculator.create(CommonCRS.WGS84.geographic());
        }
        calculator.setStartGeographicPoint(latitude(p), longitude(p));
        calculator.setEndGeographicPoint(latitude(q), longitude(q));
        return calculator.getGeodesicDistance();
    }

    private static double latitude(double[] v) {
        return Math.toDegrees(Math.atan2(v[2], Math.hypot(v[0], v[1])));
    }

    private static double longitude(double[] v) {
        return Math.toDegrees(Math.atan2(v[1], v[0]));
    }

    private static double[][] vectors(Coordinate[] cs) {
        double[][] out = new double[cs.length][];
        for (int i = 0; i < cs.length; i++) {
            out[i] = vector(cs[i].x, cs[i].y);
        }
        return out;
    }

    private static double[] vector(double lon, double lat) {
        double phi = Math.toRadians(lat);
        double lambda = Math.toRadians(lon);
        return new double[] {Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)};
    }

    /** The angle between two unit vectors, accurate at every size. */
    private static double angle(double[] u, double[] v) {
        return Math.atan2(norm(cross(u, v)), dot(u, v));
    }

    private static double[] cross(double[] u, double[] v) {
        return new double[] {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
    }

    private static double dot(double[] u, double[] v) {
        return u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
    }

    private static double norm(double[] u) {
        return Math.sqrt(dot(u, u));
    }
}
