package dev.floe.store;

import org.apache.jena.datatypes.RDFDatatype;
import org.apache.jena.geosparql.implementation.datatype.GeometryDatatype;
import org.apache.jena.graph.Node;

/**
 * A write brought a geometry literal (geo:wktLiteral, geo:gmlLiteral) that does not parse. The write is refused
 * before it commits, so that one bad literal can never reach the store and break its spatial index.
 */
public final class InvalidGeometryLiteralException extends StoreException {

    private static final long serialVersionUID = 1L;

    private InvalidGeometryLiteralException(String message) {
        super(message);
    }

    /** Throws if {@code object} is a geometry literal that does not parse; anything else passes. */
    static void check(Node subject, Node object) {
        if (!object.isLiteral()) {
            return;
        }
        RDFDatatype type = object.getLiteralDatatype();
        if (!(type instanceof GeometryDatatype geometry)) {
            return;
        }
        String lexical = object.getLiteralLexicalForm();
        try {
            geometry.parse(lexical);
        } catch (RuntimeException | StackOverflowError e) {
            String shown = lexical.length() > 80 ? lexical.substring(0, 80) + "..." : lexical;
            String why = e.getMessage() == null || e instanceof StackOverflowError ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("");
            throw new InvalidGeometryLiteralException("invalid geometry literal \"" + shown + "\"^^<" + type.getURI()
                    + "> of <" + (subject.isURI() ? subject.getURI() : subject.toString()) + ">: " + why);
        }
    }
}
