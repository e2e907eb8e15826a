package dev.floe.store.spatialjoin;

import java.util.Set;

/**
 * The GeoSPARQL relations a spatial join can answer from envelope candidates: every relation that implies
 * the two geometries' envelopes intersect. The disjoint relations (sfDisjoint, ehDisjoint, rcc8dc) do not,
 * and keep ARQ's own evaluation.
 */
final class SpatialRelations {

    static final String GEOF = "http://www.opengis.net/def/function/geosparql/";
    static final String GEO = "http://www.opengis.net/ont/geosparql#";

    static final Set<String> ENVELOPE_BOUND = Set.of(
            "sfEquals", "sfIntersects", "sfTouches", "sfCrosses", "sfWithin", "sfContains", "sfOverlaps",
            "ehEquals", "ehMeet", "ehOverlap", "ehCovers", "ehCoveredBy", "ehInside", "ehContains",
            "rcc8eq", "rcc8ec", "rcc8po", "rcc8tppi", "rcc8tpp", "rcc8ntpp", "rcc8ntppi");

    private SpatialRelations() {
    }

    /** Whether a property IRI is the property function of one of {@link #ENVELOPE_BOUND}. */
    static boolean isEnvelopeBoundProperty(String propertyIri) {
        return propertyIri != null && propertyIri.startsWith(GEO) && ENVELOPE_BOUND.contains(propertyIri.substring(GEO.length()));
    }

    /** Whether a function IRI is one of {@link #ENVELOPE_BOUND}. */
    static boolean isEnvelopeBound(String functionIri) {
        return functionIri != null && functionIri.startsWith(GEOF) && ENVELOPE_BOUND.contains(functionIri.substring(GEOF.length()));
    }
}
