package dev.floe.triplify.rml;

import java.nio.file.Path;
import java.util.List;

import org.apache.jena.graph.Node;

/**
 * An RML mapping read by {@link MappingReader}: its triples maps, each with a logical source, a subject map and
 * predicate-object maps. Immutable; the records name where each part came from, for error messages.
 *
 * @param file         the mapping document
 * @param triplesMaps  the triples maps, in document order
 */
public record Mapping(Path file, List<TriplesMap> triplesMaps) {

    public Mapping {
        triplesMaps = List.copyOf(triplesMaps);
    }

    /** The triples map with this name, or null. */
    public TriplesMap triplesMap(String name) {
        for (TriplesMap t : triplesMaps) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Where records come from: a file, how references are read in it (the reference formulation's IRI) and the
     * iterator, plus floe's settings for geodata sources (null when not given).
     */
    public record LogicalSource(Path file, String formulation, String iterator, String wktColumn, String lonColumn,
                                String latColumn, String sourceCrs, String idProperty) {
    }

    /** A triples map: the subjects it makes from each record of its source, their classes, graphs and statements. */
    public record TriplesMap(String name, LogicalSource source, TermMap subject, List<Node> classes, List<TermMap> graphs,
                             List<PredicateObjectMap> predicateObjectMaps) {
        public TriplesMap {
            classes = List.copyOf(classes);
            graphs = List.copyOf(graphs);
            predicateObjectMaps = List.copyOf(predicateObjectMaps);
        }
    }

    /** Predicates and objects combined pairwise for each subject, in the given graphs (plus the subject map's). */
    public record PredicateObjectMap(List<TermMap> predicates, List<TermMap> objects, List<RefObjectMap> refObjects,
                                     List<TermMap> graphs) {
        public PredicateObjectMap {
            predicates = List.copyOf(predicates);
            objects = List.copyOf(objects);
            refObjects = List.copyOf(refObjects);
            graphs = List.copyOf(graphs);
        }
    }

    /** Objects that are the subjects of another triples map, joined on equal values (none: the same record). */
    public record RefObjectMap(String parentTriplesMap, List<JoinCondition> joins, String where) {
        public RefObjectMap {
            joins = List.copyOf(joins);
        }
    }

    /** A join condition: the child reference's value equals the parent reference's. */
    public record JoinCondition(String child, String parent) {
    }
}
