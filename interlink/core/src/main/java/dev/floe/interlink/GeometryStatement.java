package dev.floe.interlink;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;

import dev.floe.geo.GeoSparqlIris;

/**
 * One of the three statements interlinking reads from a file: a feature's geo:hasDefaultGeometry or
 * geo:hasGeometry, or a geometry's geo:asWKT literal. Terms are keys, not Jena nodes (a read of plain N-Triples
 * never starts Jena): an IRI is itself, a blank node is {@code _:} and its label, scoped to the file it comes from
 * (no IRI starts so: a scheme starts with a letter), and a literal that is the object of a geometry link is
 * {@code "} and its lexical form, so that it names no resource. The object of a WKT statement is the literal's
 * lexical form.
 */
record GeometryStatement(Kind kind, String subject, String object) {

    /** Which of the three predicates the statement has. */
    enum Kind { DEFAULT_GEOMETRY, GEOMETRY, WKT }

    /** Whether a subject key is a blank node, which a link cannot name. */
    static boolean isBlank(String key) {
        return key.startsWith("_:");
    }

    /** The statement of a plain line with one of the three predicates (a WKT only with a literal object), else null. */
    static GeometryStatement of(NTriplesLine.Line line) {
        Kind kind = kind(line.predicate(), line.literal());
        if (kind == null) {
            return null;
        }
        String object = line.literal() && kind != Kind.WKT ? "\"" + line.object() : line.object();
        return new GeometryStatement(kind, line.subject(), object);
    }

    /**
     * The statement of a triple RIOT parsed, else null; blank node labels get {@code blankScope} in front (empty
     * where RIOT already made them unique).
     */
    static GeometryStatement of(Triple t, String blankScope) {
        Node p = t.getPredicate();
        if (!p.isURI()) {
            return null;
        }
        Kind kind = kind(p.getURI(), t.getObject().isLiteral());
        if (kind == null) {
            return null;
        }
        Node o = t.getObject();
        String object = o.isLiteral() ? (kind == Kind.WKT ? "" : "\"") + o.getLiteralLexicalForm() : key(o, blankScope);
        return new GeometryStatement(kind, key(t.getSubject(), blankScope), object);
    }

    private static Kind kind(String predicate, boolean literalObject) {
        return switch (predicate) {
            case GeoSparqlIris.HAS_DEFAULT_GEOMETRY -> Kind.DEFAULT_GEOMETRY;
            case GeoSparqlIris.HAS_GEOMETRY -> Kind.GEOMETRY;
            case GeoSparqlIris.AS_WKT -> literalObject ? Kind.WKT : null;
            default -> null;
        };
    }

    private static String key(Node n, String blankScope) {
        if (n.isURI()) {
            return n.getURI();
        }
        if (n.isBlank()) {
            return "_:" + blankScope + n.getBlankNodeLabel();
        }
        // a quoted triple (RDF-star) names no feature or geometry a link could use
        return "<<" + n + ">>";
    }
}
