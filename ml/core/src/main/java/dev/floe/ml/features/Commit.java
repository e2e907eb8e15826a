package dev.floe.ml.features;

/**
 * One successful insert into a feature group: its number (1, 2, ...), time, Parquet file (relative to the
 * group's folder), row count, the ingestion mode and the validation status (null under NONE).
 */
public record Commit(long id, String time, String file, long rows, String mode, String validation) {
}
