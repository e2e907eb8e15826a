package dev.floe.interlink;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.vocabulary.RDF;

import dev.floe.geo.Relation;
import dev.floe.ontology.Floe;
import dev.floe.ontology.Prov;
import dev.floe.triplify.InvalidGeometryPolicy;

/**
 * The PROV-O record of one interlinking run: a floe:InterlinkingRun (a prov:Activity) that used the inputs,
 * with its start and end, blocking, invalid-geometry policy, candidate pairs and links per relation.
 */
public final class InterlinkProvenance {

    private InterlinkProvenance() {
    }

    /** Writes the record to {@code out}; returns the run's IRI ({@code .../runs/interlink/{uuid}}). */
    public static String write(StreamRDF out, List<String> inputs, Blocking blocking, InvalidGeometryPolicy policy,
                               InterlinkStats stats, Instant started, Instant ended) {
        String iri = Floe.DATA + "runs/interlink/" + UUID.randomUUID();
        Node run = NodeFactory.createURI(iri);
        add(out, run, RDF.type.asNode(), Floe.InterlinkingRun.asNode());
        add(out, run, RDF.type.asNode(), Prov.Activity.asNode());
        for (String input : inputs) {
            add(out, run, Prov.used.asNode(), NodeFactory.createURI(input));
        }
        add(out, run, Prov.startedAtTime.asNode(), time(started));
        add(out, run, Prov.endedAtTime.asNode(), time(ended));
        add(out, run, Floe.blocking.asNode(), NodeFactory.createLiteralString(blocking.name()));
        add(out, run, Floe.invalidGeometryPolicy.asNode(), NodeFactory.createLiteralString(policy.name()));
        add(out, run, Floe.candidatePairs.asNode(), integer(stats.candidates()));
        add(out, run, Floe.linkCount.asNode(), integer(stats.totalLinks()));
        for (Map.Entry<Relation, Long> e : stats.links().entrySet()) {
            Node count = NodeFactory.createURI(iri + "/" + LinkRelations.cliName(e.getKey()));
            add(out, run, Floe.relationCount.asNode(), count);
            add(out, count, Floe.relation.asNode(), NodeFactory.createURI(e.getKey().propertyIri()));
            add(out, count, Floe.linkCount.asNode(), integer(e.getValue()));
        }
        return iri;
    }

    private static void add(StreamRDF out, Node s, Node p, Node o) {
        out.triple(Triple.create(s, p, o));
    }

    private static Node integer(long n) {
        return NodeFactory.createLiteralDT(Long.toString(n), XSDDatatype.XSDinteger);
    }

    private static Node time(Instant t) {
        return NodeFactory.createLiteralDT(t.truncatedTo(ChronoUnit.MILLIS).toString(), XSDDatatype.XSDdateTime);
    }
}
