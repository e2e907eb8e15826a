package dev.floe.ml.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ontology.FloeOntology;
import dev.floe.store.GeoStore;

class PredictionWriterTest {

    static final String VERSION = "https://w3id.org/floe/data/model/s2-cnn/version/1";
    static final String PATCHES = "https://w3id.org/floe/data/s2patches/";
    static final List<String> S2_CLASSES = List.of("water", "vegetation", "bare", "cloud");
    static final Instant TIME = Instant.parse("2026-01-12T09:30:00Z");

    @TempDir
    Path tmp;
    GeoStore store;
    PredictionWriter writer;

    @BeforeEach
    void open() throws IOException {
        Path patches = Files.writeString(tmp.resolve("patches.ttl"), """
                @prefix geo:  <http://www.opengis.net/ont/geosparql#> .
                @prefix floe: <https://w3id.org/floe/ontology#> .
                <https://w3id.org/floe/data/s2patches/p1> a floe:Patch ; floe:width 15 ; floe:height 15 ; floe:band "B02" ;
                    geo:hasGeometry <https://w3id.org/floe/data/s2patches/p1/geometry> ;
                    geo:hasDefaultGeometry <https://w3id.org/floe/data/s2patches/p1/geometry> .
                <https://w3id.org/floe/data/s2patches/p1/geometry> geo:asWKT
                    "POLYGON ((15.1 45.5, 15.12 45.5, 15.12 45.52, 15.1 45.52, 15.1 45.5))"^^geo:wktLiteral .
                <https://w3id.org/floe/data/s2patches/p2> a floe:Patch ; floe:width 15 ; floe:height 15 ; floe:band "B02" .
                """);
        store = GeoStore.open(tmp.resolve("store"));
        store.load(List.of(patches));
        writer = new PredictionWriter(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static String iri(String patch) {
        return PredictionRdf.iri(VERSION, PATCHES + patch, "r1");
    }

    static Prediction s2(String patch, double... probabilities) {
        return Prediction.of(PATCHES + patch, VERSION, S2_CLASSES, probabilities, TIME).withRequest("r1");
    }

    @Test
    void theShapesAreLoadedByTheFirstWriteAndOnlyOnce() {
        List<String> loads = new ArrayList<>();
        PredictionWriter lazy = new PredictionWriter(store, () -> {
            loads.add("shapes");
            return FloeOntology.load();
        });
        assertEquals(List.of(), loads, "a writer that has written nothing has not loaded the shapes");
        lazy.write(List.of(s2("p1", 0.1, 0.7, 0.1, 0.1)));
        lazy.write(List.of(s2("p2", 0.6, 0.2, 0.1, 0.1)));
        assertEquals(List.of("shapes"), loads);
    }

    @Test
    void everyWrittenPredictionConformsAndTakesItsSubjectsFootprintWhenItHasNone() {
        List<String> iris = writer.write(List.of(s2("p1", 0.1, 0.7, 0.1, 0.1), s2("p2", 0.6, 0.2, 0.1, 0.1),
                s2("p3", 0.0, 0.0, 0.0, 1.0).withFootprint("POINT (15.3 45.7)")));
        assertEquals(List.of(iri("p1"), iri("p2"), iri("p3")), iris);
        Model written = predictions();
        ValidationReport report = FloeOntology.load().validate(written.getGraph());
        assertTrue(report.conforms(), () -> report.getEntries().toString());
        assertEquals(List.of(
                "p1 vegetation <http://www.opengis.net/def/crs/OGC/1.3/CRS84> POLYGON ((15.1 45.5, 15.12 45.5, 15.12 45.52, 15.1 45.52, 15.1 45.5))",
                "p2 water -",
                "p3 cloud <http://www.opengis.net/def/crs/OGC/1.3/CRS84> POINT (15.3 45.7)"), rows("""
                PREFIX floe: <https://w3id.org/floe/ontology#> PREFIX geo: <http://www.opengis.net/ont/geosparql#>
                SELECT ?row WHERE {
                    ?p a floe:Prediction ; floe:sample ?s ; floe:predictedClass ?c .
                    OPTIONAL { ?p geo:hasDefaultGeometry/geo:asWKT ?wkt }
                    BIND(CONCAT(STRAFTER(STR(?s), "s2patches/"), " ", ?c, " ", COALESCE(STR(?wkt), "-")) AS ?row)
                } ORDER BY ?row"""));
    }

    @Test
    void replayingARequestReplacesItsPredictionsWithoutDuplicateTriples() {
        List<Prediction> batch = List.of(s2("p1", 0.1, 0.7, 0.1, 0.1), s2("p2", 0.6, 0.2, 0.1, 0.1));
        writer.write(batch);
        long once = store.size();
        writer.write(batch);
        assertEquals(once, store.size());
        // the same request replayed later, and answered differently: still one prediction per row, the latest
        Instant later = TIME.plusSeconds(60);
        writer.write(List.of(Prediction.of(PATCHES + "p1", VERSION, S2_CLASSES, new double[] {0.2, 0.2, 0.5, 0.1}, later)
                .withRequest("r1")));
        assertEquals(once, store.size());
        assertEquals(List.of("p1 bare 2026-01-12T09:31:00Z", "p2 water 2026-01-12T09:30:00Z"), rows("""
                PREFIX floe: <https://w3id.org/floe/ontology#> PREFIX sosa: <http://www.w3.org/ns/sosa/>
                SELECT ?row WHERE {
                    ?p a floe:Prediction ; floe:sample ?s ; floe:predictedClass ?c ; sosa:resultTime ?t .
                    BIND(CONCAT(STRAFTER(STR(?s), "s2patches/"), " ", ?c, " ", STR(?t)) AS ?row)
                } ORDER BY ?row"""));
        // another request about the same patch is another prediction
        writer.write(List.of(s2("p1", 0.1, 0.7, 0.1, 0.1).withRequest("r2")));
        assertEquals(3, predictionCount());
    }

    @Test
    void aBatchWithAProbabilityAboveOneIsRefusedAndNothingOfItIsWritten() {
        long before = store.size();
        Prediction bad = s2("p2", 0.1, 1.5, 0.1, 0.1);
        InvalidPredictionException e = assertThrows(InvalidPredictionException.class,
                () -> writer.write(List.of(s2("p1", 0.1, 0.7, 0.1, 0.1), bad)));
        assertEquals(List.of(bad.iri()), e.predictions());
        assertEquals("refused 1 prediction, nothing was written: " + bad.iri() + " (subject " + PATCHES + "p2, model version "
                + VERSION + "): floe:classProbability/floe:probability: each class probability is an xsd:double in [0, 1] "
                + "(found 1.5); floe:confidence: a prediction needs exactly one floe:confidence, an xsd:double in [0, 1] "
                + "(found 1.5)", e.getMessage());
        assertEquals(before, store.size());
        assertEquals(0, predictionCount());
    }

    @Test
    void aPredictionWithoutAClassIsRefused() {
        Prediction classless = Prediction.of(PATCHES + "p1", VERSION, List.of(), new double[0], TIME);
        InvalidPredictionException e = assertThrows(InvalidPredictionException.class, () -> writer.write(List.of(classless)));
        assertEquals("refused 1 prediction, nothing was written: " + classless.iri() + " (subject " + PATCHES + "p1, model version "
                + VERSION + "): floe:confidence: a prediction needs exactly one floe:confidence, an xsd:double in [0, 1]; "
                + "floe:predictedClass: a prediction needs exactly one floe:predictedClass string", e.getMessage());
        assertEquals(0, predictionCount());
    }

    @Test
    void aPredictionOfAClassThatIsNotTheMostProbableIsRefused() {
        Prediction wrong = new Prediction(PATCHES + "p1", null, VERSION, "water", 0.1,
                List.of(new Prediction.ClassProbability("water", 0.1), new Prediction.ClassProbability("cloud", 0.9)),
                TIME, null, null);
        InvalidPredictionException e = assertThrows(InvalidPredictionException.class, () -> writer.write(List.of(wrong)));
        assertTrue(e.getMessage().endsWith("floe:predictedClass water with floe:confidence 0.1 is not the class of highest "
                + "floe:probability with that probability (found water)"), e.getMessage());
        assertEquals(0, predictionCount());
    }

    @Test
    void subjectsThatAreNotIrisFootprintsThatAreNotWktAndClashingPredictionsAreRefused() {
        long before = store.size();
        Prediction relative = Prediction.top("p1", VERSION, "water", 0.9, TIME);
        Prediction notWkt = s2("p1", 0.1, 0.7, 0.1, 0.1).withFootprint("POINT (15.3)");
        Prediction clash = s2("p2", 0.6, 0.2, 0.1, 0.1);
        Prediction otherAnswer = s2("p2", 0.1, 0.2, 0.6, 0.1);
        InvalidPredictionException e = assertThrows(InvalidPredictionException.class,
                () -> writer.write(List.of(relative, notWkt, clash, clash, otherAnswer)));
        assertEquals(List.of(relative.iri(), notWkt.iri(), otherAnswer.iri()), e.predictions());
        assertTrue(e.getMessage().startsWith("refused 3 predictions, nothing was written: " + relative.iri()
                + " (subject p1, model version " + VERSION + "): subject \"p1\" is not an absolute IRI | " + notWkt.iri()), e.getMessage());
        assertTrue(e.getMessage().contains("footprint: not a WKT literal \"POINT (15.3)\""), e.getMessage());
        assertTrue(e.getMessage().endsWith(otherAnswer.iri() + " (subject " + PATCHES + "p2, model version " + VERSION
                + "): another prediction in the batch has the same subject, model version and request id"), e.getMessage());
        assertEquals(before, store.size());
    }

    @Test
    void theSamePredictionTwiceInABatchIsWrittenOnce() {
        Prediction p = s2("p1", 0.1, 0.7, 0.1, 0.1);
        assertEquals(List.of(p.iri(), p.iri()), writer.write(List.of(p, p)));
        assertEquals(1, predictionCount());
    }

    /** The triples of every prediction in the store and of its own nodes (geometry, class probabilities). */
    Model predictions() {
        return Txn.calculateRead(store.dataset(), () -> {
            Graph g = store.dataset().asDatasetGraph().getDefaultGraph();
            Model out = ModelFactory.createDefaultModel();
            g.find().forEachRemaining(t -> {
                if (t.getSubject().isURI() && t.getSubject().getURI().startsWith(PredictionRdf.BASE)) {
                    out.getGraph().add(t);
                }
            });
            return out;
        });
    }

    long predictionCount() {
        Node type = NodeFactory.createURI("https://w3id.org/floe/ontology#Prediction");
        return predictions().getGraph().find(Node.ANY, org.apache.jena.vocabulary.RDF.type.asNode(), type).toList().size();
    }

    List<String> rows(String query) {
        return Txn.calculateRead(store.dataset(), () -> {
            List<String> out = new ArrayList<>();
            try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(query).build()) {
                qe.execSelect().forEachRemaining(r -> out.add(r.getLiteral("row").getString()));
            }
            return out;
        });
    }
}
