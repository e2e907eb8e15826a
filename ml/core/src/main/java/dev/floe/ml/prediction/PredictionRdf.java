package dev.floe.ml.prediction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.apache.jena.datatypes.TypeMapper;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.RDF;

import dev.floe.geo.Wkt;
import dev.floe.ontology.Floe;
import dev.floe.ontology.GeoSparql;
import dev.floe.ontology.Prov;
import dev.floe.ontology.Sosa;

/**
 * The RDF of a {@link Prediction}: a {@code floe:Prediction}, stated also as a {@code sosa:Observation} and a
 * {@code prov:Entity} so that SPARQL without inference finds it as either; its subject as {@code floe:sample} and
 * {@code sosa:hasFeatureOfInterest}, its model version as {@code floe:predictedBy} and {@code sosa:usedProcedure}, the
 * predicted class and confidence, one {@code floe:ClassProbability} per class, the result time (also as
 * {@code prov:generatedAtTime}), the request id, and, when it has a footprint, a {@code geo:Feature} with the geometry
 * {@code <{prediction}/geometry>} so that GeoSPARQL finds the prediction where its sample is.
 *
 * <p>Every IRI is derived from the prediction's own: {@code data/prediction/{h}} where {@code h} is the first 32 hex
 * digits of the SHA-256 of the model version, the subject and the request id, so that a replayed request names the
 * same prediction and writing it again replaces it; its class probabilities are {@code {prediction}/probability/{i}}
 * (i from 0, in the model's class order) rather than blank nodes, which a second write could not find to replace.
 * Stateless.
 */
public final class PredictionRdf {

    /** Base of prediction IRIs. */
    public static final String BASE = Floe.DATA + "prediction/";

    private PredictionRdf() {
    }

    /** The IRI of the prediction a model version made for a subject in answer to a request (null: none). */
    public static String iri(String modelVersion, String subject, String requestId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // IRIs hold no line breaks, so the three parts cannot run into one another
            String key = modelVersion + "\n" + subject + "\n" + (requestId == null ? "" : requestId);
            byte[] hash = sha.digest(key.getBytes(StandardCharsets.UTF_8));
            return BASE + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e); // every Java SE platform has it
        }
    }

    /** The IRI of a prediction's geometry. */
    public static String geometryIri(String predictionIri) {
        return predictionIri + "/geometry";
    }

    /** The IRI of a prediction's probability of its {@code index}-th class. */
    public static String probabilityIri(String predictionIri, int index) {
        return predictionIri + "/probability/" + index;
    }

    /** The WKT literal's lexical form with its CRS IRI always spelled out (CRS84 when it names none). */
    public static String wktLiteral(String wkt) {
        return "<" + Wkt.crs(wkt) + "> " + Wkt.text(wkt);
    }

    /** A new model holding the prediction's triples. */
    public static Model model(Prediction p) {
        Model m = ModelFactory.createDefaultModel();
        m.setNsPrefix("floe", Floe.NS);
        m.setNsPrefix("sosa", Sosa.NS);
        m.setNsPrefix("prov", Prov.NS);
        m.setNsPrefix("geo", GeoSparql.NS);
        add(p, m);
        return m;
    }

    /** Adds the prediction's triples to {@code m}. */
    public static void add(Prediction p, Model m) {
        String iri = p.iri();
        Resource prediction = m.createResource(iri)
                .addProperty(RDF.type, Floe.Prediction)
                .addProperty(RDF.type, Sosa.Observation)
                .addProperty(RDF.type, Prov.Entity);
        Resource subject = m.createResource(p.subject());
        Resource version = m.createResource(p.modelVersion());
        prediction.addProperty(Floe.sample, subject).addProperty(Sosa.hasFeatureOfInterest, subject)
                .addProperty(Floe.predictedBy, version).addProperty(Sosa.usedProcedure, version);
        if (p.sourceProduct() != null) {
            prediction.addProperty(Floe.sourceProduct, m.createResource(p.sourceProduct()));
        }
        if (p.predictedClass() != null) {
            prediction.addProperty(Floe.predictedClass, p.predictedClass())
                    .addLiteral(Floe.confidence, m.createTypedLiteral(p.confidence()));
        }
        List<Prediction.ClassProbability> probabilities = p.probabilities();
        for (int i = 0; i < probabilities.size(); i++) {
            Prediction.ClassProbability c = probabilities.get(i);
            Resource node = m.createResource(probabilityIri(iri, i)).addProperty(RDF.type, Floe.ClassProbability);
            if (c.label() != null) {
                node.addProperty(Floe.labelClass, c.label());
            }
            node.addLiteral(Floe.probability, m.createTypedLiteral(c.probability()));
            prediction.addProperty(Floe.classProbability, node);
        }
        Literal time = m.createTypedLiteral(p.resultTime().toString(), XSDDatatype.XSDdateTime);
        prediction.addLiteral(Sosa.resultTime, time).addLiteral(Prov.generatedAtTime, time);
        if (p.requestId() != null) {
            prediction.addProperty(Floe.request, p.requestId());
        }
        if (p.footprintWkt() != null) {
            Resource geometry = m.createResource(geometryIri(iri))
                    .addProperty(RDF.type, GeoSparql.Geometry)
                    .addLiteral(GeoSparql.asWKT, m.createTypedLiteral(wktLiteral(p.footprintWkt()),
                            // the datatype parsers give (jena-geosparql's, once set up), so the literal equals a parsed one
                            TypeMapper.getInstance().getSafeTypeByName(GeoSparql.wktLiteral.getURI())));
            prediction.addProperty(RDF.type, GeoSparql.Feature)
                    .addProperty(GeoSparql.hasGeometry, geometry)
                    .addProperty(GeoSparql.hasDefaultGeometry, geometry);
        }
    }
}
