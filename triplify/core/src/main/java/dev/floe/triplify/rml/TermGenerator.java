package dev.floe.triplify.rml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.jena.datatypes.RDFDatatype;
import org.apache.jena.datatypes.TypeMapper;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.Quad;

import dev.floe.triplify.TriplifyException;
import dev.floe.triplify.rml.TermMap.Kind;
import dev.floe.triplify.rml.TermMap.TermType;

/**
 * Makes RDF terms from term maps and records, following RML-Core: references give one term per value, templates
 * one per combination of values (IRI-safe for IRIs), constants themselves; a relative IRI is resolved against the
 * base IRI; a datatype's lexical form is checked. {@code rml:defaultGraph} gives Jena's default-graph IRI.
 * Not thread-safe (it caches datatypes).
 */
final class TermGenerator {

    private final String baseIri;
    private final TypeMapper types = TypeMapper.getInstance();

    TermGenerator(String baseIri) {
        this.baseIri = baseIri;
    }

    /** The terms of {@code map} for {@code record}; {@code source} is the data file, for errors. */
    List<Node> terms(TermMap map, SourceRecord record, Path source) {
        switch (map.kind()) {
            case CONSTANT: {
                Node c = map.constant();
                if (c.isURI() && c.getURI().equals(Rml.defaultGraph)) {
                    return List.of(Quad.defaultGraphIRI);
                }
                return List.of(c);
            }
            case REFERENCE: {
                List<Node> values = record.values(map.reference());
                if (values == null || values.isEmpty()) {
                    return List.of();
                }
                List<Node> out = new ArrayList<>(values.size());
                for (Node v : values) {
                    if (map.termType() == TermType.LITERAL) {
                        out.addAll(literals(map, lexical(v), v, record, source));
                    } else {
                        out.add(resource(map, lexical(v), record, source));
                    }
                }
                return out;
            }
            default: {
                Function<String, List<String>> lexicals = ref -> {
                    List<Node> vs = record.values(ref);
                    if (vs == null || vs.isEmpty()) {
                        return null;
                    }
                    List<String> out = new ArrayList<>(vs.size());
                    vs.forEach(n -> out.add(lexical(n)));
                    return out;
                };
                List<String> strings = map.template().expand(lexicals, map.termType() == TermType.IRI);
                List<Node> out = new ArrayList<>(strings.size());
                for (String s : strings) {
                    if (map.termType() == TermType.LITERAL) {
                        out.addAll(literals(map, s, null, record, source));
                    } else {
                        out.add(resource(map, s, record, source));
                    }
                }
                return out;
            }
        }
    }

    private static String lexical(Node n) {
        return n.isLiteral() ? n.getLiteralLexicalForm() : n.isURI() ? n.getURI() : n.getBlankNodeLabel();
    }

    private Node resource(TermMap map, String text, SourceRecord record, Path source) {
        if (map.termType() == TermType.BLANK_NODE) {
            return NodeFactory.createBlankNode(text);
        }
        if (map.kind() == Kind.TEMPLATE && map.template().absoluteIriPrefix()) {
            return NodeFactory.createURI(text); // valid by construction: checked prefix, IRI-safe values
        }
        String iri = hasScheme(text) ? text : baseIri + text;
        for (int i = 0; i < iri.length(); i++) {
            char c = iri.charAt(i);
            if (c <= ' ' || "<>\"{}|\\^`".indexOf(c) >= 0) {
                throw new TriplifyException(source, record.where(), map.where() + ": \"" + iri + "\" is not a valid IRI (character '"
                        + c + "'); use a template, whose values are percent-encoded, or rml:termType rml:Literal");
            }
        }
        return NodeFactory.createURI(iri);
    }

    private static boolean hasScheme(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0 || !Character.isLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** The literal(s) for one lexical value: with the map's language or datatype, else the natural term. */
    private List<Node> literals(TermMap map, String lexical, Node natural, SourceRecord record, Path source) {
        if (map.language() != null) {
            return List.of(NodeFactory.createLiteralLang(lexical, map.language()));
        }
        if (map.languageMap() != null) {
            List<Node> out = new ArrayList<>();
            for (Node tag : terms(map.languageMap(), record, source)) {
                String t = lexical(tag);
                if (!t.matches("[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")) {
                    throw new TriplifyException(source, record.where(), map.where() + ": \"" + t + "\" is not a language tag");
                }
                out.add(NodeFactory.createLiteralLang(lexical, t));
            }
            return out;
        }
        if (map.datatype() != null) {
            return List.of(typed(map, lexical, map.datatype(), record, source));
        }
        if (map.datatypeMap() != null) {
            List<Node> out = new ArrayList<>();
            for (Node dt : terms(map.datatypeMap(), record, source)) {
                out.add(typed(map, lexical, dt.getURI(), record, source));
            }
            return out;
        }
        if (natural != null && natural.isLiteral() && map.kind() == Kind.REFERENCE) {
            return List.of(natural);
        }
        return List.of(NodeFactory.createLiteralString(lexical));
    }

    private Node typed(TermMap map, String lexical, String datatype, SourceRecord record, Path source) {
        RDFDatatype dt = types.getSafeTypeByName(datatype);
        if (datatype.startsWith("http://www.w3.org/2001/XMLSchema#") && !dt.isValid(lexical)) {
            throw new TriplifyException(source, record.where(), map.where() + ": \"" + lexical + "\" is not a valid <" + datatype + ">");
        }
        return NodeFactory.createLiteralDT(lexical, dt);
    }
}
