package dev.floe.store.spatialjoin;

import java.util.Set;
import java.util.stream.Collectors;

import dev.floe.store.geosparql.TopologyProperties;

/**
 * The GeoSPARQL relations a spatial join can answer from envelope candidates: every relation that implies
 * the two geometries' envelopes intersect. The disjoint relations (sfDisjoint, ehDisjoint, rcc8dc) do not,
 * and keep ARQ's own evaluation.
 */
final class SpatialRelations {

    static final String GEOF = TopologyProperties.GEOF;
    static final String GEO = TopologyProperties.GEO;

    /** Every topological relation but the three disjoint ones. */
    static final Set<String> ENVELOPE_BOUND = TopologyProperties.RELATIONS.stream()
            .filter(r -> !Set.of("sfDisjoint", "ehDisjoint", "rcc8dc").contains(r))
            .collect(Collectors.toUnmodifiableSet());

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
