package dev.floe.ml.features;

/**
 * What a failed validation does to an insert (Hopsworks' validation types): STRICT ingests only when every
 * expectation passes; WARNING also when only WARNING-level rules fail; ALL always ingests (and records the
 * validation); NONE ingests without validating.
 */
public enum IngestionMode {
    STRICT, WARNING, ALL, NONE;

    public boolean admits(ValidationReport.Status status) {
        return switch (this) {
            case STRICT -> status == ValidationReport.Status.SUCCESS;
            case WARNING -> status != ValidationReport.Status.FAILURE;
            case ALL, NONE -> true;
        };
    }
}
