package dev.floe.ml.features;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The types a feature can have, each with its Parquet physical type: int (INT64), double (DOUBLE), string
 * (BINARY UTF8), boolean (BOOLEAN), timestamp (INT64 TIMESTAMP(MILLIS, UTC)). Values in memory are
 * Long, Double, String, Boolean and Instant.
 */
public enum FeatureType {
    INT, DOUBLE, STRING, BOOLEAN, TIMESTAMP;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FeatureType of(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "int", "long", "bigint", "integer" -> INT;
            case "double", "float" -> DOUBLE;
            case "string" -> STRING;
            case "boolean", "bool" -> BOOLEAN;
            case "timestamp" -> TIMESTAMP;
            default -> throw new IllegalArgumentException("unknown feature type " + name + " (int, double, string, boolean, timestamp)");
        };
    }

    /** Whether numeric statistics (mean, stddev, histogram, correlation) apply. */
    public boolean numeric() {
        return this == INT || this == DOUBLE;
    }

    /** Parses a text value (empty = null); throws IllegalArgumentException saying what it expected. */
    public Object parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return switch (this) {
                case INT -> Long.parseLong(text.strip());
                case DOUBLE -> {
                    double d = Double.parseDouble(text.strip());
                    if (!Double.isFinite(d)) {
                        throw new IllegalArgumentException("not a finite number: " + text);
                    }
                    yield d;
                }
                case STRING -> text;
                case BOOLEAN -> switch (text.strip().toLowerCase(Locale.ROOT)) {
                    case "true", "1" -> Boolean.TRUE;
                    case "false", "0" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException("not a boolean (true/false): " + text);
                };
                case TIMESTAMP -> Instant.parse(text.strip());
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not " + (this == INT ? "an integer" : "a number") + ": " + text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 UTC timestamp (2023-08-10T10:00:00Z): " + text);
        }
    }

    /** The value as a double for statistics (timestamps as epoch milliseconds, booleans 0/1). */
    public static double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Instant i) {
            return i.toEpochMilli();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        throw new IllegalArgumentException("not numeric: " + v);
    }

    /** The value as text (as CSV and the CLI show it). */
    public static String text(Object v) {
        if (v == null) {
            return "";
        }
        return v.toString();
    }
}
