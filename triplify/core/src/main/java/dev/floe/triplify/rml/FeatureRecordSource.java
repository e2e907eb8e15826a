package dev.floe.triplify.rml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floe.ontology.Floe;
import dev.floe.triplify.FeatureIds;
import dev.floe.triplify.FeatureSink;
import dev.floe.triplify.ProgressListener;
import dev.floe.triplify.RecordContext;
import dev.floe.triplify.RecordContext.GeometryResult;
import dev.floe.triplify.TriplifyException;
import dev.floe.triplify.TriplifyOptions.CsvColumns;
import dev.floe.triplify.csv.CsvSource;
import dev.floe.triplify.gpkg.GeoPackageSource;
import dev.floe.triplify.json.JsonRecordReader;
import dev.floe.triplify.rdf.JsonLiterals;
import dev.floe.triplify.shapefile.ShapefileSource;

/**
 * Records of floe's geodata reference formulations (floe:GeoJSON, floe:CsvFeatures, floe:GeoPackage,
 * floe:Shapefile), read by the same source readers as the default mapping, so a feature's attributes have the
 * same typed values either way. References name attributes; the reserved references of {@link GeometryTerms}
 * give the id and geometry terms.
 */
final class FeatureRecordSource implements RecordSource {

    private final Mapping.LogicalSource source;
    private final RecordContext context;

    FeatureRecordSource(Mapping.LogicalSource source, RecordContext context) {
        this.source = source;
        this.context = context;
    }

    @Override
    public void read(Handler handler) {
        Path file = source.existingFile();
        context.file(file);
        String idProperty = source.idProperty() != null ? source.idProperty() : context.options().idProperty();
        GeometryTerms terms = new GeometryTerms();
        FeatureIds geoJsonIds = new FeatureIds();
        String f = source.formulation();
        if (f.equals(Floe.GeoJSON.getURI())) {
            handler.schema(null);
            readGeoJson(file, idProperty, terms, handler, geoJsonIds);
        } else if (f.equals(Floe.CsvFeatures.getURI())) {
            CsvColumns columns = source.wktColumn() == null && source.lonColumn() == null && source.latColumn() == null
                    ? context.options().csv()
                    : new CsvColumns(source.wktColumn(), source.lonColumn(), source.latColumn());
            List<String> header = new ArrayList<>(CsvSource.header(file));
            if (columns != null && columns.wkt() != null) {
                header.remove(columns.wkt());
            }
            handler.schema(header);
            new CsvSource(context, sink(idProperty, terms, handler, "row"))
                    .read(file, columns, source.sourceCrs() != null ? source.sourceCrs() : context.options().sourceCrs(),
                            ProgressListener.NONE);
        } else if (f.equals(Floe.GeoPackage.getURI())) {
            List<String> columns = new ArrayList<>();
            for (GeoPackageSource.Table t : GeoPackageSource.tables(file)) {
                if (source.iterator() == null || t.name().equals(source.iterator())) {
                    columns.addAll(t.columns());
                }
            }
            handler.schema(columns);
            new GeoPackageSource(context, table -> sink(idProperty, terms, handler, "table " + table + ", row"))
                    .read(file, source.iterator());
        } else {
            handler.schema(ShapefileSource.fields(file));
            new ShapefileSource(context, sink(idProperty, terms, handler, "record")).read(file, source.sourceCrs());
        }
    }

    private FeatureSink sink(String idProperty, GeometryTerms terms, Handler handler, String recordKind) {
        return new FeatureSink() {
            private long n;
            private final FeatureIds ids = new FeatureIds();

            @Override
            public String idOf(JsonNode properties, long index) {
                return FeatureSink.idOf(idProperty, properties, index);
            }

            @Override
            public void write(String id, JsonNode properties, GeometryResult geometry) {
                n++;
                if (!geometry.skipRecord()) {
                    context.uniqueId(ids, id);
                    handler.record(new FeatureRecord(id, properties, geometry, terms, recordKind + " " + n));
                }
            }
        };
    }

    private void readGeoJson(Path file, String idProperty, GeometryTerms terms, Handler handler, FeatureIds ids) {
        new JsonRecordReader().read(file, new JsonRecordReader.Handler() {
            private long index = source.firstIndex();

            @Override
            public void record(JsonNode record, String path) {
                feature(record, path, index++);
            }

            @Override
            public void document(ObjectNode document, boolean streamedFeatures) {
                if (document != null && !streamedFeatures) {
                    feature(document, "$", index++);
                }
            }

            private void feature(JsonNode record, String path, long i) {
                context.recordRead();
                JsonNode type = record.get("type");
                if (!record.isObject() || type == null || !"Feature".equals(type.asText())) {
                    throw new TriplifyException(file, path, "not a GeoJSON Feature (floe:GeoJSON reads Features; use rml:JSONPath "
                            + "for other JSON)");
                }
                JsonNode properties = record.get("properties");
                if (properties != null && !properties.isNull() && !properties.isObject()) {
                    throw new TriplifyException(file, path, "\"properties\" must be an object or null");
                }
                JsonNode idNode = record.get("id");
                String id = idNode != null && (idNode.isTextual() || idNode.isNumber()) ? idNode.asText()
                        : FeatureSink.idOf(idProperty, properties, i);
                GeometryResult g = context.geometry(record.get("geometry"), path, id);
                if (!g.skipRecord()) {
                    context.uniqueId(ids, id);
                    handler.record(new FeatureRecord(id, properties, g, terms, path));
                }
            }
        });
    }

    /** A feature: attributes by name, plus the reserved id and geometry references. */
    private record FeatureRecord(String id, JsonNode properties, GeometryResult geometry, GeometryTerms terms,
                                 String record) implements SourceRecord {

        @Override
        public List<Node> values(String reference) {
            if (reference.startsWith("@") && GeometryTerms.RESERVED.contains(reference)) {
                if (reference.equals(GeometryTerms.ID)) {
                    return List.of(NodeFactory.createLiteralString(id));
                }
                if (reference.equals(GeometryTerms.GEOMETRY_ID)) {
                    return geometry.geometry() == null ? List.of() : List.of(NodeFactory.createLiteralString(id));
                }
                return terms.value(reference, geometry.geometry(), geometry.repaired());
            }
            JsonNode v = properties == null ? null : properties.get(reference);
            if (v == null) {
                return null;
            }
            return JsonLiterals.literals(v);
        }

        @Override
        public String where() {
            return RecordContext.where(record, id);
        }
    }
}
