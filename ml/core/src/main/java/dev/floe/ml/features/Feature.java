package dev.floe.ml.features;

/** One column of a feature group: its name and type. */
public record Feature(String name, FeatureType type) {

    public Feature {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("feature name " + name + ": use letters, digits and '_' (not first)");
        }
    }

    /** Parses "name:type". */
    public static Feature parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("feature " + spec + ": write name:type, e.g. hh_mean:double");
        }
        return new Feature(spec.substring(0, colon).strip(), FeatureType.of(spec.substring(colon + 1)));
    }
}
