package dev.floe.store.geosparql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.jena.datatypes.TypeMapper;
import org.apache.jena.geosparql.implementation.GeometryWrapper;
import org.apache.jena.geosparql.implementation.datatype.GMLDatatype;
import org.apache.jena.geosparql.implementation.datatype.WKTDatatype;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.sparql.expr.ExprEvalException;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.function.FunctionBase1;
import org.apache.jena.sparql.function.FunctionBase2;
import org.locationtech.jts.geom.LinearRing;


/**
 * The constructive geof: functions (boundary, convexHull, envelope, intersection, union, difference,
 * symDifference; buffer in {@link GeodesicBuffer}) answering in the serialisation of their first argument:
 * geo:gmlLiteral for GML (written by {@link GmlWriter}, in the input's GML namespace), geo:wktLiteral otherwise.
 * Jena does the same but its GML writer knows only the GML 3.2 namespace and cannot write every geometry (a
 * boundary's LinearRing fails), and its WKT writer names a ring LINESTRING.
 * Registered through {@code Cancellation.checked}, each evaluation first checks that the query has not been
 * cancelled (a timeout stops a FILTER over many
 * geometries between two evaluations; one JTS operation cannot be interrupted).
 */
public final class ConstructiveFunctions {

    private static final Pattern GML_NAMESPACE = Pattern.compile("xmlns:gml\\s*=\\s*[\"']([^\"']+)[\"']");
    private static final String GML_32 = "http://www.opengis.net/gml/3.2";

    private ConstructiveFunctions() {
    }

    /** {@code result} as a literal in the serialisation of {@code input}, the function's first argument. */
    static NodeValue literal(GeometryWrapper result, NodeValue input) {
        if (!input.isLiteral() || !GMLDatatype.URI.equals(input.asNode().getLiteralDatatypeURI())) {
            return wkt(result);
        }
        // the namespace as written: the parsed wrapper has it rewritten to GML 3.2 (LenientGmlDatatype)
        Matcher ns = GML_NAMESPACE.matcher(input.asNode().getLiteralLexicalForm());
        String gml = GmlWriter.write(result.getParsingGeometry(), result.getSrsURI(), ns.find() ? ns.group(1) : GML_32);
        return NodeValue.makeNode(gml, TypeMapper.getInstance().getSafeTypeByName(GMLDatatype.URI));
    }

    static NodeValue wkt(GeometryWrapper g) {
        Literal literal = g.asLiteral(WKTDatatype.URI);
        String text = literal.getLexicalForm();
        if (g.getParsingGeometry() instanceof LinearRing) {
            // a polygon's boundary is a closed ring: OGC WKT (and JTS) name it LINEARRING, Jena's writer LINESTRING;
            // Jena reads both
            int at = text.indexOf("LINESTRING");
            if (at >= 0) {
                text = text.substring(0, at) + "LINEARRING" + text.substring(at + "LINESTRING".length());
            }
        }
        return NodeValue.makeNode(text, literal.getDatatype());
    }

    /** A one-geometry constructive function. */
    abstract static class Unary extends FunctionBase1 {
        abstract GeometryWrapper apply(GeometryWrapper g) throws Exception;


        @Override
        public NodeValue exec(NodeValue v) {
            try {
                return literal(apply(GeometryWrapper.extract(v)), v);
            } catch (Exception e) {
                throw new ExprEvalException(e.getMessage(), e);
            }
        }
    }

    /** A two-geometry constructive function. */
    abstract static class Binary extends FunctionBase2 {
        abstract GeometryWrapper apply(GeometryWrapper a, GeometryWrapper b) throws Exception;


        @Override
        public NodeValue exec(NodeValue v1, NodeValue v2) {
            try {
                return literal(apply(GeometryWrapper.extract(v1), GeometryWrapper.extract(v2)), v1);
            } catch (Exception e) {
                throw new ExprEvalException(e.getMessage(), e);
            }
        }
    }

    public static final class Boundary extends Unary {
        @Override
        GeometryWrapper apply(GeometryWrapper g) {
            return g.boundary();
        }
    }

    public static final class ConvexHull extends Unary {
        @Override
        GeometryWrapper apply(GeometryWrapper g) {
            return g.convexHull();
        }
    }

    public static final class Envelope extends Unary {
        @Override
        GeometryWrapper apply(GeometryWrapper g) {
            return g.envelope();
        }
    }

    public static final class Intersection extends Binary {
        @Override
        GeometryWrapper apply(GeometryWrapper a, GeometryWrapper b) throws Exception {
            return a.intersection(b);
        }
    }

    public static final class Union extends Binary {
        @Override
        GeometryWrapper apply(GeometryWrapper a, GeometryWrapper b) throws Exception {
            return a.union(b);
        }
    }

    public static final class Difference extends Binary {
        @Override
        GeometryWrapper apply(GeometryWrapper a, GeometryWrapper b) throws Exception {
            return a.difference(b);
        }
    }

    public static final class SymDifference extends Binary {
        @Override
        GeometryWrapper apply(GeometryWrapper a, GeometryWrapper b) throws Exception {
            return a.symDifference(b);
        }
    }
}
