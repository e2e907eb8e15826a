package dev.floe.triplify.rml;

import java.util.List;

import org.apache.jena.graph.Node;

/** One record of a logical source, as the mapping engine sees it. */
public interface SourceRecord {

    /**
     * The values of a reference as natural RDF terms (typed literals such as xsd:integer for JSON integers, plain
     * strings for CSV cells, geo:wktLiteral for geometries): empty when the value is null or empty, null when the
     * record has no such reference at all.
     */
    List<Node> values(String reference);

    /** Where the record is, for messages: a JSON path, a line, a table row; with its id when known. */
    String where();
}
