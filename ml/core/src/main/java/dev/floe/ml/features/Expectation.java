package dev.floe.ml.features;

import java.util.List;

/**
 * One data-validation rule on one feature, named as in Hopsworks' feature store (which follows Deequ):
 * <ul>
 * <li>HAS_DATATYPE: the fraction of non-null values of {@code datatype} (Integral, Fractional, Boolean,
 *     String) is within [min, max] (default [1, 1]);</li>
 * <li>HAS_MIN / HAS_MAX / HAS_MEAN: the observed minimum / maximum / mean is within [min, max];</li>
 * <li>HAS_COMPLETENESS: the fraction of non-null values is within [min, max];</li>
 * <li>HAS_UNIQUENESS: the fraction of rows whose value occurs exactly once is within [min, max];</li>
 * <li>IS_CONTAINED_IN: every non-null value is one of {@code legalValues};</li>
 * <li>HAS_PATTERN: the fraction of non-null values matching the regular expression {@code pattern} is within
 *     [min, max] (default [1, 1]).</li>
 * </ul>
 * A bound left out is open. {@code level} ERROR or WARNING decides what a failure does to an insert.
 */
public record Expectation(Rule rule, String feature, Double min, Double max, List<String> legalValues, String pattern,
                          String datatype, Level level) {

    /** The rule names. */
    public enum Rule { HAS_DATATYPE, HAS_MIN, HAS_MAX, HAS_MEAN, HAS_COMPLETENESS, HAS_UNIQUENESS, IS_CONTAINED_IN, HAS_PATTERN }

    /** How serious a failure is. */
    public enum Level { ERROR, WARNING }

    public Expectation {
        if (rule == null || feature == null) {
            throw new IllegalArgumentException("an expectation needs a rule and a feature");
        }
        level = level == null ? Level.ERROR : level;
        switch (rule) {
            case IS_CONTAINED_IN -> {
                if (legalValues == null || legalValues.isEmpty()) {
                    throw new IllegalArgumentException("IS_CONTAINED_IN on " + feature + " needs legalValues");
                }
            }
            case HAS_PATTERN -> {
                if (pattern == null) {
                    throw new IllegalArgumentException("HAS_PATTERN on " + feature + " needs a pattern");
                }
                java.util.regex.Pattern.compile(pattern);
            }
            case HAS_DATATYPE -> {
                if (!List.of("Integral", "Fractional", "Boolean", "String").contains(datatype)) {
                    throw new IllegalArgumentException("HAS_DATATYPE on " + feature + " needs datatype Integral, Fractional, Boolean or String");
                }
            }
            case HAS_MIN, HAS_MAX, HAS_MEAN, HAS_COMPLETENESS, HAS_UNIQUENESS -> {
                if (min == null && max == null) {
                    throw new IllegalArgumentException(rule + " on " + feature + " needs min and/or max");
                }
            }
            default -> { }
        }
    }
}
