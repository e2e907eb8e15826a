package dev.floe.ml.tuning;

import java.util.Locale;

/**
 * How a study searches: random, grid and Sobol sampling with the median stopping rule, or random sampling under ASHA
 * or Hyperband.
 */
public enum Strategy {
    RANDOM, GRID, SOBOL, ASHA, HYPERBAND;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Strategy of(String id) {
        for (Strategy s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new SpaceException("unknown strategy " + id + " (random, grid, sobol, asha, hyperband)");
    }
}
