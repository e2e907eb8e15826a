package dev.floe.ml.features;

import java.util.List;

/**
 * What a feature group is ({@code featuregroup.json}): name and version, the schema, the primary key (rows
 * with an equal key are upserted: the later commit wins), the event-time feature, the expectations inserts
 * are validated against, and a description.
 */
public record FeatureGroupSpec(String name, int version, String description, List<Feature> schema, List<String> primaryKey,
                               String eventTime, List<Expectation> expectations) {

    public FeatureGroupSpec {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("feature group name " + name + ": use letters, digits, '_' and '-'");
        }
        if (version < 1) {
            throw new IllegalArgumentException("feature group version must be 1 or more, got " + version);
        }
        if (schema.isEmpty()) {
            throw new IllegalArgumentException("feature group " + name + " has no features");
        }
        List<String> names = schema.stream().map(Feature::name).toList();
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("feature group " + name + ": a feature name appears twice in " + names);
        }
        if (primaryKey.isEmpty()) {
            throw new IllegalArgumentException("feature group " + name + " needs a primary key");
        }
        for (String k : primaryKey) {
            if (!names.contains(k)) {
                throw new IllegalArgumentException("primary key " + k + " is not a feature of " + name + " " + names);
            }
        }
        if (eventTime != null) {
            int i = names.indexOf(eventTime);
            if (i < 0 || schema.get(i).type() != FeatureType.TIMESTAMP) {
                throw new IllegalArgumentException("event time " + eventTime + " must be a timestamp feature of " + name);
            }
        }
        for (Expectation e : expectations) {
            if (!names.contains(e.feature())) {
                throw new IllegalArgumentException("expectation " + e.rule() + " is about " + e.feature() + ", not a feature of "
                        + name + " " + names);
            }
        }
        schema = List.copyOf(schema);
        primaryKey = List.copyOf(primaryKey);
        expectations = List.copyOf(expectations);
    }

    public FeatureGroupSpec withExpectations(List<Expectation> list) {
        return new FeatureGroupSpec(name, version, description, schema, primaryKey, eventTime, list);
    }
}
