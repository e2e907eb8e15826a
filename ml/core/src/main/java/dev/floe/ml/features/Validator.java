package dev.floe.ml.features;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Evaluates {@link Expectation}s on a {@link FeatureFrame}. */
public final class Validator {

    private Validator() {
    }

    public static ValidationReport validate(FeatureFrame frame, List<Expectation> expectations) {
        List<ValidationReport.RuleResult> results = new ArrayList<>();
        ValidationReport.Status status = ValidationReport.Status.SUCCESS;
        for (Expectation e : expectations) {
            ValidationReport.RuleResult r = evaluate(frame, e);
            results.add(r);
            if (!r.passed()) {
                if (e.level() == Expectation.Level.ERROR) {
                    status = ValidationReport.Status.FAILURE;
                } else if (status == ValidationReport.Status.SUCCESS) {
                    status = ValidationReport.Status.WARNING;
                }
            }
        }
        return new ValidationReport(status, List.copyOf(results));
    }

    private static ValidationReport.RuleResult evaluate(FeatureFrame frame, Expectation e) {
        int col = frame.index(e.feature());
        FeatureType type = frame.schema().get(col).type();
        List<Object> values = new ArrayList<>();
        for (Object[] row : frame.rows()) {
            if (row[col] != null) {
                values.add(row[col]);
            }
        }
        int n = frame.size();
        return switch (e.rule()) {
            case HAS_COMPLETENESS -> bounded(e, n == 0 ? Double.NaN : (double) values.size() / n, "completeness");
            case HAS_UNIQUENESS -> {
                Map<Object, Integer> counts = new HashMap<>();
                values.forEach(v -> counts.merge(v, 1, Integer::sum));
                long once = counts.values().stream().filter(c -> c == 1).count();
                yield bounded(e, n == 0 ? Double.NaN : (double) once / n, "uniqueness");
            }
            case HAS_MIN, HAS_MAX, HAS_MEAN -> {
                if (!type.numeric() && type != FeatureType.TIMESTAMP) {
                    yield result(e, false, null, e.feature() + " is " + type.label() + ", not numeric");
                }
                if (values.isEmpty()) {
                    yield result(e, false, null, "no values");
                }
                double observed = switch (e.rule()) {
                    case HAS_MIN -> values.stream().mapToDouble(FeatureType::number).min().orElseThrow();
                    case HAS_MAX -> values.stream().mapToDouble(FeatureType::number).max().orElseThrow();
                    default -> values.stream().mapToDouble(FeatureType::number).average().orElseThrow();
                };
                yield bounded(e, observed, e.rule() == Expectation.Rule.HAS_MIN ? "minimum"
                        : e.rule() == Expectation.Rule.HAS_MAX ? "maximum" : "mean");
            }
            case IS_CONTAINED_IN -> {
                Set<String> legal = new HashSet<>(e.legalValues());
                List<String> outside = values.stream().map(FeatureType::text).filter(v -> !legal.contains(v)).distinct().limit(5).toList();
                long bad = values.stream().map(FeatureType::text).filter(v -> !legal.contains(v)).count();
                yield result(e, bad == 0, (double) bad, bad == 0 ? "all values in " + e.legalValues()
                        : bad + " value(s) outside " + e.legalValues() + ", e.g. " + outside);
            }
            case HAS_PATTERN -> {
                Pattern p = Pattern.compile(e.pattern());
                long matching = values.stream().filter(v -> p.matcher(FeatureType.text(v)).matches()).count();
                Expectation withDefaults = defaults(e);
                yield bounded(withDefaults, values.isEmpty() ? Double.NaN : (double) matching / values.size(),
                        "fraction matching " + e.pattern());
            }
            case HAS_DATATYPE -> {
                long conforming = values.stream().filter(v -> conforms(v, type, e.datatype())).count();
                yield bounded(defaults(e), values.isEmpty() ? Double.NaN : (double) conforming / values.size(),
                        "fraction of " + e.datatype());
            }
        };
    }

    private static Expectation defaults(Expectation e) {
        if (e.min() != null || e.max() != null) {
            return e;
        }
        return new Expectation(e.rule(), e.feature(), 1.0, 1.0, e.legalValues(), e.pattern(), e.datatype(), e.level());
    }

    /** Whether a value is of a Deequ datatype: typed features by their type, strings by what they parse as. */
    private static boolean conforms(Object v, FeatureType type, String datatype) {
        if (type != FeatureType.STRING) {
            return switch (datatype) {
                case "Integral" -> type == FeatureType.INT;
                case "Fractional" -> type == FeatureType.DOUBLE || type == FeatureType.INT;
                case "Boolean" -> type == FeatureType.BOOLEAN;
                default -> false;
            };
        }
        String s = ((String) v).strip();
        return switch (datatype) {
            case "Integral" -> s.matches("[+-]?\\d+");
            case "Fractional" -> s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
            case "Boolean" -> s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false");
            default -> true;
        };
    }

    private static ValidationReport.RuleResult bounded(Expectation e, double observed, String what) {
        if (Double.isNaN(observed)) {
            return result(e, false, null, "no values to measure the " + what + " of");
        }
        boolean ok = (e.min() == null || observed >= e.min() - 1e-12) && (e.max() == null || observed <= e.max() + 1e-12);
        return result(e, ok, observed, String.format(Locale.ROOT, "%s %s %s [%s, %s]", what, fmt(observed), ok ? "within" : "outside",
                e.min() == null ? "-inf" : fmt(e.min()), e.max() == null ? "inf" : fmt(e.max())));
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.6g", d);
    }

    private static ValidationReport.RuleResult result(Expectation e, boolean passed, Double observed, String message) {
        return new ValidationReport.RuleResult(e.rule(), e.feature(), e.level(), passed, observed, message);
    }
}
