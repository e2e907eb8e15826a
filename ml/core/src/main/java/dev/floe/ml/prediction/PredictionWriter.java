package dev.floe.ml.prediction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.irix.IRIException;
import org.apache.jena.irix.IRIx;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.validation.ReportEntry;
import org.apache.jena.shared.PrefixMapping;
import org.apache.jena.sparql.core.Prologue;
import org.locationtech.jts.io.ParseException;

import dev.floe.geo.Wkt;
import dev.floe.ontology.Floe;
import dev.floe.ontology.FloeOntology;
import dev.floe.ontology.GeoSparql;
import dev.floe.ontology.Prov;
import dev.floe.ontology.Sosa;
import dev.floe.store.GeoStore;

/**
 * Writes predictions into a store's default graph, a batch in one write transaction ({@link GeoStore#write}): all of
 * it or, when any prediction is refused, none of it. A prediction without a footprint takes its subject's geometry
 * from the store (the default geometry, else a geometry; the first in lexical order when there are several), so it is
 * found by GeoSPARQL where its sample is. The batch's triples are checked against the floe SHACL shapes before they
 * are added. A prediction already in the store under the same IRI (the same request replayed) is replaced, so
 * writing a batch twice leaves the store as writing it once.
 *
 * <p>A write costs what the batch holds, not what the store holds: every look-up is by subject, the shapes are
 * checked on the batch's own triples, and the store's spatial index takes in just the predictions and their
 * geometries. When {@link #write} returns, the predictions are committed and GeoSPARQL (property functions and
 * {@code geof:} filters alike) finds them. Thread-safe: the store serialises writes.
 */
public final class PredictionWriter {

    private static final Node HAS_GEOMETRY = GeoSparql.hasGeometry.asNode();
    private static final Node HAS_DEFAULT_GEOMETRY = GeoSparql.hasDefaultGeometry.asNode();
    private static final Node AS_WKT = GeoSparql.asWKT.asNode();
    private static final Node CLASS_PROBABILITY = Floe.classProbability.asNode();
    private static final PrefixMapping PREFIXES = PrefixMapping.Factory.create()
            .setNsPrefix("floe", Floe.NS).setNsPrefix("sosa", Sosa.NS).setNsPrefix("prov", Prov.NS)
            .setNsPrefix("geo", GeoSparql.NS).lock();

    private final GeoStore store;
    private final Supplier<FloeOntology> shapes;
    /** The shapes, once the first write has loaded them. */
    private volatile FloeOntology ontology;

    /**
     * A writer into {@code store}, checking with the floe shapes, loaded by its first write: a server that records no
     * prediction never parses them.
     */
    public PredictionWriter(GeoStore store) {
        this(store, FloeOntology::load);
    }

    /** A writer into {@code store}, checking with the shapes of {@code ontology} (loaded once, shared). */
    public PredictionWriter(GeoStore store, FloeOntology ontology) {
        this(store, () -> ontology);
    }

    /** A writer into {@code store}, checking with the shapes {@code shapes} gives, asked once, on the first write. */
    public PredictionWriter(GeoStore store, Supplier<FloeOntology> shapes) {
        this.store = store;
        this.shapes = shapes;
    }

    private FloeOntology ontology() {
        FloeOntology o = ontology;
        if (o == null) {
            synchronized (this) {
                o = ontology;
                if (o == null) {
                    o = shapes.get();
                    ontology = o;
                }
            }
        }
        return o;
    }

    /**
     * Writes the predictions and returns their IRIs in batch order. The same prediction twice in a batch is written
     * once; two different predictions with one IRI (one subject, model version and request id) are refused.
     *
     * @throws InvalidPredictionException when a prediction is refused; nothing of the batch is written then
     */
    public List<String> write(List<Prediction> batch) {
        Map<String, Prediction> byIri = distinct(batch);
        List<String> iris = batch.stream().map(Prediction::iri).toList();
        if (byIri.isEmpty()) {
            return iris;
        }
        FloeOntology checking = ontology();
        store.write(dsg -> {
            Graph graph = dsg.getDefaultGraph();
            Model triples = ModelFactory.createDefaultModel();
            for (Prediction p : byIri.values()) {
                PredictionRdf.add(p.footprintWkt() != null ? p : p.withFootprint(footprintOf(graph, p.subject())), triples);
            }
            ValidationReport report = checking.validate(triples.getGraph());
            if (!report.conforms()) {
                throw refusal(report, byIri);
            }
            for (String iri : byIri.keySet()) {
                remove(graph, NodeFactory.createURI(iri));
            }
            triples.getGraph().find().forEachRemaining(graph::add);
            return null;
        });
        return iris;
    }

    /** The batch by IRI, each checked on its own; refuses IRIs and WKT that do not parse, and clashing IRIs. */
    private static Map<String, Prediction> distinct(List<Prediction> batch) {
        Map<String, Prediction> byIri = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (Prediction p : batch) {
            String iri = p.iri();
            List<String> wrong = new ArrayList<>();
            checkIri(p.subject(), "subject", wrong);
            checkIri(p.modelVersion(), "model version", wrong);
            if (p.sourceProduct() != null) {
                checkIri(p.sourceProduct(), "source product", wrong);
            }
            if (p.footprintWkt() != null) {
                try {
                    Wkt.read(p.footprintWkt());
                } catch (ParseException e) {
                    wrong.add("footprint: " + e.getMessage());
                }
            }
            Prediction before = byIri.putIfAbsent(iri, p);
            if (before != null && !before.equals(p)) {
                wrong.add("another prediction in the batch has the same subject, model version and request id");
            }
            if (!wrong.isEmpty()) {
                refused.add(iri);
                reasons.add(describe(iri, p) + ": " + String.join("; ", wrong));
            }
        }
        if (!refused.isEmpty()) {
            throw new InvalidPredictionException(refused, message(reasons));
        }
        return byIri;
    }

    private static void checkIri(String iri, String what, List<String> wrong) {
        try {
            if (!IRIx.create(iri).isAbsolute()) {
                wrong.add(what + " \"" + iri + "\" is not an absolute IRI");
            }
        } catch (IRIException e) {
            wrong.add(what + " \"" + iri + "\" is not an IRI: " + e.getMessage());
        }
    }

    /** The subject's geometry as a WKT literal's lexical form, or null when it has none in the graph. */
    private static String footprintOf(Graph graph, String subject) {
        Node s = NodeFactory.createURI(subject);
        for (Node link : List.of(HAS_DEFAULT_GEOMETRY, HAS_GEOMETRY)) {
            Set<String> wkts = new TreeSet<>();
            graph.find(s, link, Node.ANY).forEachRemaining(t -> graph.find(t.getObject(), AS_WKT, Node.ANY)
                    .forEachRemaining(w -> {
                        if (w.getObject().isLiteral()) {
                            wkts.add(w.getObject().getLiteralLexicalForm());
                        }
                    }));
            if (!wkts.isEmpty()) {
                return wkts.iterator().next();
            }
        }
        return null;
    }

    /** Removes a prediction written before under this IRI: its triples and those of its own nodes. */
    private static void remove(Graph graph, Node prediction) {
        String own = prediction.getURI() + "/";
        List<Node> nodes = new ArrayList<>();
        nodes.add(prediction);
        for (Node link : List.of(CLASS_PROBABILITY, HAS_GEOMETRY, HAS_DEFAULT_GEOMETRY)) {
            graph.find(prediction, link, Node.ANY).forEachRemaining(t -> {
                Node o = t.getObject();
                if (o.isURI() && o.getURI().startsWith(own) && !nodes.contains(o)) {
                    nodes.add(o);
                }
            });
        }
        for (Node n : nodes) {
            graph.remove(n, Node.ANY, Node.ANY);
        }
    }

    /** The refusal naming each prediction that breaks a shape, with the constraints it breaks. */
    private static InvalidPredictionException refusal(ValidationReport report, Map<String, Prediction> batch) {
        Map<String, Set<String>> byPrediction = new LinkedHashMap<>();
        for (ReportEntry e : report.getEntries()) {
            String prediction = owner(e.focusNode(), batch.keySet());
            String path = e.resultPath() == null ? "" : e.resultPath().toString(new Prologue(PREFIXES)) + ": ";
            String value = e.value() == null ? "" : " (found " + term(e.value()) + ")";
            byPrediction.computeIfAbsent(prediction, k -> new TreeSet<>()).add(path + e.message() + value);
        }
        List<String> reasons = new ArrayList<>();
        byPrediction.forEach((iri, problems) -> reasons.add(
                (batch.containsKey(iri) ? describe(iri, batch.get(iri)) : iri) + ": " + String.join("; ", problems)));
        return new InvalidPredictionException(List.copyOf(byPrediction.keySet()), message(reasons));
    }

    /** The prediction a focus node belongs to: itself, or the prediction whose IRI its own starts with. */
    private static String owner(Node focus, Set<String> iris) {
        if (focus.isURI()) {
            for (String iri : iris) {
                if (focus.getURI().equals(iri) || focus.getURI().startsWith(iri + "/")) {
                    return iri;
                }
            }
        }
        return term(focus);
    }

    private static String term(Node n) {
        return n.isLiteral() ? n.getLiteralLexicalForm() : n.isURI() ? "<" + n.getURI() + ">" : n.toString();
    }

    private static String describe(String iri, Prediction p) {
        return iri + " (subject " + p.subject() + ", model version " + p.modelVersion() + ")";
    }

    private static String message(List<String> reasons) {
        return "refused " + reasons.size() + (reasons.size() == 1 ? " prediction" : " predictions")
                + ", nothing was written: " + String.join(" | ", reasons);
    }
}
