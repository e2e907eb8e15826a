package dev.floe.ml.features;

import java.util.Locale;

/** The file formats a feature-store training dataset can be written in. */
public enum TrainingDatasetFormat {
    PARQUET("parquet"), CSV("csv"), TFRECORD("tfrecord");

    private final String extension;

    TrainingDatasetFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    public static TrainingDatasetFormat of(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown format " + name + " (parquet, csv, tfrecord)");
        }
    }
}
