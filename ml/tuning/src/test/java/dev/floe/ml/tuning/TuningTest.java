package dev.floe.ml.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ml.TrainingSet;
import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.registry.ModelRegistry;
import dev.floe.ml.train.EpochMetrics;
import dev.floe.ml.trainingset.Split;
import dev.floe.ml.trainingset.SplitRatios;
import dev.floe.store.GeoStore;

/** Tiny studies on real Sentinel-2 patches: trials trained with DL4J, checkpointed, recorded in a real TDB2 store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TuningTest {

    static final String SPACE = """
            learning_rate: {log-uniform: [0.001, 0.03]}
            filters: {choice: [4]}
            dense: {choice: [8]}
            batch_size: {choice: [64]}
            """;

    Path dir;
    GeoStore store;
    TrainingSet set;

    @BeforeAll
    void store(@TempDir Path tmp) throws IOException {
        assumeTrue(RealPatches.catalog() != null, "../shared/data/stac/mapchete-eo-s2-l2a is not in this checkout");
        dir = tmp;
        store = GeoStore.open(tmp.resolve("store"));
        RealPatches.load(store, tmp);
        set = RealPatches.trainingSet(store, "s2", SplitRatios.DEFAULT);
        RealPatches.trainingSet(store, "s2-novalidation", new SplitRatios(0.8, 0, 0.2));
    }

    @AfterAll
    void close() {
        if (store != null) {
            store.close();
        }
    }

    static StudySettings settings(String name, Strategy strategy, int trials, int parallel, int maxEpochs, String metric, String space) {
        return new StudySettings(name, "s2", "s2-cnn", space, "space.yaml", strategy, trials, parallel, maxEpochs, metric, 7, 2, 1, 1, 1);
    }

    /** A trial's record without what differs run to run (times, throughput). */
    static String comparable(TrialRecord t) {
        List<String> m = new ArrayList<>();
        for (EpochMetrics e : t.metrics()) {
            m.add(e.epoch() + ":" + e.validationLoss() + "/" + e.validationAccuracy());
        }
        return t.number() + " " + t.params() + " seed " + t.seed() + " " + t.status() + " " + m + " " + t.decisions();
    }

    @Test
    void anAshaStudyRecordsEveryTrialAndRegistersTheBestAndTheSameSeedGivesTheSameStudy() throws IOException {
        Tuning tuning = new Tuning(store, null);
        Tuning.Outcome a = tuning.tune(settings("asha-a", Strategy.ASHA, 4, 1, 4, "val_accuracy", SPACE));
        Tuning.Outcome b = tuning.tune(settings("asha-b", Strategy.ASHA, 4, 1, 4, "val_accuracy", SPACE));
        List<TrialRecord> ta = Study.readTrials(tuning.folder("asha-a"));
        List<TrialRecord> tb = Study.readTrials(tuning.folder("asha-b"));
        assertEquals(4, ta.size());
        // one worker: the same seed gives the same trials, metrics, promotions and stops
        assertEquals(ta.stream().map(TuningTest::comparable).toList(), tb.stream().map(TuningTest::comparable).toList());
        assertTrue(ta.stream().anyMatch(t -> t.decisions().stream().anyMatch(d -> d.contains("promoted to epoch 2"))), ta.toString());
        assertTrue(ta.stream().anyMatch(t -> t.status() == TrialStatus.STOPPED), ta.toString());
        assertEquals(a.bestTrial(), b.bestTrial());
        TrialRecord best = ta.get(a.bestTrial());
        for (TrialRecord t : ta) {
            assertTrue(t.status().finished(), t.toString());
            double last = t.metrics().get(t.epochs() - 1).validationAccuracy();
            assertTrue(last <= best.metrics().get(best.epochs() - 1).validationAccuracy(), t + " beats the best " + best);
        }
        assertEquals(4, best.epochs(), "the best trial of an ASHA study is one promoted to the last rung");
        assertEquals(List.of(1L), new ModelRegistry(store).versions("asha-a").stream().map(v -> v.version()).toList());
        assertEquals(4, count("SELECT (COUNT(?t) AS ?n) { ?t a floe:TuningTrial ; floe:partOf <" + StudyRdf.studyIri("asha-a") + "> }"));
        assertEquals(1, count("SELECT (COUNT(?s) AS ?n) { ?s floe:bestTrial <" + StudyRdf.trialIri("asha-a", a.bestTrial())
                + "> ; floe:registeredAs ?v }"));
        // the curated query ranks the trials as floe tune show does
        List<String> ranked = StudyTable.ranked(Study.readSettings(tuning.folder("asha-a")), ta).stream().skip(1)
                .map(l -> l.split("\t")[1]).toList();
        assertEquals(ranked, curatedRanking("asha-a"));
        // running a finished study again changes nothing
        assertEquals(a, tuning.tune(settings("asha-a", Strategy.ASHA, 4, 1, 4, "val_accuracy", SPACE)));
    }

    @Test
    void aStudyStoppedHalfWayResumesFromItsCheckpointsExactlyAsOneNeverStopped() {
        Metric metric = Metric.VAL_ACCURACY;
        ModelFamily family = ModelFamily.S2_CNN;
        CnnTrialTrainer trainer = new CnnTrialTrainer(family, family.adapt(set.samples(Split.TRAIN)),
                family.adapt(set.samples(Split.VALIDATION)), metric);
        SearchSpace space = SearchSpace.parse(SPACE, "space.yaml", family);
        StudySettings s = settings("resume", Strategy.ASHA, 3, 1, 4, "val_accuracy", SPACE);
        List<TrialRecord> whole = new Study(dir.resolve("whole"), s, space, trainer, null).run();
        List<TrialRecord> first = new Study(dir.resolve("halves"), s, space, trainer, null).run(4);
        assertTrue(first.stream().anyMatch(t -> !t.status().finished()), "stopped half-way: " + first);
        List<Integer> finishedBefore = new ArrayList<>();
        first.stream().filter(t -> t.status().finished()).forEach(t -> finishedBefore.add(t.number()));
        List<Integer> heardOf = new ArrayList<>();
        List<TrialRecord> rest = new Study(dir.resolve("halves"), s, space, trainer, t -> heardOf.add(t.number())).run();
        assertEquals(whole.stream().map(TuningTest::comparable).toList(), rest.stream().map(TuningTest::comparable).toList());
        for (int n : finishedBefore) {
            assertTrue(!heardOf.contains(n), "trial " + n + " had finished and was run again");
        }
        assertTrue(Files.exists(Study.checkpoint(dir.resolve("halves/trials/0000"), rest.get(0).epochs())));
    }

    @Test
    void badSettingsAreRefusedBeforeAnythingTrains() {
        Tuning tuning = new Tuning(store, null);
        assertEquals("the models report no metric f1 (they report val_accuracy, val_loss, train_accuracy, train_loss)",
                assertThrows(SpaceException.class, () -> tuning.tune(settings("bad", Strategy.RANDOM, 2, 1, 2, "f1", SPACE))).getMessage());
        assertEquals("training set s2-novalidation has no validation split, and val_accuracy is measured on it: create the set "
                        + "with a validation share, or tune on train_accuracy or train_loss",
                assertThrows(SpaceException.class, () -> tuning.tune(new StudySettings("bad", "s2-novalidation", "s2-cnn", SPACE,
                        "space.yaml", Strategy.RANDOM, 2, 1, 2, "val_accuracy", 7, 2, 1, 1, 1))).getMessage());
        assertEquals("space.yaml line 1: parameter dropout is not a hyperparameter of s2-cnn (it has learning_rate, batch_size, "
                + "dense, filters, blocks)", assertThrows(SpaceException.class, () -> tuning.tune(
                        settings("bad", Strategy.RANDOM, 2, 1, 2, "val_accuracy", "dropout: {uniform: [0.1, 0.5]}\n"))).getMessage());
        assertEquals("space.yaml: parameter blocks: 4 blocks of 2x2 pooling need patches of at least 16 pixels, the set's are 15",
                assertThrows(SpaceException.class, () -> tuning.tune(
                        settings("bad", Strategy.GRID, 2, 1, 2, "val_accuracy", "blocks: {choice: [2, 4]}\n"))).getMessage());
        assertTrue(!Files.exists(tuning.folder("bad")), "nothing is left behind");
    }

    @Test
    void anAblationRanksItsComponentsAgainstTheBaselineAndRecordsThemInTheStore() {
        Ablation.Settings settings = new Ablation.Settings(ModelFamily.S2_CNN, new TrialModel(new int[] {4, 8}, 8, 0.01, 64),
                Metric.VAL_ACCURACY, 2, List.of(1L, 2L), 2, 0.05, 2);
        List<Ablation.Result> results = new Ablations(store).run("abl", "s2", settings, List.of("band:B08", "conv1", "dense"));
        assertEquals("baseline", results.get(0).component());
        assertEquals(0.0, results.get(0).difference());
        assertEquals(List.of("band:B08", "conv1", "dense"), results.stream().skip(1).map(Ablation.Result::component).sorted().toList());
        assertTrue(results.get(1).difference() <= results.get(2).difference(), results.toString());
        assertTrue(results.get(2).difference() <= results.get(3).difference(), results.toString());
        for (Ablation.Result r : results) {
            assertEquals(2, r.seeds());
        }
        assertEquals(4, count("SELECT (COUNT(?r) AS ?n) { ?a a floe:AblationStudy ; floe:result ?r . ?r floe:difference ?d }"));
    }

    private List<String> curatedRanking(String study) throws IOException {
        String q = Files.readString(Path.of("..", "..", "queries", "tuning-trials.rq"));
        return Txn.calculateRead(store.dataset(), () -> {
            List<String> out = new ArrayList<>();
            try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(q).build()) {
                qe.execSelect().forEachRemaining(s -> {
                    if (s.getLiteral("study").getString().equals(study)) {
                        out.add(Long.toString(s.getLiteral("trial").getLong()));
                    }
                });
            }
            return out;
        });
    }

    private long count(String select) {
        String q = "PREFIX floe: <https://w3id.org/floe/ontology#>\n" + select;
        return Txn.calculateRead(store.dataset(), () -> {
            try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(q).build()) {
                return qe.execSelect().next().getLiteral("n").getLong();
            }
        });
    }
}
