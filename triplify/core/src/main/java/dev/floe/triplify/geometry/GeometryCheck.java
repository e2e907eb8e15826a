package dev.floe.triplify.geometry;

import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.algorithm.RobustLineIntersector;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.noding.BasicSegmentString;
import org.locationtech.jts.noding.MCIndexNoder;
import org.locationtech.jts.noding.NodingIntersectionFinder;
import org.locationtech.jts.noding.SegmentString;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

import dev.floe.triplify.InvalidGeometryPolicy;

/**
 * Checks one CRS84 geometry and applies an {@link InvalidGeometryPolicy} to it. Every coordinate must be a finite number
 * within longitude [-180, 180] and latitude [-90, 90] (give or take {@link #ROUNDING_TOLERANCE}): anything else is
 * malformed input, whatever the policy. A geometry that is not valid (OGC Simple Features) is repaired with JTS's
 * GeometryFixer, skipped or fails as the policy says; but one with more than {@link #MAX_REPAIR_INTERSECTIONS}
 * self-intersections is never repaired, because the repair's time and memory grow with them (a 200,000-vertex zigzag
 * took minutes and gigabytes): under REPAIR it fails naming the reason. Stateless and thread-safe.
 */
public final class GeometryCheck {

    /** The outcome for one geometry: the geometry to write (null when skipped) and why it changed. */
    public record Outcome(Geometry geometry, Action action, String reason) {
    }

    /** What happened to the geometry. */
    public enum Action { KEPT, REPAIRED, SKIPPED, FAILED, MALFORMED }

    /** The most self-intersections a geometry may have and still be repaired (the repair takes about a second then). */
    public static final int MAX_REPAIR_INTERSECTIONS = 10_000;

    /** How far past +-180 / +-90 degrees a coordinate may be and still count as rounding noise (about 11 m). */
    public static final double ROUNDING_TOLERANCE = 1e-4;

    private final InvalidGeometryPolicy policy;

    public GeometryCheck(InvalidGeometryPolicy policy) {
        this.policy = policy;
    }

    public Outcome check(Geometry geometry) {
        String malformed = badCoordinate(geometry);
        if (malformed != null) {
            return new Outcome(null, Action.MALFORMED, malformed);
        }
        IsValidOp op = new IsValidOp(geometry);
        TopologyValidationError error = op.getValidationError();
        if (error == null) {
            return new Outcome(geometry, Action.KEPT, null);
        }
        String reason = "invalid geometry: " + error.getMessage()
                + (error.getCoordinate() == null ? "" : " at (" + error.getCoordinate().x + " " + error.getCoordinate().y + ")");
        switch (policy) {
            case REPAIR:
                if (selfIntersectionsAtLeast(geometry, MAX_REPAIR_INTERSECTIONS + 1)) {
                    return new Outcome(null, Action.FAILED, reason + "; not repaired: more than " + MAX_REPAIR_INTERSECTIONS
                            + " self-intersections, too many to repair in reasonable time and memory (use --on-invalid skip "
                            + "to leave such records out, or simplify the geometry)");
                }
                return new Outcome(GeometryFixer.fix(geometry), Action.REPAIRED, reason);
            case SKIP:
                return new Outcome(null, Action.SKIPPED, reason);
            default:
                return new Outcome(null, Action.FAILED, reason + " (use --on-invalid repair or skip to go on)");
        }
    }

    /** The first coordinate that is not a finite CRS84 longitude/latitude (Z, when present, must be finite), or null. */
    static String badCoordinate(Geometry geometry) {
        String[] bad = {null};
        geometry.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                double x = seq.getX(i);
                double y = seq.getY(i);
                double z = seq.hasZ() ? seq.getZ(i) : Double.NaN;
                if (!Double.isFinite(x) || !Double.isFinite(y) || Double.isInfinite(z)) {
                    bad[0] = "coordinate (" + x + " " + y + (Double.isNaN(z) ? "" : " " + z) + ") is not a finite number";
                } else if (Math.abs(x) > 180 + ROUNDING_TOLERANCE || Math.abs(y) > 90 + ROUNDING_TOLERANCE) {
                    bad[0] = "coordinate (" + x + " " + y + ") is outside longitude [-180, 180] / latitude [-90, 90] "
                            + "(in CRS84, after any transformation: check the source CRS)";
                }
            }

            @Override
            public boolean isDone() {
                return bad[0] != null;
            }

            @Override
            public boolean isGeometryChanged() {
                return false;
            }
        });
        return bad[0];
    }

    /**
     * Whether the lines and rings of {@code g} cross or overlap each other at least {@code limit} times, counted with JTS's
     * monotone-chain noder, which stops at the limit: the work is bounded whatever the geometry.
     */
    static boolean selfIntersectionsAtLeast(Geometry g, int limit) {
        List<SegmentString> lines = new ArrayList<>();
        addLines(g, lines);
        NodingIntersectionFinder counter = new NodingIntersectionFinder(new RobustLineIntersector()) {
            @Override
            public boolean isDone() {
                return count() >= limit;
            }
        };
        counter.setFindAllIntersections(true);
        counter.setInteriorIntersectionsOnly(true);
        counter.setKeepIntersections(false);
        MCIndexNoder noder = new MCIndexNoder();
        noder.setSegmentIntersector(counter);
        noder.computeNodes(lines);
        return counter.count() >= limit;
    }

    private static void addLines(Geometry g, List<SegmentString> out) {
        if (g instanceof Polygon p) {
            out.add(new BasicSegmentString(p.getExteriorRing().getCoordinates(), null));
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                out.add(new BasicSegmentString(p.getInteriorRingN(h).getCoordinates(), null));
            }
        } else if (g instanceof LineString l) {
            out.add(new BasicSegmentString(l.getCoordinates(), null));
        } else {
            for (int i = 0; i < g.getNumGeometries(); i++) {
                if (g.getGeometryN(i) != g) {
                    addLines(g.getGeometryN(i), out);
                }
            }
        }
    }
}
