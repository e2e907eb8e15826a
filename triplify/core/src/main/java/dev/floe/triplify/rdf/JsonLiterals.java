package dev.floe.triplify.rdf;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.vocabulary.RDF;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Maps JSON values to typed RDF literals.
 *
 * <ul>
 * <li>integers to xsd:integer, other numbers to xsd:double, booleans to xsd:boolean, strings to xsd:string;</li>
 * <li>an array of scalars to one literal per element (unordered values such as polarisations);</li>
 * <li>an object, or an array holding numbers in a meaningful order or nested values, to one rdf:JSON literal
 *     holding the JSON text, so that nothing is lost;</li>
 * <li>null to nothing.</li>
 * </ul>
 */
public final class JsonLiterals {

    private static final DateTimeFormatter RFC3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .appendOffset("+HH:MM", "Z")
            .toFormatter();

    private JsonLiterals() {
    }

    /** The literals for a JSON value, in document order; empty for null. */
    public static List<Node> literals(JsonNode value) {
        List<Node> out = new ArrayList<>(1);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return out;
        }
        if (value.isArray()) {
            if (allStringsOrBooleans(value)) {
                value.forEach(v -> out.add(scalar(v)));
            } else {
                out.add(json(value));
            }
        } else if (value.isObject()) {
            out.add(json(value));
        } else {
            out.add(scalar(value));
        }
        return out;
    }

    /** A scalar JSON value as a typed literal. */
    public static Node scalar(JsonNode v) {
        if (v.isIntegralNumber()) {
            return NodeFactory.createLiteralDT(v.bigIntegerValue().toString(), XSDDatatype.XSDinteger);
        }
        if (v.isNumber()) {
            return doubleLiteral(v.doubleValue());
        }
        if (v.isBoolean()) {
            return NodeFactory.createLiteralDT(Boolean.toString(v.booleanValue()), XSDDatatype.XSDboolean);
        }
        return NodeFactory.createLiteralString(v.asText());
    }

    /** An xsd:double literal. */
    public static Node doubleLiteral(double d) {
        String lex = Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "INF" : "-INF") : Double.toString(d);
        return NodeFactory.createLiteralDT(lex, XSDDatatype.XSDdouble);
    }

    /** An rdf:JSON literal holding the value's compact JSON text. */
    public static Node json(JsonNode v) {
        return NodeFactory.createLiteralDT(v.toString(), org.apache.jena.datatypes.TypeMapper.getInstance()
                .getSafeTypeByName(RDF.getURI() + "JSON"));
    }

    /**
     * An RFC 3339 date-time (also with a space instead of 'T', as some STAC producers write) as an
     * xsd:dateTime literal, or null when the text is not one.
     */
    public static Node dateTime(String text) {
        try {
            OffsetDateTime t = OffsetDateTime.parse(text.trim(), RFC3339);
            String lex = t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return NodeFactory.createLiteralDT(lex, XSDDatatype.XSDdateTime);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean allStringsOrBooleans(JsonNode array) {
        for (JsonNode v : array) {
            if (!(v.isTextual() || v.isBoolean())) {
                return false;
            }
        }
        return true;
    }
}
