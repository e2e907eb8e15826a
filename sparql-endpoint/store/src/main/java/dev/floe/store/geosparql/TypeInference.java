package dev.floe.store.geosparql;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

/**
 * RDFS class entailment, materialised: every {@code x rdf:type C} gains {@code x rdf:type D} for each
 * superclass D of C along {@code rdfs:subClassOf} (transitively) as stated in the same graph. This is the
 * part of the RDFS entailment the GeoSPARQL spec asks for that does not change what geo:hasGeometry means
 * (sub-property entailment would, see docs/COMPLIANCE.md). Runs inside the caller's write transaction.
 */
public final class TypeInference {

    private TypeInference() {
    }

    /** Adds the entailed types to {@code graph}; returns how many triples were added. */
    public static long materialise(Graph graph) {
        Map<Node, Set<Node>> parents = new HashMap<>();
        graph.find(Node.ANY, RDFS.subClassOf.asNode(), Node.ANY).forEachRemaining(t -> {
            if (!t.getSubject().equals(t.getObject())) {
                parents.computeIfAbsent(t.getSubject(), k -> new HashSet<>()).add(t.getObject());
            }
        });
        if (parents.isEmpty()) {
            return 0;
        }
        Map<Node, Set<Node>> ancestors = new HashMap<>();
        List<Triple> added = new ArrayList<>();
        graph.find(Node.ANY, RDF.type.asNode(), Node.ANY).forEachRemaining(t -> {
            for (Node d : ancestors.computeIfAbsent(t.getObject(), c -> closure(c, parents))) {
                Triple entailed = Triple.create(t.getSubject(), RDF.type.asNode(), d);
                added.add(entailed);
            }
        });
        long n = 0;
        for (Triple t : added) {
            if (!graph.contains(t)) {
                graph.add(t);
                n++;
            }
        }
        return n;
    }

    private static Set<Node> closure(Node cls, Map<Node, Set<Node>> parents) {
        Set<Node> seen = new HashSet<>();
        Deque<Node> todo = new ArrayDeque<>(parents.getOrDefault(cls, Set.of()));
        while (!todo.isEmpty()) {
            Node d = todo.pop();
            if (seen.add(d)) {
                todo.addAll(parents.getOrDefault(d, Set.of()));
            }
        }
        seen.remove(cls);
        return seen;
    }
}
