package dev.floe.ml.experiment;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Map;
import java.util.TimeZone;

import org.apache.jena.datatypes.xsd.XSDDateTime;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

import dev.floe.ml.train.EpochMetrics;
import dev.floe.ontology.Floe;
import dev.floe.ontology.Mls;
import dev.floe.ontology.Prov;
import dev.floe.triplify.rdf.IriSegments;

/**
 * The RDF record of a training run in ML-Schema and PROV-O: the run (floe:TrainingRun, an mls:Run and
 * prov:Activity) executes the family's mls:Implementation, has the training set and one
 * mls:HyperParameterSetting per parameter as inputs, and the floe:Model (trainedOn the set, with its file)
 * and one mls:ModelEvaluation per measured value (per epoch and split, and on the test split) as outputs.
 */
public final class RunRdf {

    /** Base of the IRIs of implementations, hyperparameters and measures. */
    public static final String ML = Floe.DATA + "ml/";

    private RunRdf() {
    }

    public static String runIri(String id) {
        return Floe.DATA + "run/" + IriSegments.encode(id);
    }

    public static Model model(RunRecord r, Path runFolder) {
        Model m = ModelFactory.createDefaultModel();
        m.setNsPrefix("floe", Floe.NS);
        m.setNsPrefix("mls", Mls.NS);
        m.setNsPrefix("prov", Prov.NS);
        Resource run = m.createResource(r.iri());
        Resource set = m.createResource(r.trainingSetIri());
        Resource impl = m.createResource(ML + "implementation/" + r.architecture());
        impl.addProperty(RDF.type, Mls.Implementation).addProperty(RDFS.label, "floe " + r.architecture() + " (DL4J 1.0.0-M2.1)");
        Resource model = m.createResource(r.iri() + "/model");
        run.addProperty(RDF.type, Floe.TrainingRun).addProperty(RDF.type, Mls.Run).addProperty(RDF.type, Prov.Activity)
                .addProperty(RDFS.label, r.id())
                .addProperty(Floe.architecture, r.architecture())
                .addLiteral(Floe.seed, r.seed())
                .addProperty(Mls.executes, impl)
                .addProperty(Mls.hasInput, set).addProperty(Prov.used, set)
                .addProperty(Mls.hasOutput, model)
                .addProperty(Floe.directory, m.createResource(runFolder.toUri().toString()))
                .addLiteral(Prov.startedAtTime, m.createTypedLiteral(dateTime(Instant.parse(r.started()))))
                .addLiteral(Prov.endedAtTime, m.createTypedLiteral(dateTime(Instant.parse(r.ended()))));
        if (!r.metrics().isEmpty()) {
            run.addLiteral(Floe.samplesPerSecond, r.metrics().stream().mapToDouble(EpochMetrics::samplesPerSecond).average().orElse(0));
        }
        model.addProperty(RDF.type, Floe.Model).addProperty(RDF.type, Mls.Model).addProperty(RDF.type, Prov.Entity)
                .addProperty(RDFS.label, r.architecture() + " " + r.id())
                .addProperty(Floe.architecture, r.architecture())
                .addProperty(Floe.trainedOn, set)
                .addProperty(Prov.wasGeneratedBy, run)
                .addProperty(Floe.modelFile, m.createResource(runFolder.resolve(r.modelFile()).toUri().toString()));
        Map<String, Object> params = new java.util.LinkedHashMap<>();
        params.put("epochs", r.epochs());
        params.put("batchSize", r.batchSize());
        params.put("seed", r.seed());
        params.put("learningRate", r.learningRate());
        params.put("filters", java.util.Arrays.toString(r.filters()));
        params.put("dense", r.dense());
        params.forEach((name, value) -> {
            Resource hp = m.createResource(ML + "implementation/" + r.architecture() + "/" + name)
                    .addProperty(RDF.type, Mls.HyperParameter).addProperty(RDFS.label, name);
            impl.addProperty(m.createProperty(Mls.NS + "hasHyperParameter"), hp);
            Resource setting = m.createResource(r.iri() + "/param/" + name).addProperty(RDF.type, Mls.HyperParameterSetting)
                    .addProperty(Mls.specifiedBy, hp).addLiteral(Mls.hasValue, m.createTypedLiteral(value));
            run.addProperty(Mls.hasInput, setting);
        });
        for (EpochMetrics e : r.metrics()) {
            evaluation(m, run, r.iri() + "/epoch/" + e.epoch() + "/train/loss", "cross-entropy", "train", e.epoch(), e.trainLoss());
            evaluation(m, run, r.iri() + "/epoch/" + e.epoch() + "/train/accuracy", "accuracy", "train", e.epoch(), e.trainAccuracy());
            evaluation(m, run, r.iri() + "/epoch/" + e.epoch() + "/validation/loss", "cross-entropy", "validation", e.epoch(), e.validationLoss());
            evaluation(m, run, r.iri() + "/epoch/" + e.epoch() + "/validation/accuracy", "accuracy", "validation", e.epoch(),
                    e.validationAccuracy());
        }
        if (r.test() != null) {
            evaluation(m, run, r.iri() + "/test/accuracy", "accuracy", "test", null, r.test().accuracy());
            evaluation(m, run, r.iri() + "/test/majority-baseline", "majority-baseline-accuracy", "test", null,
                    r.test().majorityBaseline());
            r.test().recall().forEach((cls, v) -> {
                Resource e = evaluation(m, run, r.iri() + "/test/recall/" + IriSegments.encode(cls), "recall", "test", null, v);
                if (e != null) {
                    e.addProperty(Floe.labelClass, cls);
                }
            });
        }
        return m;
    }

    private static Resource evaluation(Model m, Resource run, String iri, String measure, String split, Integer epoch, double value) {
        if (Double.isNaN(value)) {
            return null; // not measured (e.g. no validation split): say nothing rather than NaN
        }
        Resource e = m.createResource(iri).addProperty(RDF.type, Mls.ModelEvaluation)
                .addProperty(Mls.specifiedBy, m.createResource(ML + "measure/" + measure)
                        .addProperty(RDF.type, Mls.EvaluationMeasure).addProperty(RDFS.label, measure))
                .addLiteral(Mls.hasValue, value)
                .addProperty(Floe.split, split);
        if (epoch != null) {
            e.addLiteral(Floe.epoch, (long) epoch);
        }
        run.addProperty(Mls.hasOutput, e);
        return e;
    }

    static XSDDateTime dateTime(Instant instant) {
        Calendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        c.setTimeInMillis(instant.toEpochMilli());
        return new XSDDateTime(c);
    }
}
