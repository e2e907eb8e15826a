package dev.floe.store.geosparql;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWrapper;
import org.apache.jena.sparql.core.Quad;

import dev.floe.geo.GeoSparqlIris;

/**
 * Strips leading and trailing whitespace from geometry literals (geo:wktLiteral, geo:gmlLiteral, ...) as
 * they are loaded: RDF/XML and pretty-printed Turtle often wrap a literal in line breaks, which change
 * nothing about the geometry but everything about string comparison of the literal.
 */
public final class GeometryLiteralTrim extends StreamRDFWrapper {

    public GeometryLiteralTrim(StreamRDF other) {
        super(other);
    }

    static Node trim(Node o) {
        if (o.isLiteral() && o.getLiteralDatatypeURI() != null && o.getLiteralDatatypeURI().startsWith(GeoSparqlIris.GEO)) {
            String lex = o.getLiteralLexicalForm();
            String stripped = lex.strip();
            if (!stripped.equals(lex)) {
                return NodeFactory.createLiteralDT(stripped, o.getLiteralDatatype());
            }
        }
        return o;
    }

    @Override
    public void triple(Triple t) {
        Node o = trim(t.getObject());
        super.triple(o == t.getObject() ? t : Triple.create(t.getSubject(), t.getPredicate(), o));
    }

    @Override
    public void quad(Quad q) {
        Node o = trim(q.getObject());
        super.quad(o == q.getObject() ? q : Quad.create(q.getGraph(), q.getSubject(), q.getPredicate(), o));
    }
}
