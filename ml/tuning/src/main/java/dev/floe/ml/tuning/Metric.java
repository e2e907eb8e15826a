package dev.floe.ml.tuning;

import java.util.ArrayList;
import java.util.List;

import dev.floe.ml.train.EpochMetrics;

/** What a study optimises, by the name {@code floe tune --metric} takes: a measure every epoch of floe training reports. */
public enum Metric {
    VAL_ACCURACY("val_accuracy", true, true),
    VAL_LOSS("val_loss", false, true),
    TRAIN_ACCURACY("train_accuracy", true, false),
    TRAIN_LOSS("train_loss", false, false);

    private final String id;
    private final boolean higherIsBetter;
    private final boolean needsValidation;

    Metric(String id, boolean higherIsBetter, boolean needsValidation) {
        this.id = id;
        this.higherIsBetter = higherIsBetter;
        this.needsValidation = needsValidation;
    }

    public String id() {
        return id;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** Whether it is measured on the validation split (a training set without one cannot report it). */
    public boolean needsValidation() {
        return needsValidation;
    }

    public double value(EpochMetrics m) {
        return switch (this) {
            case VAL_ACCURACY -> m.validationAccuracy();
            case VAL_LOSS -> m.validationLoss();
            case TRAIN_ACCURACY -> m.trainAccuracy();
            case TRAIN_LOSS -> m.trainLoss();
        };
    }

    /** The value as schedulers rank it: higher is better (a loss negated). */
    public double score(double value) {
        return higherIsBetter ? value : -value;
    }

    public static Metric of(String id) {
        List<String> known = new ArrayList<>();
        for (Metric m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
            known.add(m.id);
        }
        throw new SpaceException("the models report no metric " + id + " (they report " + String.join(", ", known) + ")");
    }
}
