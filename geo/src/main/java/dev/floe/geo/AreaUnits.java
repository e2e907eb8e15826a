package dev.floe.geo;

import java.util.Map;

/**
 * The QUDT area units geof:area takes besides the square of an OGC linear unit (GeoSPARQL 1.1 implementations and
 * its test suites name area units from QUDT: {@code unit:M2}, {@code unit:HA}, {@code unit:AC}, ...), each in square
 * metres. One table for the TDB2 store and the Spark engine.
 */
public final class AreaUnits {

    /** QUDT's unit namespace. */
    public static final String QUDT = "http://qudt.org/vocab/unit/";

    private static final Map<String, Double> SQUARE_METRES = Map.of(
            QUDT + "M2", 1.0,
            QUDT + "KiloM2", 1e6,
            QUDT + "HA", 1e4,
            QUDT + "AC", 4046.8564224,
            QUDT + "FT2", 0.09290304,
            QUDT + "MI2", 2_589_988.110336);

    private AreaUnits() {
    }

    /** The square metres in one {@code unitIri}, or null where it is not a QUDT area unit listed here. */
    public static Double squareMetres(String unitIri) {
        return SQUARE_METRES.get(unitIri);
    }
}
