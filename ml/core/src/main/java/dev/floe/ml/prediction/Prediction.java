package dev.floe.ml.prediction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a model version predicted for one sample (a patch, a SAR record, a product): the class of highest probability
 * and that probability, and the probability of every class when the model gives them. Written into the store as a
 * {@code floe:Prediction} by {@link PredictionWriter}; its IRI ({@link PredictionRdf#iri}) depends only on the model
 * version, the subject and the request id. Immutable. Values are not range-checked here: the writer refuses what
 * does not conform to the floe SHACL shapes.
 *
 * @param subject        IRI of what the prediction is about (its feature of interest)
 * @param sourceProduct  IRI of the EO product the sample came from, or null
 * @param modelVersion   IRI of the model version that predicted, e.g. {@code https://w3id.org/floe/data/model/sar-cnn/version/3}
 * @param predictedClass the class of highest probability, or null when the model gave none
 * @param confidence     the probability of {@code predictedClass}
 * @param probabilities  every class with its probability, in the model's class order; empty when only the top class
 *                       is known
 * @param resultTime     when the model computed the prediction
 * @param requestId      the id of the inference request it answered, or null
 * @param footprintWkt   the sample's footprint as a WKT literal (CRS84 unless it names another CRS), or null: the
 *                       writer then takes the subject's geometry from the store, if it has one
 */
public record Prediction(String subject, String sourceProduct, String modelVersion, String predictedClass,
                         double confidence, List<ClassProbability> probabilities, Instant resultTime, String requestId,
                         String footprintWkt) {

    /** One class and the probability the model gave it. */
    public record ClassProbability(String label, double probability) {
    }

    public Prediction {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(resultTime, "resultTime");
        probabilities = probabilities == null ? List.of() : List.copyOf(probabilities);
    }

    /**
     * A prediction from the model's probabilities, {@code classes} in the order of {@code probabilities}: the predicted
     * class is the first of highest probability (none when there are no classes).
     */
    public static Prediction of(String subject, String modelVersion, List<String> classes, double[] probabilities,
                                Instant resultTime) {
        if (classes.size() != probabilities.length) {
            throw new IllegalArgumentException(subject + ": " + classes.size() + " classes but " + probabilities.length
                    + " probabilities");
        }
        List<ClassProbability> all = new ArrayList<>(classes.size());
        int top = -1;
        for (int i = 0; i < probabilities.length; i++) {
            all.add(new ClassProbability(classes.get(i), probabilities[i]));
            if (top < 0 || probabilities[i] > probabilities[top]) {
                top = i;
            }
        }
        return top < 0
                ? new Prediction(subject, null, modelVersion, null, Double.NaN, all, resultTime, null, null)
                : new Prediction(subject, null, modelVersion, classes.get(top), probabilities[top], all, resultTime, null, null);
    }

    /** A prediction of which only the top class and its probability are known. */
    public static Prediction top(String subject, String modelVersion, String predictedClass, double confidence,
                                 Instant resultTime) {
        return new Prediction(subject, null, modelVersion, predictedClass, confidence, List.of(), resultTime, null, null);
    }

    /** This prediction made on the EO product {@code product} (an IRI; null for none). */
    public Prediction withSourceProduct(String product) {
        return new Prediction(subject, product, modelVersion, predictedClass, confidence, probabilities, resultTime,
                requestId, footprintWkt);
    }

    /** This prediction as the answer to the request {@code id} (null for none). */
    public Prediction withRequest(String id) {
        return new Prediction(subject, sourceProduct, modelVersion, predictedClass, confidence, probabilities, resultTime,
                id, footprintWkt);
    }

    /** This prediction located by {@code wkt}, a WKT literal (CRS84 unless it names another CRS; null for none). */
    public Prediction withFootprint(String wkt) {
        return new Prediction(subject, sourceProduct, modelVersion, predictedClass, confidence, probabilities, resultTime,
                requestId, wkt);
    }

    /** The IRI this prediction is written under. */
    public String iri() {
        return PredictionRdf.iri(modelVersion, subject, requestId);
    }
}
