package dev.floe.ml.trainingset;

import java.util.Locale;

/** The fractions of each class that go to train, validation and test; they sum to 1. */
public record SplitRatios(double train, double validation, double test) {

    public static final SplitRatios DEFAULT = new SplitRatios(0.7, 0.15, 0.15);

    public SplitRatios {
        if (!(train > 0) || validation < 0 || test < 0 || Math.abs(train + validation + test - 1) > 1e-6) {
            throw new IllegalArgumentException("split ratios must be train>0, validation>=0, test>=0 summing to 1, got "
                    + train + "," + validation + "," + test);
        }
    }

    /** Parses "0.7,0.15,0.15". */
    public static SplitRatios parse(String text) {
        String[] parts = text.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException("--split needs three fractions train,validation,test such as 0.7,0.15,0.15, got " + text);
        }
        try {
            return new SplitRatios(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()),
                    Double.parseDouble(parts[2].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--split " + text + ": not three numbers", e);
        }
    }

    public double of(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case VALIDATION -> validation;
            case TEST -> test;
        };
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s,%s,%s", train, validation, test);
    }
}
