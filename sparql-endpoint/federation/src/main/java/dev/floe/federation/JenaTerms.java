package dev.floe.federation;

import org.apache.jena.datatypes.TypeMapper;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.eclipse.rdf4j.model.BNode;
import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Literal;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.model.vocabulary.XSD;

/** RDF4J terms (what FedX answers) as Jena nodes (what floe's writers serve). */
final class JenaTerms {

    private JenaTerms() {
    }

    static Node node(Value v) {
        if (v instanceof IRI iri) {
            return NodeFactory.createURI(iri.stringValue());
        }
        if (v instanceof BNode b) {
            return NodeFactory.createBlankNode(b.getID());
        }
        if (v instanceof Literal l) {
            if (l.getLanguage().isPresent()) {
                return NodeFactory.createLiteralLang(l.getLabel(), l.getLanguage().get());
            }
            if (l.getDatatype() == null || XSD.STRING.equals(l.getDatatype())) {
                return NodeFactory.createLiteralString(l.getLabel());
            }
            return NodeFactory.createLiteralDT(l.getLabel(), TypeMapper.getInstance().getSafeTypeByName(l.getDatatype().stringValue()));
        }
        throw new IllegalArgumentException("unsupported RDF term in a federated answer: " + v);
    }
}
