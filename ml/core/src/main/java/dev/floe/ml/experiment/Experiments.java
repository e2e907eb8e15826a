package dev.floe.ml.experiment;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.system.Txn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.floe.geo.StagedOutput;
import dev.floe.ml.Folders;
import dev.floe.ml.MlDataException;
import dev.floe.ml.Trainer;
import dev.floe.ml.TrainingSet;
import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.data.Standardiser;
import dev.floe.ml.model.CnnSpec;
import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.monitoring.PatchSummary;
import dev.floe.ml.monitoring.ReferenceProfile;
import dev.floe.ml.train.EpochMetrics;
import dev.floe.ml.train.Evaluation;
import dev.floe.ml.train.TrainingOptions;
import dev.floe.ml.train.TrainingResult;
import dev.floe.ml.trainingset.Split;
import dev.floe.store.GeoStore;

/**
 * Training runs as experiments: each run trains a model family on a training set, evaluates it on the
 * set's test split, and is recorded under {@code STORE/experiments/RUN/}
 *
 * <pre>
 *   run.json          the {@link RunRecord}: parameters, per-epoch metrics, test results
 *   metrics.csv       epoch, train/validation loss and accuracy, samples/s
 *   model.zip         the network (DL4J ModelSerializer)
 *   standardiser.json the input scaling fitted on the train split
 *   reference-profile.json what monitoring compares served inputs and outputs with ({@link ReferenceProfile})
 *   run.ttl           the ML-Schema / PROV-O record, also added to the store
 * </pre>
 *
 * A run can be repeated from its record ({@link #reproduce}): same set, family, size, options and seed give
 * the same metrics.
 */
public final class Experiments {

    public static final String FOLDER = "experiments";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private final GeoStore store;
    private final PrintStream progress;

    /** Runs go under {@code store}'s directory and into its graph; progress to {@code progress} (null: quiet). */
    public Experiments(GeoStore store, PrintStream progress) {
        this.store = store;
        this.progress = progress;
    }

    /** The training set called {@code name} in this store. */
    public TrainingSet trainingSet(String name) {
        Path folder = TrainingSet.folderIn(store.directory(), name);
        if (!Files.isDirectory(folder)) {
            throw new MlDataException(store.directory() + ": no training set called " + name + " (no " + folder
                    + "); make one with floe trainingset create");
        }
        return TrainingSet.open(folder);
    }

    /** Trains {@code family} of the given size on {@code set}, evaluates, records; returns the record. */
    public RunRecord train(TrainingSet set, ModelFamily family, int[] filters, int dense, double learningRate,
                           TrainingOptions options) {
        Instant started = Instant.now();
        ImageSamples rawTrain = set.samples(Split.TRAIN);
        ImageSamples rawValidation = set.samples(Split.VALIDATION);
        ImageSamples train = family.adapt(rawTrain);
        ImageSamples validation = family.adapt(rawValidation);
        ImageSamples test = family.adapt(set.samples(Split.TEST));
        CnnSpec spec = family.spec(train, filters, dense, learningRate);
        if (progress != null) {
            progress.printf(Locale.ROOT, "training %s on %s: %d train, %d validation, %d test samples, %d epochs, seed %d%n",
                    family.id(), set.manifest().name(), train.size(), validation.size(), test.size(), options.epochs(), options.seed());
        }
        TrainingResult result = new Trainer(progress).train(spec, train, validation, options);
        return record(set, family, filters, dense, learningRate, options, result, started, rawTrain, rawValidation, test);
    }

    /**
     * Records a network trained elsewhere (e.g. the best trial of a tuning study) as a run of this store, exactly as
     * {@link #train} records its own: evaluated on the set's test split, with its reference profile, files and RDF.
     * {@code result} holds the network, the input scaling it was trained with and its epochs' metrics.
     */
    public RunRecord record(TrainingSet set, ModelFamily family, int[] filters, int dense, double learningRate,
                            TrainingOptions options, TrainingResult result, Instant started) {
        return record(set, family, filters, dense, learningRate, options, result, started, set.samples(Split.TRAIN),
                set.samples(Split.VALIDATION), family.adapt(set.samples(Split.TEST)));
    }

    private RunRecord record(TrainingSet set, ModelFamily family, int[] filters, int dense, double learningRate,
                             TrainingOptions options, TrainingResult result, Instant started, ImageSamples rawTrain,
                             ImageSamples rawValidation, ImageSamples test) {
        ImageSamples train = family.adapt(rawTrain);
        ImageSamples validation = family.adapt(rawValidation);
        RunRecord.TestResult testResult = test.size() == 0 ? null
                : testResult(Evaluation.of(result.model(), result.standardiser(), test, options.batchSize()));
        Instant ended = Instant.now();
        String id = newRunId(family, ended);
        RunRecord record = new RunRecord(id, RunRdf.runIri(id), set.manifest().name(), set.manifest().iri(),
                set.folder().toAbsolutePath().toString(), family.id(), filters, dense, learningRate, options.epochs(),
                options.batchSize(), options.seed(), started.toString(), ended.toString(), result.epochs(), testResult, "model.zip");
        ReferenceProfile profile = profile(family, set, rawTrain, train, rawValidation, validation, result, options);
        save(record, result, profile);
        if (progress != null && testResult != null) {
            progress.printf(Locale.ROOT, "run %s: test accuracy %.3f on %d samples (majority-class baseline %.3f)%n",
                    id, testResult.accuracy(), testResult.samples(), testResult.majorityBaseline());
        }
        return record;
    }

    /**
     * The reference profile monitoring compares served requests with: the summary features of the raw inputs a client
     * would send (the set's rasters before {@link ModelFamily#adapt}, the extras the model takes) on the train split
     * with their labels, and on the validation split with the trained model's outputs.
     */
    private static ReferenceProfile profile(ModelFamily family, TrainingSet set, ImageSamples rawTrain, ImageSamples train,
                                            ImageSamples rawValidation, ImageSamples validation, TrainingResult result,
                                            TrainingOptions options) {
        List<String> extras = train.extraCount() == 0 ? List.of() : set.manifest().features();
        PatchSummary summary = PatchSummary.forModel(family, rawTrain.channels(), rawTrain.height() * rawTrain.width(), extras);
        ReferenceProfile.Builder profile = ReferenceProfile.builder(summary.featureNames(), train.classes(), options.seed());
        for (int i = 0; i < train.size(); i++) {
            profile.training(summary.of(rawTrain.pixels()[i], imputed(train.extras()[i], result.standardiser())), train.labels()[i]);
        }
        for (int start = 0; start < validation.size(); start += options.batchSize()) {
            int n = Math.min(options.batchSize(), validation.size() - start);
            int[] idx = new int[n];
            for (int k = 0; k < n; k++) {
                idx[k] = start + k;
            }
            float[][] out = result.model().output(false, result.standardiser().inputs(validation, idx))[0].toFloatMatrix();
            for (int k = 0; k < n; k++) {
                profile.validation(summary.of(rawValidation.pixels()[idx[k]], imputed(validation.extras()[idx[k]],
                        result.standardiser())), out[k]);
            }
        }
        return profile.build();
    }

    /**
     * A row's extras with the missing ones (NaN) as the model sees them, the training mean: served requests never
     * have missing values (serving refuses them), so the profile describes what the network was fed.
     */
    private static float[] imputed(float[] extras, Standardiser standardiser) {
        float[] out = extras.clone();
        for (int j = 0; j < out.length; j++) {
            if (Float.isNaN(out[j])) {
                out[j] = (float) standardiser.extraMean()[j];
            }
        }
        return out;
    }

    /** Repeats a recorded run with exactly its set, family, size, options and seed, as a new run. */
    public RunRecord reproduce(String runId) {
        RunRecord old = read(runFolder(runId));
        TrainingSet set = TrainingSet.open(Path.of(old.trainingSetFolder()));
        if (!set.manifest().iri().equals(old.trainingSetIri())) {
            throw new MlDataException(old.trainingSetFolder() + " now holds " + set.manifest().iri() + ", run " + runId
                    + " was trained on " + old.trainingSetIri());
        }
        return train(set, ModelFamily.of(old.architecture()), old.filters(), old.dense(), old.learningRate(),
                new TrainingOptions(old.epochs(), old.batchSize(), old.seed()));
    }

    public Path runFolder(String runId) {
        Path folder = store.directory().resolve(FOLDER).resolve(runId);
        if (!Files.isDirectory(folder)) {
            throw new MlDataException(store.directory() + ": no run " + runId + " under " + FOLDER + "/");
        }
        return folder;
    }

    /** Reads a run's record from its folder. */
    public static RunRecord read(Path runFolder) {
        try {
            return JSON.readValue(runFolder.resolve(RunRecord.FILE).toFile(), RunRecord.class);
        } catch (IOException e) {
            throw new MlDataException(runFolder + ": unreadable run record: " + e.getMessage(), e);
        }
    }

    /** Loads a run's trained network. */
    public static ComputationGraph loadModel(Path runFolder) {
        try {
            return ModelSerializer.restoreComputationGraph(runFolder.resolve("model.zip").toFile(), false);
        } catch (IOException e) {
            throw new MlDataException(runFolder + ": cannot read model.zip: " + e.getMessage(), e);
        }
    }

    /** Loads the input scaling a run's model was trained with. */
    public static Standardiser loadStandardiser(Path runFolder) {
        try {
            return JSON.readValue(runFolder.resolve("standardiser.json").toFile(), Standardiser.class);
        } catch (IOException e) {
            throw new MlDataException(runFolder + ": cannot read standardiser.json: " + e.getMessage(), e);
        }
    }

    /** Every trained model the store records, newest first, by SPARQL over the run records. */
    public List<ModelEntry> models() {
        return Txn.calculateRead(store.dataset(), () -> {
            try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(MODELS_QUERY).build()) {
                return models(qe.execSelect());
            }
        });
    }

    /**
     * The SELECT behind {@link #models()}: one row per trained model, newest first. Sent as it is to a server that holds
     * the store, its answer read with {@link #models(ResultSet)}.
     */
    public static final String MODELS_QUERY = """
            PREFIX floe: <https://w3id.org/floe/ontology#>
            PREFIX mls:  <http://www.w3.org/ns/mls#>
            PREFIX prov: <http://www.w3.org/ns/prov#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT ?run ?architecture ?setName ?accuracy ?baseline ?file ?ended WHERE {
              ?r a floe:TrainingRun ; rdfs:label ?run ; floe:architecture ?architecture ; prov:endedAtTime ?ended ;
                 mls:hasOutput ?model .
              ?model a floe:Model ; floe:trainedOn ?set ; floe:modelFile ?file .
              OPTIONAL { ?set rdfs:label ?setName }
              OPTIONAL { ?r mls:hasOutput ?a . ?a floe:split "test" ; mls:specifiedBy/rdfs:label "accuracy" ; mls:hasValue ?accuracy }
              OPTIONAL { ?r mls:hasOutput ?b . ?b floe:split "test" ; mls:specifiedBy/rdfs:label "majority-baseline-accuracy" ;
                            mls:hasValue ?baseline }
            } ORDER BY DESC(?ended) ?run""";

    /** The trained models in the answer of {@link #MODELS_QUERY}, in its order. */
    public static List<ModelEntry> models(ResultSet rows) {
        List<ModelEntry> out = new ArrayList<>();
        rows.forEachRemaining((QuerySolution s) -> out.add(new ModelEntry(
                s.getLiteral("run").getString(), s.getLiteral("architecture").getString(),
                s.contains("setName") ? s.getLiteral("setName").getString() : null,
                s.contains("accuracy") ? s.getLiteral("accuracy").getDouble() : null,
                s.contains("baseline") ? s.getLiteral("baseline").getDouble() : null,
                s.getResource("file").getURI(), s.getLiteral("ended").getLexicalForm())));
        return out;
    }

    private static RunRecord.TestResult testResult(Evaluation e) {
        Map<String, Double> recall = new LinkedHashMap<>();
        Map<String, Long> support = new LinkedHashMap<>();
        for (int c = 0; c < e.classes().size(); c++) {
            recall.put(e.classes().get(c), e.recall(c));
            long n = 0;
            for (long v : e.confusion()[c]) {
                n += v;
            }
            support.put(e.classes().get(c), n);
        }
        return new RunRecord.TestResult((int) e.total(), e.accuracy(), e.majorityBaseline(), recall, support, e.confusion());
    }

    private String newRunId(ModelFamily family, Instant at) {
        String base = family.id() + "-" + ID_TIME.format(at);
        String id = base;
        for (int i = 2; Files.exists(store.directory().resolve(FOLDER).resolve(id)); i++) {
            id = base + "-" + i;
        }
        return id;
    }

    /** Writes the run folder under a temporary name, renames it, then adds the RDF; a failure leaves neither. */
    private void save(RunRecord record, TrainingResult result, ReferenceProfile profile) {
        Path folder = store.directory().resolve(FOLDER).resolve(record.id());
        try (StagedOutput staged = StagedOutput.directory(folder)) {
            Path temp = staged.path();
            File modelFile = temp.resolve(record.modelFile()).toFile();
            ModelSerializer.writeModel(result.model(), modelFile, false);
            JSON.writeValue(temp.resolve("standardiser.json").toFile(), result.standardiser());
            profile.write(temp.resolve(ReferenceProfile.FILE));
            JSON.writeValue(temp.resolve(RunRecord.FILE).toFile(), record);
            StringBuilder csv = new StringBuilder("epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,samples_per_second\n");
            for (EpochMetrics m : record.metrics()) {
                csv.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%.2f%n", m.epoch(), m.trainLoss(), m.trainAccuracy(),
                        Double.isNaN(m.validationLoss()) ? "" : Double.toString(m.validationLoss()),
                        Double.isNaN(m.validationAccuracy()) ? "" : Double.toString(m.validationAccuracy()), m.samplesPerSecond()));
            }
            Files.writeString(temp.resolve("metrics.csv"), csv);
            Model rdf = RunRdf.model(record, folder);
            try (OutputStream out = Files.newOutputStream(temp.resolve("run.ttl"))) {
                RDFDataMgr.write(out, rdf, Lang.TURTLE);
            }
            staged.commitNew();
            try {
                store.write(dsg -> {
                    rdf.getGraph().find().forEachRemaining(dsg.getDefaultGraph()::add);
                    return null;
                });
            } catch (RuntimeException e) {
                Folders.deleteQuietly(folder);
                throw e;
            }
        } catch (IOException e) {
            throw new MlDataException(folder + ": cannot record the run: " + e.getMessage(), e);
        }
    }

}
