package dev.floe.triplify;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a feature source (GeoJSON, CSV, GeoPackage, Shapefile) hands each feature it reads: the default
 * mapping ({@link dev.floe.triplify.geojson.GeoJsonFeatureMapper}) or an RML mapping's records. Sources only read
 * and check; what becomes of a feature is the sink's business.
 */
public interface FeatureSink {

    /** The id of a feature without an id of its own: the id property's value, else its position (0-based). */
    String idOf(JsonNode properties, long index);

    /** One feature: its id, its properties as a JSON object (or null) and its checked geometry. */
    void write(String id, JsonNode properties, RecordContext.GeometryResult geometry);

    /** The id property's value when it is set and present, else the record's position. */
    static String idOf(String idProperty, JsonNode properties, long index) {
        if (idProperty != null && properties != null) {
            JsonNode value = properties.get(idProperty);
            if (value != null && (value.isTextual() || value.isNumber()) && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return Long.toString(index);
    }
}
