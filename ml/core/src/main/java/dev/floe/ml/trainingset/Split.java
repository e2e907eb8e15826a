package dev.floe.ml.trainingset;

/** The three parts of a training set. */
public enum Split {
    TRAIN("train"), VALIDATION("validation"), TEST("test");

    private final String label;

    Split(String label) {
        this.label = label;
    }

    /** The name used in files and RDF: train, validation, test. */
    public String label() {
        return label;
    }

    public static Split of(String label) {
        for (Split s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no split named " + label + " (train, validation, test)");
    }
}
