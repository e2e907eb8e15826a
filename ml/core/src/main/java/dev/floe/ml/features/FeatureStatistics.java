package dev.floe.ml.features;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Descriptive statistics of a feature group's data, per feature: count (non-null values), nulls, and for
 * numeric features min, max, mean, (sample) standard deviation and a 10-bin equal-width histogram; for
 * timestamps min and max; for strings and booleans the distinct count and the 10 most frequent values.
 * Plus the Pearson correlation of every pair of numeric features (over rows where both are present).
 */
public record FeatureStatistics(long rows, Map<String, Column> features, Map<String, Map<String, Double>> correlations) {

    public static final int BINS = 10;

    /** Statistics of one feature; fields that do not apply to its type are null. */
    public record Column(String type, long count, long nulls, Double min, Double max, Double mean, Double stddev,
                         List<Bin> histogram, Long distinct, Map<String, Long> topValues) {
    }

    /** A histogram bin [lower, upper) (the last one closed) and its count. */
    public record Bin(double lower, double upper, long count) {
    }

    public static FeatureStatistics of(FeatureFrame frame) {
        Map<String, Column> columns = new LinkedHashMap<>();
        List<Integer> numeric = new ArrayList<>();
        for (int c = 0; c < frame.schema().size(); c++) {
            Feature f = frame.schema().get(c);
            List<Object> values = new ArrayList<>();
            for (Object[] row : frame.rows()) {
                if (row[c] != null) {
                    values.add(row[c]);
                }
            }
            long nulls = frame.size() - values.size();
            if (f.type().numeric()) {
                numeric.add(c);
                columns.put(f.name(), numericColumn(f, values, nulls));
            } else if (f.type() == FeatureType.TIMESTAMP) {
                Double min = values.isEmpty() ? null : values.stream().mapToDouble(FeatureType::number).min().getAsDouble();
                Double max = values.isEmpty() ? null : values.stream().mapToDouble(FeatureType::number).max().getAsDouble();
                columns.put(f.name(), new Column(f.type().label(), values.size(), nulls, min, max, null, null, null, null, null));
            } else {
                Map<String, Long> counts = new HashMap<>();
                values.forEach(v -> counts.merge(FeatureType.text(v), 1L, Long::sum));
                Map<String, Long> top = new LinkedHashMap<>();
                counts.entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                        .limit(10).forEach(e -> top.put(e.getKey(), e.getValue()));
                columns.put(f.name(), new Column(f.type().label(), values.size(), nulls, null, null, null, null, null,
                        (long) counts.size(), top));
            }
        }
        Map<String, Map<String, Double>> correlations = new LinkedHashMap<>();
        for (int a : numeric) {
            Map<String, Double> row = new LinkedHashMap<>();
            for (int b : numeric) {
                row.put(frame.schema().get(b).name(), pearson(frame, a, b));
            }
            correlations.put(frame.schema().get(a).name(), row);
        }
        return new FeatureStatistics(frame.size(), columns, correlations);
    }

    private static Column numericColumn(Feature f, List<Object> values, long nulls) {
        if (values.isEmpty()) {
            return new Column(f.type().label(), 0, nulls, null, null, null, null, List.of(), null, null);
        }
        double[] x = values.stream().mapToDouble(FeatureType::number).toArray();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double v : x) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        double mean = sum / x.length;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        Double stddev = x.length > 1 ? Math.sqrt(ss / (x.length - 1)) : null;
        long[] bins = new long[BINS];
        double width = (max - min) / BINS;
        for (double v : x) {
            int b = width == 0 ? 0 : (int) Math.min(BINS - 1, Math.floor((v - min) / width));
            bins[b]++;
        }
        List<Bin> histogram = new ArrayList<>();
        for (int b = 0; b < BINS; b++) {
            histogram.add(new Bin(min + b * width, b == BINS - 1 ? max : min + (b + 1) * width, bins[b]));
        }
        return new Column(f.type().label(), x.length, nulls, min, max, mean, stddev, histogram, null, null);
    }

    /** Pearson's r over rows where both are present; null when undefined (fewer than 2 pairs or a constant). */
    private static Double pearson(FeatureFrame frame, int a, int b) {
        double sa = 0;
        double sb = 0;
        int n = 0;
        for (Object[] r : frame.rows()) {
            if (r[a] != null && r[b] != null) {
                sa += FeatureType.number(r[a]);
                sb += FeatureType.number(r[b]);
                n++;
            }
        }
        if (n < 2) {
            return null;
        }
        double ma = sa / n;
        double mb = sb / n;
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (Object[] r : frame.rows()) {
            if (r[a] != null && r[b] != null) {
                double x = FeatureType.number(r[a]) - ma;
                double y = FeatureType.number(r[b]) - mb;
                cov += x * y;
                va += x * x;
                vb += y * y;
            }
        }
        if (va == 0 || vb == 0) {
            return null;
        }
        return cov / Math.sqrt(va * vb);
    }
}
