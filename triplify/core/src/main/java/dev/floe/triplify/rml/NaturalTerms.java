package dev.floe.triplify.rml;

import java.util.ArrayList;
import java.util.List;

import org.apache.jena.graph.Node;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floe.triplify.rdf.JsonLiterals;

/** JSON values as RML's natural RDF terms: arrays give one term per element, objects an rdf:JSON literal. */
final class NaturalTerms {

    private NaturalTerms() {
    }

    /** The terms of a JSON value; empty for null. */
    static List<Node> of(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return List.of();
        }
        if (v.isArray()) {
            List<Node> out = new ArrayList<>(v.size());
            for (JsonNode e : v) {
                if (e.isContainerNode()) {
                    out.add(JsonLiterals.json(e));
                } else if (!e.isNull()) {
                    out.add(JsonLiterals.scalar(e));
                }
            }
            return out;
        }
        if (v.isObject()) {
            return List.of(JsonLiterals.json(v));
        }
        return List.of(JsonLiterals.scalar(v));
    }
}
