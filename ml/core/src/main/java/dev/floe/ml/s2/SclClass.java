package dev.floe.ml.s2;

import java.util.List;

/** The Sen2Cor scene classification (SCL) classes of Sentinel-2 L2A, by their pixel value. */
public final class SclClass {

    /** Names by value 0..11 (0 is no data). */
    public static final List<String> NAMES = List.of("no data", "saturated or defective", "dark area pixels",
            "cloud shadows", "vegetation", "not vegetated", "water", "unclassified", "cloud medium probability",
            "cloud high probability", "thin cirrus", "snow");

    private SclClass() {
    }

    public static String name(int value) {
        if (value < 0 || value >= NAMES.size()) {
            throw new IllegalArgumentException("SCL value " + value + " is not a Sen2Cor class (0-11)");
        }
        return NAMES.get(value);
    }
}
