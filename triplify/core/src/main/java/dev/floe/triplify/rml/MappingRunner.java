package dev.floe.triplify.rml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.vocabulary.RDF;

import dev.floe.ontology.Floe;
import dev.floe.triplify.ProgressListener;
import dev.floe.triplify.RecordContext;
import dev.floe.triplify.TriplifyException;
import dev.floe.triplify.rdf.GeoRdfWriter;
import dev.floe.triplify.rml.Mapping.JoinCondition;
import dev.floe.triplify.rml.Mapping.LogicalSource;
import dev.floe.triplify.rml.Mapping.PredicateObjectMap;
import dev.floe.triplify.rml.Mapping.RefObjectMap;
import dev.floe.triplify.rml.Mapping.TriplesMap;

/**
 * Runs an RML {@link Mapping}: each distinct logical source is read once, streaming, and every triples map on it is
 * applied to each record as it passes, so memory stays flat with the input size. The one exception is a join to a
 * parent triples map on another source: that source is read once beforehand and its join keys are indexed in
 * memory (key values to parent subjects), up to {@link #maxJoinKeys} keys; a larger parent fails with a clear
 * error rather than exhausting the heap. References missing from a source's schema (CSV header, GeoPackage columns,
 * DBF fields) fail before anything is written; in JSON, a reference that no record has fails at the end.
 * Not thread-safe; one run per instance.
 */
public final class MappingRunner {

    /** Default cap on the join keys of one parent source held in memory. */
    public static final int DEFAULT_MAX_JOIN_KEYS = 2_000_000;

    private final Mapping mapping;
    private final RecordContext context;
    private final ProgressListener progress;
    private final int maxJoinKeys;
    private final TermGenerator terms = new TermGenerator(Floe.DATA);
    private final Map<String, Map<List<String>, List<Node>>> parentIndexes = new HashMap<>();

    public MappingRunner(Mapping mapping, RecordContext context, ProgressListener progress, int maxJoinKeys) {
        this.mapping = mapping;
        this.context = context;
        this.progress = progress;
        this.maxJoinKeys = maxJoinKeys;
    }

    public MappingRunner(Mapping mapping, RecordContext context, ProgressListener progress) {
        this(mapping, context, progress, DEFAULT_MAX_JOIN_KEYS);
    }

    /** Whether any triples map writes to a named graph (the output then needs N-Quads or TriG). */
    public static boolean usesNamedGraphs(Mapping mapping) {
        for (TriplesMap t : mapping.triplesMaps()) {
            if (!t.graphs().isEmpty() || t.predicateObjectMaps().stream().anyMatch(p -> !p.graphs().isEmpty())) {
                return true;
            }
        }
        return false;
    }

    /** Writes the mapping's triples to the context's writer. */
    public void run() {
        Map<LogicalSource, List<TriplesMap>> bySource = new LinkedHashMap<>();
        for (TriplesMap t : mapping.triplesMaps()) {
            bySource.computeIfAbsent(t.source(), s -> new ArrayList<>()).add(t);
        }
        for (Map.Entry<LogicalSource, List<TriplesMap>> e : bySource.entrySet()) {
            runSource(e.getKey(), e.getValue());
        }
    }

    private void runSource(LogicalSource source, List<TriplesMap> maps) {
        Map<String, String> referenceWhere = new LinkedHashMap<>();
        for (TriplesMap t : maps) {
            references(t, referenceWhere);
        }
        Set<String> present = new HashSet<>();
        long[] records = {0};
        boolean[] schemaless = {false};
        RecordSource.of(source, context).read(new RecordSource.Handler() {
            @Override
            public void schema(Collection<String> columns) {
                if (columns == null) {
                    schemaless[0] = true;
                    return;
                }
                checkSchema(source, columns, referenceWhere);
            }

            @Override
            public void record(SourceRecord record) {
                records[0]++;
                if (schemaless[0] && present.size() < referenceWhere.size()) {
                    for (String ref : referenceWhere.keySet()) {
                        if (!present.contains(ref) && record.values(ref) != null) {
                            present.add(ref);
                        }
                    }
                }
                for (TriplesMap t : maps) {
                    apply(t, record);
                }
                if (records[0] % 2000 == 0) {
                    progress.progress(context.records(), -1, -1);
                }
            }
        });
        if (schemaless[0] && records[0] > 0) {
            for (Map.Entry<String, String> r : referenceWhere.entrySet()) {
                if (!present.contains(r.getKey())) {
                    throw new TriplifyException(mapping.file(), r.getValue(), "reference \"" + r.getKey() + "\" is in none of the "
                            + records[0] + " records of " + source.file());
                }
            }
        }
    }

    /** Every attribute reference of a triples map (reserved references excepted) with where it is used. */
    private static void references(TriplesMap t, Map<String, String> out) {
        List<TermMap> all = new ArrayList<>();
        all.add(t.subject());
        all.addAll(t.graphs());
        for (PredicateObjectMap p : t.predicateObjectMaps()) {
            all.addAll(p.predicates());
            all.addAll(p.objects());
            all.addAll(p.graphs());
            for (RefObjectMap r : p.refObjects()) {
                for (JoinCondition j : r.joins()) {
                    out.putIfAbsent(j.child(), r.where() + ", rml:child");
                }
            }
        }
        for (TermMap m : all) {
            for (String ref : m.references()) {
                if (!GeometryTerms.RESERVED.contains(ref)) {
                    out.putIfAbsent(ref, m.where());
                }
            }
        }
    }

    private void checkSchema(LogicalSource source, Collection<String> columns, Map<String, String> referenceWhere) {
        for (Map.Entry<String, String> r : referenceWhere.entrySet()) {
            if (!columns.contains(r.getKey())) {
                throw new TriplifyException(mapping.file(), r.getValue(), "reference \"" + r.getKey() + "\" is not a column of "
                        + source.file().getFileName() + " (it has " + columns + ")");
            }
        }
    }

    private void apply(TriplesMap t, SourceRecord record) {
        Path file = t.source().file();
        List<Node> subjects = terms.terms(t.subject(), record, file);
        if (subjects.isEmpty()) {
            return;
        }
        List<Node> subjectGraphs = graphs(t.graphs(), record, file);
        GeoRdfWriter out = context.writer();
        for (Node s : subjects) {
            for (Node c : t.classes()) {
                emit(out, subjectGraphs, s, RDF.type.asNode(), c);
            }
        }
        for (PredicateObjectMap pom : t.predicateObjectMaps()) {
            List<Node> predicates = new ArrayList<>();
            for (TermMap p : pom.predicates()) {
                predicates.addAll(terms.terms(p, record, file));
            }
            if (predicates.isEmpty()) {
                continue;
            }
            List<Node> objects = new ArrayList<>();
            for (TermMap o : pom.objects()) {
                objects.addAll(terms.terms(o, record, file));
            }
            for (RefObjectMap ref : pom.refObjects()) {
                objects.addAll(parents(t, ref, record));
            }
            if (objects.isEmpty()) {
                continue;
            }
            List<Node> graphs = subjectGraphs;
            if (!pom.graphs().isEmpty()) {
                graphs = new ArrayList<>(subjectGraphs);
                graphs.addAll(graphs(pom.graphs(), record, file));
            }
            for (Node s : subjects) {
                for (Node p : predicates) {
                    for (Node o : objects) {
                        emit(out, graphs, s, p, o);
                    }
                }
            }
        }
    }

    private List<Node> graphs(List<TermMap> maps, SourceRecord record, Path file) {
        if (maps.isEmpty()) {
            return List.of();
        }
        List<Node> out = new ArrayList<>();
        for (TermMap g : maps) {
            out.addAll(terms.terms(g, record, file));
        }
        return out;
    }

    private static void emit(GeoRdfWriter out, List<Node> graphs, Node s, Node p, Node o) {
        if (graphs.isEmpty()) {
            out.triple(s, p, o);
            return;
        }
        for (Node g : graphs) {
            out.quad(Quad.isDefaultGraph(g) ? null : g, s, p, o);
        }
    }

    /** The parent subjects a record's referencing object map points to. */
    private List<Node> parents(TriplesMap child, RefObjectMap ref, SourceRecord record) {
        TriplesMap parent = mapping.triplesMap(ref.parentTriplesMap());
        if (ref.joins().isEmpty()) {
            return terms.terms(parent.subject(), record, parent.source().file());
        }
        Map<List<String>, List<Node>> index = parentIndexes.computeIfAbsent(indexKey(parent, ref), k -> index(parent, ref));
        List<Node> out = new ArrayList<>(1);
        for (List<String> key : keys(record, ref.joins(), true)) {
            List<Node> subjects = index.get(key);
            if (subjects != null) {
                out.addAll(subjects);
            }
        }
        return out;
    }

    private static String indexKey(TriplesMap parent, RefObjectMap ref) {
        StringBuilder sb = new StringBuilder(parent.name());
        ref.joins().forEach(j -> sb.append('\u0000').append(j.parent()));
        return sb.toString();
    }

    /** Reads the parent's source once and indexes its subjects by their join-key values. */
    private Map<List<String>, List<Node>> index(TriplesMap parent, RefObjectMap ref) {
        Map<List<String>, List<Node>> index = new HashMap<>();
        // a context of its own: the parent's records are neither counted nor reported twice, and write nothing
        RecordContext quiet = new RecordContext(new GeoRdfWriter(StreamRDFLib.sinkNull()), context.options(),
                Path.of(System.getProperty("java.io.tmpdir"), "floe-join-unused"));
        RecordSource.of(parent.source(), quiet).read(new RecordSource.Handler() {
            @Override
            public void schema(Collection<String> columns) {
            }

            @Override
            public void record(SourceRecord record) {
                List<Node> subjects = terms.terms(parent.subject(), record, parent.source().file());
                if (subjects.isEmpty()) {
                    return;
                }
                for (List<String> key : keys(record, ref.joins(), false)) {
                    index.computeIfAbsent(key, k -> new ArrayList<>(1)).addAll(subjects);
                    if (index.size() > maxJoinKeys) {
                        throw new TriplifyException(mapping.file(), ref.where(), "the parent triples map " + parent.name()
                                + " has more than " + maxJoinKeys + " distinct join keys, more than floe holds in memory "
                                + "for a join (raise --max-join-keys, or join on a smaller parent source)");
                    }
                }
            }
        });
        return index;
    }

    /** Every combination of the join references' values (child or parent side) of a record. */
    private static List<List<String>> keys(SourceRecord record, List<JoinCondition> joins, boolean child) {
        List<List<String>> keys = new ArrayList<>();
        keys.add(new ArrayList<>(joins.size()));
        for (JoinCondition j : joins) {
            List<Node> values = record.values(child ? j.child() : j.parent());
            if (values == null || values.isEmpty()) {
                return List.of();
            }
            List<List<String>> next = new ArrayList<>(keys.size() * values.size());
            for (List<String> k : keys) {
                for (Node v : values) {
                    List<String> nk = new ArrayList<>(k);
                    nk.add(v.isLiteral() ? v.getLiteralLexicalForm() : v.toString());
                    next.add(nk);
                }
            }
            keys = next;
        }
        return keys;
    }
}
