package dev.floe.ml.features;

import java.util.ArrayList;
import java.util.List;

import dev.floe.ml.MlDataException;

/**
 * A table of feature values: the schema and the rows, each an array aligned with the schema (null =
 * missing). Rows are not copied: treat them as read-only.
 */
public record FeatureFrame(List<Feature> schema, List<Object[]> rows) {

    public int index(String feature) {
        for (int i = 0; i < schema.size(); i++) {
            if (schema.get(i).name().equals(feature)) {
                return i;
            }
        }
        return -1;
    }

    /** The values of one column. */
    public List<Object> column(String feature) {
        int i = index(feature);
        if (i < 0) {
            throw new MlDataException("no feature " + feature);
        }
        List<Object> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(r[i]));
        return out;
    }

    public int size() {
        return rows.size();
    }

    /** This frame reduced to {@code features}, in that order. */
    public FeatureFrame select(List<String> features) {
        int[] idx = features.stream().mapToInt(this::index).toArray();
        List<Feature> s = new ArrayList<>();
        for (int k = 0; k < idx.length; k++) {
            if (idx[k] < 0) {
                throw new MlDataException("no feature " + features.get(k) + " (features: "
                        + schema.stream().map(Feature::name).toList() + ")");
            }
            s.add(schema.get(idx[k]));
        }
        List<Object[]> r = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Object[] o = new Object[idx.length];
            for (int k = 0; k < idx.length; k++) {
                o[k] = row[idx[k]];
            }
            r.add(o);
        }
        return new FeatureFrame(s, r);
    }
}
