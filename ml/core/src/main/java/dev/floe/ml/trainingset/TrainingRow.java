package dev.floe.ml.trainingset;

/**
 * One row of a training-set query: the sample (an IRI or id), its class, the raster file holding its
 * pixels (a file: IRI, or null) and its numeric features in the query's variable order (NaN = unbound).
 */
public record TrainingRow(String sample, String label, String raster, double[] features) {
}
