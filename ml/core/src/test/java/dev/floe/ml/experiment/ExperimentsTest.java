package dev.floe.ml.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ml.MlDataException;
import dev.floe.ml.TrainerTest;
import dev.floe.ml.TrainingSet;
import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.train.Evaluation;
import dev.floe.ml.train.TrainingOptions;
import dev.floe.ml.trainingset.SparqlSource;
import dev.floe.ml.trainingset.Split;
import dev.floe.ml.trainingset.SplitRatios;
import dev.floe.ml.trainingset.TrainingQuery;
import dev.floe.store.GeoStore;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExperimentsTest {

    static final int[] FILTERS = {4, 8};

    GeoStore store;
    TrainingSet set;
    Experiments experiments;
    RunRecord first;

    @BeforeAll
    void trainOnce(@TempDir Path dir) throws IOException {
        store = dev.floe.ml.SarStore.create(dir, 8);
        Path q = dev.floe.ml.SarStore.SAR_QUERY;
        set = TrainingSet.create("sar", new TrainingQuery(Files.readString(q), q.toString()), SparqlSource.store(store),
                TrainingSet.folderIn(store.directory(), "sar"), SplitRatios.DEFAULT, 3, null);
        experiments = new Experiments(store, null);
        first = experiments.train(experiments.trainingSet("sar"), ModelFamily.SAR_CNN, FILTERS, 8, 0.01, new TrainingOptions(3, 8, 21));
    }

    @AfterAll
    void close() {
        store.close();
    }

    private List<QuerySolution> select(String sparql) {
        return Txn.calculateRead(store.dataset(), () -> {
            try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(sparql).build()) {
                List<QuerySolution> out = new ArrayList<>();
                qe.execSelect().forEachRemaining(out::add);
                return out;
            }
        });
    }

    @Test
    void aRunRecordsParametersPerEpochMetricsTheModelAndTheTestResultOnDisk() throws IOException {
        Path folder = store.directory().resolve("experiments").resolve(first.id());
        for (String f : List.of("run.json", "metrics.csv", "model.zip", "standardiser.json", "run.ttl")) {
            assertTrue(Files.isRegularFile(folder.resolve(f)), f);
        }
        assertEquals(3, first.metrics().size());
        assertEquals(4, Files.readAllLines(folder.resolve("metrics.csv")).size(), "header + one line per epoch");
        assertEquals("https://w3id.org/floe/data/trainingset/sar", first.trainingSetIri());
        assertEquals(21, first.seed());
        // test split: 4 icebergs, 1 ship (see TrainingSetTest), so the majority baseline is 4/5
        assertEquals(5, first.test().samples());
        assertEquals(0.8, first.test().majorityBaseline(), 1e-12);
        assertEquals(java.util.Map.of("iceberg", 4L, "ship", 1L), first.test().support());
        RunRecord read = Experiments.read(folder);
        assertEquals(first.metrics(), read.metrics());
    }

    @Test
    void theSavedModelGivesTheRecordedTestAccuracy() {
        Path folder = experiments.runFolder(first.id());
        ImageSamples test = ModelFamily.SAR_CNN.adapt(set.samples(Split.TEST));
        Evaluation e = Evaluation.of(Experiments.loadModel(folder), Experiments.loadStandardiser(folder), test, 8);
        assertEquals(first.test().accuracy(), e.accuracy(), 1e-12);
    }

    @Test
    void theRunIsInTheStoreAsAnMlSchemaRunAndModelsListShowsIt() {
        List<QuerySolution> rows = select("""
                PREFIX floe: <https://w3id.org/floe/ontology#>
                PREFIX mls:  <http://www.w3.org/ns/mls#>
                PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                SELECT ?run ?set ?epochs ?file WHERE {
                  ?run a mls:Run ; rdfs:label "%s" ; mls:hasInput ?set ; mls:hasInput ?p ; mls:hasOutput ?model .
                  ?set a floe:TrainingSet .
                  ?p mls:specifiedBy/rdfs:label "epochs" ; mls:hasValue ?epochs .
                  ?model a mls:Model ; floe:trainedOn ?set ; floe:modelFile ?file .
                }""".formatted(first.id()));
        assertEquals(1, rows.size());
        assertEquals("https://w3id.org/floe/data/trainingset/sar", rows.get(0).getResource("set").getURI());
        assertEquals(3, rows.get(0).getLiteral("epochs").getInt());
        assertTrue(rows.get(0).getResource("file").getURI().endsWith("/experiments/" + first.id() + "/model.zip"));
        List<QuerySolution> losses = select("""
                PREFIX floe: <https://w3id.org/floe/ontology#>
                PREFIX mls:  <http://www.w3.org/ns/mls#>
                PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                SELECT ?epoch ?loss WHERE {
                  ?run rdfs:label "%s" ; mls:hasOutput ?e .
                  ?e a mls:ModelEvaluation ; floe:split "train" ; floe:epoch ?epoch ; mls:hasValue ?loss ;
                     mls:specifiedBy/rdfs:label "cross-entropy" } ORDER BY ?epoch""".formatted(first.id()));
        assertEquals(3, losses.size());
        assertEquals(first.metrics().get(2).trainLoss(), losses.get(2).getLiteral("loss").getDouble(), 1e-12);
        ModelEntry entry = experiments.models().stream().filter(m -> m.run().equals(first.id())).findFirst().orElseThrow();
        assertEquals("sar-cnn", entry.architecture());
        assertEquals("sar", entry.trainingSet());
        assertEquals(first.test().accuracy(), entry.testAccuracy(), 1e-12);
        assertEquals(0.8, entry.majorityBaseline(), 1e-12);
    }

    @Test
    void aRunReproducedFromItsRecordGivesTheSameMetrics() {
        RunRecord again = experiments.reproduce(first.id());
        assertNotEquals(first.id(), again.id());
        assertEquals(dev.floe.ml.TrainerTest.strip(first.metrics()), TrainerTest.strip(again.metrics()));
        assertEquals(first.test().accuracy(), again.test().accuracy(), 0);
        assertEquals(java.util.Arrays.deepToString(first.test().confusion()), java.util.Arrays.deepToString(again.test().confusion()));
        RunRecord other = experiments.train(set, ModelFamily.SAR_CNN, FILTERS, 8, 0.01, new TrainingOptions(3, 8, 22));
        assertNotEquals(TrainerTest.strip(first.metrics()), TrainerTest.strip(other.metrics()));
    }

    @Test
    void anUnknownTrainingSetOrRunIsAClearError() {
        assertEquals(store.directory() + ": no training set called nope (no " + store.directory().resolve("trainingsets/nope")
                + "); make one with floe trainingset create",
                assertThrows(MlDataException.class, () -> experiments.trainingSet("nope")).getMessage());
        assertThrows(MlDataException.class, () -> experiments.reproduce("sar-cnn-19700101T000000000Z"));
    }
}
