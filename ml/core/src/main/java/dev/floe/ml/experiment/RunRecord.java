package dev.floe.ml.experiment;

import java.util.List;
import java.util.Map;

import dev.floe.ml.train.EpochMetrics;

/**
 * Everything about one training run ({@code run.json} in its folder), enough to reproduce it: the run id
 * and IRI, the training set (name, IRI, folder), the model family and its size, the training options, the
 * times, the per-epoch metrics and the held-out (test split) evaluation with the majority-class baseline.
 */
public record RunRecord(String id, String iri, String trainingSetName, String trainingSetIri, String trainingSetFolder,
                        String architecture, int[] filters, int dense, double learningRate,
                        int epochs, int batchSize, long seed, String started, String ended,
                        List<EpochMetrics> metrics, TestResult test, String modelFile) {

    public static final String FILE = "run.json";

    /** Held-out results: accuracy, per-class recall and sample count, the majority-class baseline, the confusion matrix. */
    public record TestResult(int samples, double accuracy, double majorityBaseline, Map<String, Double> recall,
                             Map<String, Long> support, long[][] confusion) {
    }
}
