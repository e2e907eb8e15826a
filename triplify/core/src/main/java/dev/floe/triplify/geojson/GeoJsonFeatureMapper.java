package dev.floe.triplify.geojson;

import java.util.Iterator;
import java.util.Map;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.vocabulary.RDFS;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floe.ontology.Floe;
import dev.floe.ontology.GeoSparql;
import dev.floe.triplify.FeatureIds;
import dev.floe.triplify.FeatureSink;
import dev.floe.triplify.RecordContext;
import dev.floe.triplify.TriplifyException;
import dev.floe.triplify.rdf.GeoRdfWriter;
import dev.floe.triplify.rdf.IriSegments;
import dev.floe.triplify.rdf.JsonLiterals;

/**
 * Maps a plain GeoJSON Feature to RDF: the feature {@code <data/{dataset}/{id}>} is a geo:Feature (plus the
 * configured class), each property becomes {@code attr:{key}} with typed literals, the label property
 * also becomes rdfs:label, and the geometry is written in CRS84 WKT.
 *
 * <p>The id is the Feature's {@code id} member (a string or a finite number; any other value is an error), else the
 * configured id property, else the record's position in the file, so that a rerun over the same file mints the same IRIs.
 */
public final class GeoJsonFeatureMapper implements FeatureSink {

    private final RecordContext context;
    private final String datasetBase;
    private final FeatureIds ids = new FeatureIds();

    public GeoJsonFeatureMapper(RecordContext context, String dataset) {
        this.context = context;
        this.datasetBase = Floe.DATA + IriSegments.encode(dataset) + "/";
    }

    /** For a part of a dataset (a GeoPackage table): IRIs {@code data/{dataset}/{part}/{id}}. */
    public GeoJsonFeatureMapper(RecordContext context, String dataset, String part) {
        this.context = context;
        this.datasetBase = Floe.DATA + IriSegments.encode(dataset) + "/" + IriSegments.encode(part) + "/";
    }

    /** Writes one feature; {@code index} is its position among the file's records. */
    public void map(JsonNode feature, String record, long index) {
        JsonNode properties = feature.get("properties");
        if (properties != null && !properties.isNull() && !properties.isObject()) {
            throw new TriplifyException(context.file(), record, "\"properties\" must be an object or null");
        }
        String id = id(feature, properties, index, record);
        write(id, properties, context.geometry(feature.get("geometry"), record, id));
    }

    /**
     * Writes one feature from any source: its id, its properties as a JSON object (or null) and its checked
     * geometry. Used for GeoJSON features and for CSV rows alike.
     */
    @Override
    public void write(String id, JsonNode properties, RecordContext.GeometryResult geometry) {
        if (geometry.skipRecord()) {
            return;
        }
        context.uniqueId(ids, id);
        GeoRdfWriter out = context.writer();
        Node subject = GeoRdfWriter.iri(datasetBase + IriSegments.encode(id));
        out.type(subject, GeoSparql.Feature);
        if (context.options().featureClass() != null) {
            out.type(subject, context.options().featureClass());
        }
        if (properties != null && properties.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Node predicate = GeoRdfWriter.iri(Floe.ATTR + IriSegments.encode(e.getKey()));
                for (Node literal : JsonLiterals.literals(e.getValue())) {
                    out.triple(subject, predicate, literal);
                }
            }
            String labelKey = context.options().labelProperty();
            JsonNode label = labelKey == null ? null : properties.get(labelKey);
            if (label != null && label.isTextual() && !label.asText().isBlank()) {
                out.triple(subject, RDFS.label.asNode(), NodeFactory.createLiteralString(label.asText()));
            }
        }
        if (geometry.geometry() != null) {
            out.geometry(subject, geometry.geometry(), null);
        }
    }

    /** The feature's "id" (RFC 7946: a string or a number; null or absent means none), else {@link #idOf}. */
    private String id(JsonNode feature, JsonNode properties, long index, String record) {
        JsonNode id = feature.get("id");
        if (id == null || id.isNull()) {
            return idOf(properties, index);
        }
        if (id.isTextual() && !id.asText().isBlank() || id.isNumber() && Double.isFinite(id.doubleValue())) {
            return id.asText();
        }
        throw new TriplifyException(context.file(), record, "\"id\" must be a string or a number (RFC 7946), found "
                + (id.isTextual() ? "a blank string" : id.isNumber() ? id.asText() : id.getNodeType()));
    }

    /** The configured id property's value, else the record's position. */
    @Override
    public String idOf(JsonNode properties, long index) {
        return FeatureSink.idOf(context.options().idProperty(), properties, index);
    }
}
