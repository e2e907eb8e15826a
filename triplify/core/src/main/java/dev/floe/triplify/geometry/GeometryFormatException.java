package dev.floe.triplify.geometry;

import dev.floe.geo.FloeException;

/** A GeoJSON geometry that does not follow RFC 7946; the message says where inside the geometry. */
public class GeometryFormatException extends FloeException {

    private static final long serialVersionUID = 1L;

    public GeometryFormatException(String message) {
        super(message);
    }
}
