package dev.floe.ml.prediction;

import java.util.List;

import dev.floe.ml.MlDataException;

/**
 * A batch of predictions that {@link PredictionWriter} refused, so nothing of it was written: a prediction that does
 * not conform to the floe SHACL shapes, names something that is not an IRI, has a footprint that is not WKT, or has
 * the IRI of a different prediction in the same batch. The message names each refused prediction and what is wrong.
 */
public class InvalidPredictionException extends MlDataException {

    private static final long serialVersionUID = 1L;

    private final List<String> predictions;

    public InvalidPredictionException(List<String> predictions, String message) {
        super(message);
        this.predictions = List.copyOf(predictions);
    }

    /** The IRIs of the refused predictions, in batch order. */
    public List<String> predictions() {
        return predictions;
    }
}
