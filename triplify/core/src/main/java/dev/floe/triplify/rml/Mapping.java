package dev.floe.triplify.rml;

import java.nio.file.Path;
import java.util.List;

import org.apache.jena.graph.Node;

import dev.floe.triplify.TriplifyException;

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
     * iterator, plus floe's settings for geodata sources (null when not given). {@code firstIndex} is the position
     * of the file's first record in the whole source (not 0 only for a part of a GeoJSON sequence split by Spark),
     * so that features identified by their position keep their ids.
     */
    public record LogicalSource(Path file, String formulation, String iterator, String wktColumn, String lonColumn,
                                String latColumn, String sourceCrs, String idProperty, long firstIndex) {

        public LogicalSource(Path file, String formulation, String iterator, String wktColumn, String lonColumn,
                             String latColumn, String sourceCrs, String idProperty) {
            this(file, formulation, iterator, wktColumn, lonColumn, latColumn, sourceCrs, idProperty, 0);
        }

        /** The source's file, checked to exist: the first step of every record source. */
        public Path existingFile() {
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new TriplifyException(file, null, "no such file (the rml:source of a logical source)");
            }
            return file;
        }

        /** The same source read from another file (a part of it), whose first record is at {@code firstIndex}. */
        public LogicalSource withFile(Path other, long first) {
            return new LogicalSource(other, formulation, iterator, wktColumn, lonColumn, latColumn, sourceCrs, idProperty, first);
        }
    }

    /** This mapping with every triples map on {@code from} reading {@code to} instead. */
    public Mapping withSource(LogicalSource from, LogicalSource to) {
        List<TriplesMap> maps = new java.util.ArrayList<>();
        for (TriplesMap t : triplesMaps) {
            maps.add(t.source().equals(from) ? new TriplesMap(t.name(), to, t.subject(), t.classes(), t.graphs(),
                    t.predicateObjectMaps()) : t);
        }
        return new Mapping(file, maps);
    }

    /** The distinct logical sources, in order. */
    public List<LogicalSource> sources() {
        return triplesMaps.stream().map(TriplesMap::source).distinct().toList();
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
