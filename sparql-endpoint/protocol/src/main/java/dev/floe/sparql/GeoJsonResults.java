package dev.floe.sparql;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.geosparql.implementation.GeometryWrapper;
import org.apache.jena.geosparql.implementation.datatype.GeometryDatatype;
import org.apache.jena.geosparql.implementation.vocabulary.SRS_URI;
import org.apache.jena.graph.Node;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.RDFNode;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes SELECT results as an RFC 7946 GeoJSON FeatureCollection: one Feature per solution, its geometry
 * from the geometry variable (the first one bound to a GeoSPARQL geometry literal, or the one named),
 * transformed to CRS84 lon/lat; every other binding becomes a property (numbers and booleans as JSON
 * values, everything else as text). A solution without a geometry gets {@code "geometry": null}.
 * Streams: one solution at a time. Reached through {@link QueryAnswer} with {@link ResultFormat#GEOJSON}.
 */
final class GeoJsonResults {

    /** Never closes what it writes to nor the open arrays and objects: a failed answer must not look complete. */
    private static final JsonFactory JSON = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);

    private GeoJsonResults() {
    }

    /** Writes the results; {@code geometryVar} may be null to pick the first geometry per solution. */
    static void write(OutputStream out, ResultSet results, String geometryVar) {
        // 15 decimals keep every digit of the stored doubles (JTS would round to 8 by default)
        GeoJsonWriter geometryWriter = new GeoJsonWriter(15);
        geometryWriter.setEncodeCRS(false);
        List<String> vars = results.getResultVars();
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("type", "FeatureCollection");
            json.writeArrayFieldStart("features");
            while (results.hasNext()) {
                QuerySolution row = results.next();
                String geomVar = geometryVar != null ? geometryVar : firstGeometry(row, vars);
                json.writeStartObject();
                json.writeStringField("type", "Feature");
                json.writeFieldName("geometry");
                RDFNode g = geomVar == null ? null : row.get(geomVar);
                if (g != null && isGeometry(g.asNode())) {
                    GeometryWrapper wrapper = GeometryWrapper.extract(g.asNode()).transform(SRS_URI.DEFAULT_WKT_CRS84);
                    json.writeRawValue(geometryWriter.write(wrapper.getParsingGeometry()));
                } else {
                    json.writeNull();
                }
                json.writeObjectFieldStart("properties");
                for (String v : vars) {
                    RDFNode value = row.get(v);
                    if (value == null || v.equals(geomVar)) {
                        continue;
                    }
                    json.writeFieldName(v);
                    writeValue(json, value.asNode());
                }
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (QueryCancelledException e) {
            throw e; // the query timed out while its answer was written
        } catch (Exception e) {
            // CRS transformation failures from Apache SIS
            throw new IllegalStateException("cannot write a geometry as GeoJSON: " + e.getMessage(), e);
        }
    }

    private static String firstGeometry(QuerySolution row, List<String> vars) {
        for (String v : vars) {
            RDFNode n = row.get(v);
            if (n != null && isGeometry(n.asNode())) {
                return v;
            }
        }
        return null;
    }

    private static boolean isGeometry(Node n) {
        return n.isLiteral() && n.getLiteralDatatype() instanceof GeometryDatatype;
    }

    private static void writeValue(JsonGenerator json, Node n) throws IOException {
        if (n.isURI()) {
            json.writeString(n.getURI());
        } else if (n.isBlank()) {
            json.writeString("_:" + n.getBlankNodeLabel());
        } else if (n.isLiteral()) {
            Object value = n.getLiteralValue();
            if (n.getLiteralDatatype() == XSDDatatype.XSDboolean && value instanceof Boolean b) {
                json.writeBoolean(b);
            } else if (value instanceof Number number && isNumeric(n)) {
                json.writeNumber(number.toString());
            } else {
                json.writeString(n.getLiteralLexicalForm());
            }
        } else {
            json.writeString(n.toString());
        }
    }

    private static boolean isNumeric(Node n) {
        String dt = n.getLiteralDatatypeURI();
        return dt != null && dt.startsWith(XSDDatatype.XSD) && !(n.getLiteralValue() instanceof String)
                && n.getLiteralValue() instanceof Number num && Double.isFinite(num.doubleValue());
    }
}
