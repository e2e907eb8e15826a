package dev.floe.ml.tuning;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.jena.rdf.model.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import dev.floe.ml.MlDataException;
import dev.floe.ml.TrainingSet;
import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.experiment.Experiments;
import dev.floe.ml.experiment.RunRecord;
import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.registry.ModelRegistry;
import dev.floe.ml.registry.ModelVersion;
import dev.floe.ml.train.TrainingOptions;
import dev.floe.ml.train.TrainingResult;
import dev.floe.ml.trainingset.Split;
import dev.floe.store.GeoStore;

/**
 * Hyperparameter studies over a store's training sets: checks a study's settings before anything trains, runs it
 * ({@link Study}) under {@code STORE/studies/NAME/}, writes each trial to the store as it finishes ({@link StudyRdf}),
 * and at the end records the best trial as a run of {@link Experiments} (tested on the set's test split) and registers
 * it as the next version of the model named after the study. Running a study again resumes it; a finished one is
 * left as it is.
 */
public final class Tuning {

    public static final String FOLDER = "studies";
    public static final String OUTCOME = "outcome.json";

    private final GeoStore store;
    private final PrintStream progress;

    public Tuning(GeoStore store, PrintStream progress) {
        this.store = store;
        this.progress = progress;
    }

    /** What a finished study found: the best trial, its score, the run it was recorded as and the version registered. */
    public record Outcome(String study, int bestTrial, double score, String runId, String model, long version, double testAccuracy) {
    }

    public Path folder(String study) {
        return store.directory().resolve(FOLDER).resolve(study);
    }

    /**
     * Everything that can be wrong with {@code settings} without training: the metric, the model family, the space
     * (parameters of the family, ranges), the training set and its validation split, the trials' shapes. Returns the
     * space.
     */
    public SearchSpace check(StudySettings settings) {
        if (!settings.name().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new SpaceException("study name '" + settings.name() + "': use 1 to 64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit (the best trial is registered under it)");
        }
        Metric metric = Metric.of(settings.metric());
        ModelFamily family;
        try {
            family = ModelFamily.of(settings.model());
        } catch (IllegalArgumentException e) {
            throw new SpaceException(e.getMessage());
        }
        SearchSpace space = SearchSpace.parse(settings.space(), settings.spaceSource(), family);
        TrainingSet set = new Experiments(store, null).trainingSet(settings.trainingSet());
        if (metric.needsValidation() && set.manifest().total(Split.VALIDATION) == 0) {
            throw new SpaceException("training set " + settings.trainingSet() + " has no validation split, and " + metric.id()
                    + " is measured on it: create the set with a validation share, or tune on train_accuracy or train_loss");
        }
        int[] raster = set.manifest().rasterShape();
        if (raster == null || raster.length != 3) {
            throw new SpaceException("training set " + settings.trainingSet() + " has no rasters; " + family.id() + " trains on image patches");
        }
        int side = Math.min(raster[1], raster[2]);
        for (Map<String, Object> p : settings.sampler().sample(space, settings.trials(), settings.seed())) {
            int blocks = TrialModel.of(family, p).filters().length;
            if (side >> blocks < 1) {
                throw new SpaceException(settings.spaceSource() + ": parameter blocks: " + blocks + " blocks of 2x2 pooling need patches "
                        + "of at least " + (1 << blocks) + " pixels, the set's are " + side);
            }
        }
        if (Files.exists(folder(settings.name()).resolve(StudySettings.FILE))) {
            StudySettings old = Study.readSettings(folder(settings.name()));
            StudySettings same = new StudySettings(old.name(), old.trainingSet(), old.model(), old.space(), settings.spaceSource(),
                    old.strategy(), old.trials(), settings.parallel(), old.maxEpochs(), old.metric(), old.seed(), old.eta(),
                    old.minEpochs(), old.patience(), old.window());
            if (!same.equals(settings)) {
                throw new SpaceException("study " + settings.name() + " already exists with other settings (" + describe(old)
                        + "); run it with those to resume it, or name another study");
            }
        }
        return space;
    }

    /** Runs (or resumes) the study; returns its outcome once every trial has finished. */
    public Outcome tune(StudySettings settings) {
        SearchSpace space = check(settings);
        Path folder = folder(settings.name());
        if (Files.exists(folder.resolve(OUTCOME))) {
            return outcome(settings.name());
        }
        ModelFamily family = ModelFamily.of(settings.model());
        Metric metric = Metric.of(settings.metric());
        TrainingSet set = new Experiments(store, null).trainingSet(settings.trainingSet());
        ImageSamples train = family.adapt(set.samples(Split.TRAIN));
        ImageSamples validation = family.adapt(set.samples(Split.VALIDATION));
        CnnTrialTrainer trainer = new CnnTrialTrainer(family, train, validation, metric);
        String setIri = set.manifest().iri();
        if (progress != null) {
            progress.printf(Locale.ROOT, "study %s: %s search of %d trials over %s on %s (%d train, %d validation samples), "
                    + "%d workers, up to %d epochs a trial, %s%n", settings.name(), settings.strategy().id(), settings.trials(),
                    settings.model(), settings.trainingSet(), train.size(), validation.size(), settings.parallel(),
                    settings.maxEpochs(), settings.metric());
        }
        Model started = StudyRdf.study(settings, setIri, null, null);
        store.write(dsg -> {
            started.getGraph().find().forEachRemaining(dsg.getDefaultGraph()::add);
            return null;
        });
        Study study = new Study(folder, settings, space, trainer, t -> {
            Model rdf = StudyRdf.trial(settings, setIri, t);
            store.write(dsg -> {
                rdf.getGraph().find().forEachRemaining(dsg.getDefaultGraph()::add);
                return null;
            });
            if (progress != null) {
                progress.printf(Locale.ROOT, "trial %d %s after %d epochs, %s %.4f: %s%n", t.number(),
                        t.status().name().toLowerCase(Locale.ROOT), t.epochs(), metric.id(),
                        metric.value(t.metrics().get(t.epochs() - 1)), t.decisions().get(t.decisions().size() - 1));
            }
        });
        List<TrialRecord> trials = study.run();
        TrialRecord best = best(trials, metric);
        Path checkpoint = Study.checkpoint(study.trialFolder(best.number()), best.epochs());
        ComputationGraph net;
        try {
            net = ModelSerializer.restoreComputationGraph(checkpoint.toFile(), false);
        } catch (IOException e) {
            throw new TuningException(checkpoint + ": cannot read the best trial's model: " + e.getMessage(), e);
        }
        TrialModel model = TrialModel.of(family, best.params());
        RunRecord run = new Experiments(store, progress).record(set, family, model.filters(), model.dense(), model.learningRate(),
                new TrainingOptions(best.epochs(), model.batchSize(), best.seed()),
                new TrainingResult(net, trainer.standardiser(), best.metrics()), Instant.parse(best.started()));
        ModelVersion version = new ModelRegistry(store).register(settings.name(), run.id(), "floe tune (study " + settings.name() + ")");
        Model rdf = StudyRdf.study(settings, setIri, StudyRdf.trialIri(settings.name(), best.number()), version.iri());
        store.write(dsg -> {
            rdf.getGraph().find().forEachRemaining(dsg.getDefaultGraph()::add);
            return null;
        });
        Outcome outcome = new Outcome(settings.name(), best.number(), metric.value(best.metrics().get(best.epochs() - 1)),
                run.id(), settings.name(), version.version(), run.test() == null ? Double.NaN : run.test().accuracy());
        try {
            Study.write(folder.resolve(OUTCOME), outcome);
        } catch (IOException e) {
            throw new TuningException(folder + ": cannot record the outcome: " + e.getMessage(), e);
        }
        return outcome;
    }

    /** The trial with the best metric at its last epoch (ties: the lower number). */
    static TrialRecord best(List<TrialRecord> trials, Metric metric) {
        TrialRecord best = null;
        for (TrialRecord t : trials) {
            if (t.epochs() == 0) {
                continue;
            }
            if (best == null || metric.score(metric.value(t.metrics().get(t.epochs() - 1)))
                    > metric.score(metric.value(best.metrics().get(best.epochs() - 1)))) {
                best = t;
            }
        }
        if (best == null) {
            throw new TuningException("no trial trained an epoch");
        }
        return best;
    }

    public Outcome outcome(String study) {
        try {
            return Study.JSON.readValue(folder(study).resolve(OUTCOME).toFile(), Outcome.class);
        } catch (IOException e) {
            throw new TuningException(folder(study) + ": no outcome (the study has not finished): " + e.getMessage(), e);
        }
    }

    /** The studies of this store, by name. */
    public List<String> studies() {
        Path dir = store.directory().resolve(FOLDER);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<String> out = new ArrayList<>();
            s.filter(p -> Files.exists(p.resolve(StudySettings.FILE))).map(p -> p.getFileName().toString()).sorted().forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new TuningException(dir + ": cannot list the studies: " + e.getMessage(), e);
        }
    }

    /** The settings of study {@code name}, which must exist. */
    public StudySettings settings(String name) {
        if (!Files.exists(folder(name).resolve(StudySettings.FILE))) {
            throw new MlDataException(store.directory() + ": no study called " + name + " (floe tune list shows them)");
        }
        return Study.readSettings(folder(name));
    }

    public boolean finished(String name) {
        return Files.exists(folder(name).resolve(OUTCOME));
    }

    static String describe(StudySettings s) {
        return String.format(Locale.ROOT, "training set %s, model %s, strategy %s, %d trials, %d epochs, metric %s, seed %d, space %s",
                s.trainingSet(), s.model(), s.strategy().id(), s.trials(), s.maxEpochs(), s.metric(), s.seed(), s.spaceSource());
    }
}
