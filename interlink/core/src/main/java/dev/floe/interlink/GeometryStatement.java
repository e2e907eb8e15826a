package dev.floe.interlink;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;

import dev.floe.ontology.GeoSparql;

/**
 * One of the three statements interlinking reads from a file: a feature's geo:hasDefaultGeometry or
 * geo:hasGeometry, or a geometry's geo:asWKT literal. Blank nodes are scoped to the file they come from.
 */
record GeometryStatement(Kind kind, Node subject, Node object) {

    /** Which of the three predicates the statement has. */
    enum Kind { DEFAULT_GEOMETRY, GEOMETRY, WKT }

    /** The statement for a triple with one of the three predicates (a WKT only with a literal object), else null. */
    static GeometryStatement of(Triple t) {
        Node p = t.getPredicate();
        if (p.equals(GeoSparql.hasDefaultGeometry.asNode())) {
            return new GeometryStatement(Kind.DEFAULT_GEOMETRY, t.getSubject(), t.getObject());
        }
        if (p.equals(GeoSparql.hasGeometry.asNode())) {
            return new GeometryStatement(Kind.GEOMETRY, t.getSubject(), t.getObject());
        }
        if (p.equals(GeoSparql.asWKT.asNode()) && t.getObject().isLiteral()) {
            return new GeometryStatement(Kind.WKT, t.getSubject(), t.getObject());
        }
        return null;
    }
}
