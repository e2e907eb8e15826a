package dev.floe.ml.train;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.data.Standardiser;

/**
 * A model's predictions on labelled samples: the confusion matrix (rows: true class, columns: predicted),
 * overall accuracy, per-class recall, and the accuracy of always predicting the most frequent class of the
 * reference counts (the honest baseline a classifier must beat).
 */
public record Evaluation(List<String> classes, long[][] confusion, double loss) {

    /** Predicts {@code samples} in batches and compares with their labels. */
    public static Evaluation of(ComputationGraph model, Standardiser standardiser, ImageSamples samples, int batchSize) {
        int k = samples.classes().size();
        long[][] confusion = new long[k][k];
        double lossSum = 0;
        for (int start = 0; start < samples.size(); start += batchSize) {
            int n = Math.min(batchSize, samples.size() - start);
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = start + i;
            }
            INDArray out = model.output(false, standardiser.inputs(samples, idx))[0];
            for (int i = 0; i < n; i++) {
                int truth = samples.labels()[idx[i]];
                int predicted = out.getRow(i).argMax().getInt(0);
                confusion[truth][predicted]++;
                double p = Math.max(out.getDouble(i, truth), 1e-12);
                lossSum -= Math.log(p);
            }
        }
        return new Evaluation(samples.classes(), confusion, samples.size() == 0 ? Double.NaN : lossSum / samples.size());
    }

    public long total() {
        long t = 0;
        for (long[] row : confusion) {
            for (long v : row) {
                t += v;
            }
        }
        return t;
    }

    public double accuracy() {
        long correct = 0;
        for (int i = 0; i < confusion.length; i++) {
            correct += confusion[i][i];
        }
        long t = total();
        return t == 0 ? Double.NaN : (double) correct / t;
    }

    /** Recall of class {@code c} (NaN when it has no samples here). */
    public double recall(int c) {
        long row = 0;
        for (long v : confusion[c]) {
            row += v;
        }
        return row == 0 ? Double.NaN : (double) confusion[c][c] / row;
    }

    /** The accuracy of always answering the class that is most frequent among these samples. */
    public double majorityBaseline() {
        long best = 0;
        for (long[] row : confusion) {
            long r = 0;
            for (long v : row) {
                r += v;
            }
            best = Math.max(best, r);
        }
        long t = total();
        return t == 0 ? Double.NaN : (double) best / t;
    }
}
