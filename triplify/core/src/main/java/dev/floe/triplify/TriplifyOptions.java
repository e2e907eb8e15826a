package dev.floe.triplify;

import java.util.Objects;

import org.apache.jena.rdf.model.Resource;

/**
 * How plain GeoJSON features become RDF. STAC documents are recognised and mapped with the ontology
 * regardless of these options, except for the invalid-geometry policy, which applies to both.
 *
 * @param dataset       name of the dataset, the path segment of minted IRIs; null takes the file name
 * @param featureClass  extra class for every plain GeoJSON feature (they are all geo:Feature), or null
 * @param labelProperty GeoJSON property whose string value also becomes the feature's rdfs:label, or null
 * @param idProperty    GeoJSON property that identifies features when they have no "id" member, or null
 * @param onInvalid     the invalid-geometry policy
 * @param csv           which CSV columns hold the geometry; null: detected from the header
 * @param sourceCrs     the CRS of CSV coordinates, e.g. "EPSG:32633"; null: CRS84 longitude, latitude
 * @param maxJoinKeys   RML joins: the most join keys of one parent source held in memory
 */
public record TriplifyOptions(String dataset, Resource featureClass, String labelProperty, String idProperty,
                              InvalidGeometryPolicy onInvalid, CsvColumns csv, String sourceCrs, int maxJoinKeys) {

    /** The geometry columns of a CSV file: a WKT column, or a longitude and a latitude column. */
    public record CsvColumns(String wkt, String lon, String lat) {
    }

    public TriplifyOptions {
        Objects.requireNonNull(onInvalid, "onInvalid");
        if (maxJoinKeys < 1) {
            throw new IllegalArgumentException("maxJoinKeys must be positive");
        }
        if (dataset != null && dataset.isBlank()) {
            throw new IllegalArgumentException("dataset name must not be blank");
        }
    }

    public TriplifyOptions(String dataset, Resource featureClass, String labelProperty, String idProperty,
                           InvalidGeometryPolicy onInvalid, CsvColumns csv, String sourceCrs) {
        this(dataset, featureClass, labelProperty, idProperty, onInvalid, csv, sourceCrs,
                dev.floe.triplify.rml.MappingRunner.DEFAULT_MAX_JOIN_KEYS);
    }

    public TriplifyOptions(String dataset, Resource featureClass, String labelProperty, String idProperty,
                           InvalidGeometryPolicy onInvalid) {
        this(dataset, featureClass, labelProperty, idProperty, onInvalid, null, null);
    }

    public TriplifyOptions withMaxJoinKeys(int max) {
        return new TriplifyOptions(dataset, featureClass, labelProperty, idProperty, onInvalid, csv, sourceCrs, max);
    }

    public TriplifyOptions withSourceCrs(String crs) {
        return new TriplifyOptions(dataset, featureClass, labelProperty, idProperty, onInvalid, csv, crs, maxJoinKeys);
    }

    public TriplifyOptions withCsvColumns(CsvColumns columns) {
        return new TriplifyOptions(dataset, featureClass, labelProperty, idProperty, onInvalid, columns, sourceCrs, maxJoinKeys);
    }

    /** Defaults: dataset named after the file, no extra class, no label, repair invalid geometries. */
    public static TriplifyOptions defaults() {
        return new TriplifyOptions(null, null, null, null, InvalidGeometryPolicy.REPAIR);
    }

    public TriplifyOptions withDataset(String name) {
        return new TriplifyOptions(name, featureClass, labelProperty, idProperty, onInvalid, csv, sourceCrs, maxJoinKeys);
    }

    public TriplifyOptions withFeatureClass(Resource cls) {
        return new TriplifyOptions(dataset, cls, labelProperty, idProperty, onInvalid, csv, sourceCrs, maxJoinKeys);
    }

    public TriplifyOptions withLabelProperty(String property) {
        return new TriplifyOptions(dataset, featureClass, property, idProperty, onInvalid, csv, sourceCrs, maxJoinKeys);
    }

    public TriplifyOptions withIdProperty(String property) {
        return new TriplifyOptions(dataset, featureClass, labelProperty, property, onInvalid, csv, sourceCrs, maxJoinKeys);
    }

    public TriplifyOptions withOnInvalid(InvalidGeometryPolicy policy) {
        return new TriplifyOptions(dataset, featureClass, labelProperty, idProperty, policy, csv, sourceCrs, maxJoinKeys);
    }
}
