package dev.floe.ml.features;

import java.util.List;

/**
 * The outcome of validating rows against a feature group's expectations: SUCCESS (all passed), WARNING
 * (only WARNING-level rules failed) or FAILURE (an ERROR-level rule failed), with each rule's observed value.
 */
public record ValidationReport(Status status, List<RuleResult> results) {

    public enum Status { SUCCESS, WARNING, FAILURE }

    /** One rule: passed or not, the observed value (a number, or a count of offending values) and a message. */
    public record RuleResult(Expectation.Rule rule, String feature, Expectation.Level level, boolean passed, Double observed,
                             String message) {
    }
}
