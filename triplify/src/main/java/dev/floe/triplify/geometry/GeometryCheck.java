package dev.floe.triplify.geometry;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

import dev.floe.triplify.InvalidGeometryPolicy;

/**
 * Applies an {@link InvalidGeometryPolicy} to one geometry. Stateless and thread-safe.
 */
public final class GeometryCheck {

    /** The outcome for one geometry: the geometry to write (null when skipped) and why it changed. */
    public record Outcome(Geometry geometry, Action action, String reason) {
    }

    /** What happened to the geometry. */
    public enum Action { KEPT, REPAIRED, SKIPPED, FAILED }

    private final InvalidGeometryPolicy policy;

    public GeometryCheck(InvalidGeometryPolicy policy) {
        this.policy = policy;
    }

    public Outcome check(Geometry geometry) {
        IsValidOp op = new IsValidOp(geometry);
        TopologyValidationError error = op.getValidationError();
        if (error == null) {
            return new Outcome(geometry, Action.KEPT, null);
        }
        String reason = "invalid geometry: " + error.getMessage()
                + (error.getCoordinate() == null ? "" : " at (" + error.getCoordinate().x + " " + error.getCoordinate().y + ")");
        switch (policy) {
            case REPAIR:
                return new Outcome(GeometryFixer.fix(geometry), Action.REPAIRED, reason);
            case SKIP:
                return new Outcome(null, Action.SKIPPED, reason);
            default:
                return new Outcome(null, Action.FAILED, reason);
        }
    }
}
