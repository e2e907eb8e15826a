package dev.floe.ontology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.validation.ReportEntry;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.OWL2;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.Test;

class FloeOntologyTest {

    private final FloeOntology ontology = FloeOntology.load();

    @Test
    void everyVocabularyConstantIsDeclaredInTheOntology() throws IllegalAccessException {
        Model onto = FloeOntology.ontology();
        List<String> undeclared = new ArrayList<>();
        for (Field field : Floe.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && Resource.class.isAssignableFrom(field.getType())) {
                Resource term = (Resource) field.get(null);
                boolean declared = onto.contains(term, RDF.type, OWL.Class)
                        || onto.contains(term, RDF.type, OWL.ObjectProperty)
                        || onto.contains(term, RDF.type, OWL.DatatypeProperty)
                        || onto.contains(term, RDF.type, OWL2.NamedIndividual);
                if (!declared) {
                    undeclared.add(term.getURI());
                }
            }
        }
        assertEquals(List.of(), undeclared);
    }

    @Test
    void validExamplesConform() {
        Model data = read("valid-examples.ttl");
        ValidationReport report = ontology.validate(data.getGraph());
        assertTrue(report.conforms(), () -> "unexpected violations: " + report.getEntries());
    }

    @Test
    void brokenExamplesFailNamingEachFocusNode() {
        Model data = read("broken-examples.ttl");
        ValidationReport report = ontology.validate(data.getGraph());
        assertFalse(report.conforms());
        Set<String> focusNodes = new TreeSet<>();
        for (ReportEntry entry : report.getEntries()) {
            focusNodes.add(entry.focusNode().getURI());
        }
        assertEquals(Set.of("https://example.org/badProduct", "https://example.org/badPatch",
                "https://example.org/badPrediction", "https://example.org/notTheTopClass",
                "https://example.org/untimedPrediction", "https://example.org/twoSamples", "https://example.org/g3",
                "https://example.org/badDriftReport"), focusNodes);
    }

    @Test
    void brokenPredictionsAreReportedWithTheRuleTheyBreak() {
        ValidationReport report = ontology.validate(read("broken-examples.ttl").getGraph());
        Map<String, List<String>> messages = new TreeMap<>();
        for (ReportEntry entry : report.getEntries()) {
            String focus = entry.focusNode().getURI();
            if (focus.contains("Prediction") || focus.endsWith("TopClass") || focus.endsWith("twoSamples")) {
                messages.computeIfAbsent(focus, k -> new ArrayList<>()).add(entry.message());
            }
        }
        assertEquals(Map.of(
                "https://example.org/badPrediction",
                List.of("a prediction needs exactly one floe:confidence, an xsd:double in [0, 1]"),
                "https://example.org/notTheTopClass",
                List.of("floe:predictedClass ship with floe:confidence 0.3e0 is not the class of highest floe:probability with that probability"),
                "https://example.org/untimedPrediction",
                List.of("a prediction needs exactly one sosa:resultTime, an xsd:dateTime"),
                "https://example.org/twoSamples",
                List.of("a prediction has exactly one sosa:hasFeatureOfInterest, an IRI and the same as its floe:sample",
                        "a prediction has exactly one sosa:hasFeatureOfInterest, an IRI and the same as its floe:sample")),
                messages);
    }

    @Test
    void aDriftReportThatContradictsItselfOrNamesAnUnknownStatisticIsReported() {
        ValidationReport report = ontology.validate(read("broken-examples.ttl").getGraph());
        List<String> messages = new ArrayList<>();
        for (ReportEntry entry : report.getEntries()) {
            if (entry.focusNode().getURI().endsWith("badDriftReport")) {
                messages.add(entry.message());
            }
        }
        messages.sort(null);
        assertEquals(List.of("a drift report has at least one floe:driftTest, each a valid drift test",
                "floe:drifted is true, but the report names 0 drifted features"), messages);
    }

    private static Model read(String name) {
        Model model = ModelFactory.createDefaultModel();
        RDFDataMgr.read(model, FloeOntologyTest.class.getResource(name).toString());
        return model;
    }
}
