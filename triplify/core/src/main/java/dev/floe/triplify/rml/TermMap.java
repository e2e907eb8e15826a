package dev.floe.triplify.rml;

import java.util.ArrayList;
import java.util.List;

import org.apache.jena.graph.Node;

/**
 * How one RDF term is made from a record: a constant, a reference's values or a template, as an IRI, a blank node
 * or a literal (with a datatype or language, constant or from the record). {@code where} names the triples map and
 * the role ("triples map &lt;#Countries&gt;, object map of attr:name") for error messages. Immutable.
 */
public record TermMap(Kind kind, Node constant, String reference, Template template, TermType termType,
                      String datatype, TermMap datatypeMap, String language, TermMap languageMap, String where) {

    /** Where the term's value comes from. */
    public enum Kind { CONSTANT, REFERENCE, TEMPLATE }

    /** The kind of term made. */
    public enum TermType { IRI, BLANK_NODE, LITERAL }

    /** Every reference this term map reads (its own, its template's, its datatype and language maps'). */
    public List<String> references() {
        List<String> out = new ArrayList<>();
        if (reference != null) {
            out.add(reference);
        }
        if (template != null) {
            out.addAll(template.references());
        }
        if (datatypeMap != null) {
            out.addAll(datatypeMap.references());
        }
        if (languageMap != null) {
            out.addAll(languageMap.references());
        }
        return out;
    }
}
