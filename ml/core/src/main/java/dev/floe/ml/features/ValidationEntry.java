package dev.floe.ml.features;

/**
 * One line of a feature group's validation history: when, which input, how many rows, under which mode
 * (or VALIDATE for a dry run), the report, whether the rows were ingested and as which commit.
 */
public record ValidationEntry(String time, String input, long rows, String mode, ValidationReport report, boolean ingested,
                              Long commit) {
}
