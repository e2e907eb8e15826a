package dev.floe.ml.trainingset;

import java.nio.file.Path;
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

import dev.floe.ontology.Floe;
import dev.floe.ontology.Prov;
import dev.floe.triplify.rdf.IriSegments;

/**
 * The RDF record of a training set (PROV-O): a floe:TrainingSet entity with its query text, source
 * (prov:wasDerivedFrom), creation activity and time, seed, ratios, folder, and one floe:classCount node
 * per split and class, so {@code SELECT ?set { ?set a floe:TrainingSet }} finds every set.
 */
public final class TrainingSetRdf {

    private TrainingSetRdf() {
    }

    /** The IRI floe gives the training set called {@code name}. */
    public static String iri(String name) {
        return Floe.DATA + "trainingset/" + IriSegments.encode(name);
    }

    static XSDDateTime dateTime(java.time.Instant instant) {
        Calendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        c.setTimeInMillis(instant.toEpochMilli());
        return new XSDDateTime(c);
    }

    public static Model model(Manifest m, Path folder, java.time.Instant started, java.time.Instant ended) {
        Model model = ModelFactory.createDefaultModel();
        model.setNsPrefix("floe", Floe.NS);
        model.setNsPrefix("prov", Prov.NS);
        Resource set = model.createResource(m.iri());
        Resource source = model.createResource(m.source());
        Resource activity = model.createResource(m.iri() + "/creation");
        set.addProperty(RDF.type, Floe.TrainingSet).addProperty(RDF.type, Prov.Entity)
                .addProperty(RDFS.label, m.name())
                .addProperty(Floe.query, m.query())
                .addLiteral(Floe.sampleCount, (long) m.total())
                .addLiteral(Floe.seed, m.seed())
                .addProperty(Floe.splitRatios, m.splitRatios())
                .addProperty(Floe.directory, model.createResource(folder.toUri().toString()))
                .addProperty(Prov.wasDerivedFrom, source)
                .addProperty(Prov.wasGeneratedBy, activity)
                .addLiteral(Prov.generatedAtTime, model.createTypedLiteral(dateTime(ended)));
        activity.addProperty(RDF.type, Prov.Activity)
                .addProperty(Prov.used, source)
                .addLiteral(Prov.startedAtTime, model.createTypedLiteral(dateTime(started)))
                .addLiteral(Prov.endedAtTime, model.createTypedLiteral(dateTime(ended)));
        for (Map.Entry<String, Map<String, Integer>> split : m.counts().entrySet()) {
            for (Map.Entry<String, Integer> c : split.getValue().entrySet()) {
                Resource count = model.createResource(m.iri() + "/count/" + split.getKey() + "/" + IriSegments.encode(c.getKey()));
                set.addProperty(Floe.classCount, count);
                count.addProperty(Floe.split, split.getKey())
                        .addProperty(Floe.labelClass, c.getKey())
                        .addLiteral(Floe.sampleCount, (long) c.getValue());
            }
        }
        return model;
    }
}
