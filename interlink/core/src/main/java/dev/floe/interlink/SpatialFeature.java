package dev.floe.interlink;

import org.locationtech.jts.geom.Geometry;

/**
 * A feature to interlink: its IRI and its default geometry in CRS84 (lon, lat), checked for validity.
 */
public record SpatialFeature(String iri, Geometry geometry) {
}
