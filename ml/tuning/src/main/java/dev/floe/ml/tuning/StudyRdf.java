package dev.floe.ml.tuning;

import java.time.Instant;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Map;
import java.util.TimeZone;

import org.apache.jena.datatypes.xsd.XSDDateTime;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.ResourceFactory;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

import dev.floe.ml.experiment.RunRdf;
import dev.floe.ml.train.EpochMetrics;
import dev.floe.ontology.Floe;
import dev.floe.ontology.Mls;
import dev.floe.ontology.Prov;
import dev.floe.triplify.rdf.IriSegments;

/**
 * A study and its trials in ML-Schema and PROV-O. The study (floe:TuningStudy, a prov:Activity) used the training set
 * and names its strategy, metric and seed; each trial is an mls:Run (floe:TuningTrial) of the family's
 * mls:Implementation, floe:partOf the study, with the training set and one mls:HyperParameterSetting per sampled value
 * (and its model seed) as inputs, one mls:ModelEvaluation per epoch and split as outputs (as {@link RunRdf} records
 * runs), its status ("completed" or "stopped"), every decision of the scheduler in order (floe:decision, "epoch 3:
 * promoted to epoch 9: rank 1 of 4 ...") and the last as floe:statusReason, and floe:score, the metric at its last
 * epoch, by which queries/tuning-trials.rq ranks.
 */
public final class StudyRdf {

    public static final Resource TuningStudy = ResourceFactory.createResource(Floe.NS + "TuningStudy");
    public static final Resource TuningTrial = ResourceFactory.createResource(Floe.NS + "TuningTrial");
    public static final Property partOf = p("partOf");
    public static final Property strategy = p("strategy");
    public static final Property metric = p("metric");
    public static final Property trialNumber = p("trialNumber");
    public static final Property status = p("status");
    public static final Property statusReason = p("statusReason");
    public static final Property decision = p("decision");
    public static final Property score = p("score");
    public static final Property epochsTrained = p("epochsTrained");
    public static final Property bestTrial = p("bestTrial");
    public static final Property registeredAs = p("registeredAs");

    private StudyRdf() {
    }

    public static String studyIri(String name) {
        return Floe.DATA + "study/" + IriSegments.encode(name);
    }

    public static String trialIri(String study, int number) {
        return studyIri(study) + "/trial/" + number;
    }

    /** The study itself; {@code best} and {@code version} (IRIs) may be null. */
    public static Model study(StudySettings s, String trainingSetIri, String best, String version) {
        Model m = model();
        Resource study = m.createResource(studyIri(s.name())).addProperty(RDF.type, TuningStudy).addProperty(RDF.type, Prov.Activity)
                .addProperty(RDFS.label, s.name())
                .addProperty(strategy, s.strategy().id()).addProperty(metric, s.metric())
                .addLiteral(Floe.seed, s.seed())
                .addProperty(Floe.architecture, s.model())
                .addProperty(Prov.used, m.createResource(trainingSetIri))
                .addProperty(Mls.hasInput, m.createResource(trainingSetIri));
        if (best != null) {
            study.addProperty(bestTrial, m.createResource(best));
        }
        if (version != null) {
            study.addProperty(registeredAs, m.createResource(version));
        }
        return m;
    }

    /** A finished trial. */
    public static Model trial(StudySettings s, String trainingSetIri, TrialRecord t) {
        Model m = model();
        Metric measure = Metric.of(s.metric());
        String iri = trialIri(s.name(), t.number());
        Resource set = m.createResource(trainingSetIri);
        Resource impl = m.createResource(RunRdf.ML + "implementation/" + s.model());
        Resource run = m.createResource(iri).addProperty(RDF.type, TuningTrial).addProperty(RDF.type, Mls.Run)
                .addProperty(RDF.type, Prov.Activity)
                .addProperty(RDFS.label, s.name() + " trial " + t.number())
                .addProperty(partOf, m.createResource(studyIri(s.name())))
                .addLiteral(trialNumber, (long) t.number())
                .addProperty(Floe.architecture, s.model())
                .addLiteral(Floe.seed, t.seed())
                .addProperty(Mls.executes, impl)
                .addProperty(Mls.hasInput, set).addProperty(Prov.used, set)
                .addProperty(status, t.status().name().toLowerCase(java.util.Locale.ROOT))
                .addLiteral(epochsTrained, (long) t.epochs())
                .addLiteral(Prov.startedAtTime, m.createTypedLiteral(dateTime(t.started())));
        if (t.ended() != null) {
            run.addLiteral(Prov.endedAtTime, m.createTypedLiteral(dateTime(t.ended())));
        }
        for (int i = 0; i < t.decisions().size(); i++) {
            run.addProperty(decision, t.decisions().get(i));
        }
        if (!t.decisions().isEmpty()) {
            run.addProperty(statusReason, t.decisions().get(t.decisions().size() - 1));
        }
        if (t.epochs() > 0) {
            run.addLiteral(score, measure.value(t.metrics().get(t.epochs() - 1)));
        }
        for (Map.Entry<String, Object> e : t.params().entrySet()) {
            Resource hp = m.createResource(RunRdf.ML + "implementation/" + s.model() + "/" + e.getKey())
                    .addProperty(RDF.type, Mls.HyperParameter).addProperty(RDFS.label, e.getKey());
            impl.addProperty(m.createProperty(Mls.NS + "hasHyperParameter"), hp);
            run.addProperty(Mls.hasInput, m.createResource(iri + "/param/" + e.getKey()).addProperty(RDF.type, Mls.HyperParameterSetting)
                    .addProperty(Mls.specifiedBy, hp).addLiteral(Mls.hasValue, m.createTypedLiteral(e.getValue())));
        }
        for (EpochMetrics e : t.metrics()) {
            evaluation(m, run, iri + "/epoch/" + e.epoch() + "/train/loss", "cross-entropy", "train", e.epoch(), e.trainLoss());
            evaluation(m, run, iri + "/epoch/" + e.epoch() + "/train/accuracy", "accuracy", "train", e.epoch(), e.trainAccuracy());
            evaluation(m, run, iri + "/epoch/" + e.epoch() + "/validation/loss", "cross-entropy", "validation", e.epoch(), e.validationLoss());
            evaluation(m, run, iri + "/epoch/" + e.epoch() + "/validation/accuracy", "accuracy", "validation", e.epoch(),
                    e.validationAccuracy());
        }
        return m;
    }

    private static void evaluation(Model m, Resource run, String iri, String measure, String split, int epoch, double value) {
        if (Double.isNaN(value)) {
            return; // not measured: say nothing rather than NaN
        }
        run.addProperty(Mls.hasOutput, m.createResource(iri).addProperty(RDF.type, Mls.ModelEvaluation)
                .addProperty(Mls.specifiedBy, m.createResource(RunRdf.ML + "measure/" + measure)
                        .addProperty(RDF.type, Mls.EvaluationMeasure).addProperty(RDFS.label, measure))
                .addLiteral(Mls.hasValue, value).addProperty(Floe.split, split).addLiteral(Floe.epoch, (long) epoch));
    }

    private static Model model() {
        Model m = ModelFactory.createDefaultModel();
        m.setNsPrefix("floe", Floe.NS);
        m.setNsPrefix("mls", Mls.NS);
        m.setNsPrefix("prov", Prov.NS);
        return m;
    }

    private static Property p(String local) {
        return ResourceFactory.createProperty(Floe.NS + local);
    }

    private static XSDDateTime dateTime(String instant) {
        Calendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        c.setTimeInMillis(Instant.parse(instant).toEpochMilli());
        return new XSDDateTime(c);
    }
}
