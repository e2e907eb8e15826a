package dev.floe.ml.monitoring;

import java.util.List;
import java.util.Locale;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.RDF;

import dev.floe.ontology.Floe;
import dev.floe.ontology.Prov;
import dev.floe.triplify.rdf.IriSegments;

/**
 * A {@link WindowReport} as RDF: a {@code floe:DriftReport} of the monitored version with one {@code floe:DriftTest}
 * per statistic and feature (the shapes in the ontology describe both). IRIs are deterministic (model, version, the
 * window's first and last request time and size), so checking the same window again replaces its report rather than
 * adding a second one.
 */
public final class DriftReportRdf {

    public static final String BASE = Floe.DATA + "drift/";

    private DriftReportRdf() {
    }

    /** The IRI of the report of {@code w}. */
    public static String iri(WindowReport w) {
        return BASE + IriSegments.encode(w.model()) + "/" + w.version() + "/" + w.start().toEpochMilli() + "-"
                + w.end().toEpochMilli() + "-" + w.report().windowSize();
    }

    /** The report's triples. */
    public static Model model(WindowReport w) {
        Model m = ModelFactory.createDefaultModel();
        String iri = iri(w);
        DriftReport r = w.report();
        Resource report = m.createResource(iri).addProperty(RDF.type, Floe.DriftReport).addProperty(RDF.type, Prov.Entity)
                .addProperty(Floe.monitoredVersion, m.createResource(w.versionIri()))
                .addLiteral(Floe.windowStart, m.createTypedLiteral(w.start().toString(), XSDDatatype.XSDdateTime))
                .addLiteral(Floe.windowEnd, m.createTypedLiteral(w.end().toString(), XSDDatatype.XSDdateTime))
                .addLiteral(Floe.windowSize, m.createTypedLiteral(Integer.toString(r.windowSize()), XSDDatatype.XSDinteger))
                .addLiteral(Floe.drifted, m.createTypedLiteral(r.drifted()));
        for (String f : r.driftedFeatures()) {
            report.addProperty(Floe.driftedFeature, f);
        }
        for (DriftReport.Test t : r.tests()) {
            Resource test = m.createResource(iri + "/" + IriSegments.encode(t.statistic()) + "/" + IriSegments.encode(t.feature()))
                    .addProperty(RDF.type, Floe.DriftTest)
                    .addProperty(Floe.statistic, t.statistic())
                    .addProperty(Floe.feature, t.feature())
                    .addLiteral(Floe.statisticValue, m.createTypedLiteral(finite(t.value())))
                    .addLiteral(Floe.threshold, m.createTypedLiteral(finite(t.threshold())))
                    .addLiteral(Floe.drifted, m.createTypedLiteral(t.drifted()));
            if (t.pValue() != null && Double.isFinite(t.pValue())) {
                test.addLiteral(Floe.pValue, m.createTypedLiteral(Math.max(0, Math.min(1, t.pValue()))));
            }
            report.addProperty(Floe.driftTest, test);
        }
        return m;
    }

    /**
     * Writes the report of {@code w} into {@code store}'s default graph in one transaction, replacing an earlier report
     * of the same window.
     */
    public static void write(dev.floe.store.GeoStore store, WindowReport w) {
        Model m = model(w);
        org.apache.jena.graph.Node report = org.apache.jena.graph.NodeFactory.createURI(iri(w));
        store.write(dsg -> {
            org.apache.jena.graph.Graph g = dsg.getDefaultGraph();
            List<org.apache.jena.graph.Node> tests = g.find(report, Floe.driftTest.asNode(), org.apache.jena.graph.Node.ANY)
                    .mapWith(org.apache.jena.graph.Triple::getObject).toList();
            tests.forEach(t -> g.remove(t, org.apache.jena.graph.Node.ANY, org.apache.jena.graph.Node.ANY));
            g.remove(report, org.apache.jena.graph.Node.ANY, org.apache.jena.graph.Node.ANY);
            m.getGraph().find().forEachRemaining(g::add);
            return null;
        });
    }

    /** xsd:double has INF but SPARQL users compare numbers: an infinite statistic is written as the largest double. */
    private static double finite(double v) {
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "a drift statistic is NaN"));
        }
        return Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, v));
    }
}
