package dev.floe.ml;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.deeplearning4j.nn.graph.ComputationGraph;

import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.data.Standardiser;
import dev.floe.ml.model.Cnn;
import dev.floe.ml.model.CnnSpec;
import dev.floe.ml.train.EpochMetrics;
import dev.floe.ml.train.Evaluation;
import dev.floe.ml.train.TrainingOptions;
import dev.floe.ml.train.TrainingResult;

/**
 * Entry point of the ml module's training: fits a CNN of the seed's family ({@link CnnSpec}) on labelled
 * image samples with minibatch Adam, on whatever nd4j backend is on the classpath (nd4j-native on CPU by
 * default, nd4j-cuda with the {@code cuda} Maven profile).
 *
 * <p>Reproducible: the seed fixes the initial weights and the shuffling of every epoch, so the same
 * samples, spec and options give the same metrics. Throughput (samples/s) of each epoch is printed to the
 * progress stream (stderr in the CLI; {@code null} for quiet).
 */
public final class Trainer {

    private final PrintStream progress;

    public Trainer(PrintStream progress) {
        this.progress = progress;
    }

    /** Trains on {@code train}; {@code validation} may be empty. Standardisation is fitted on {@code train}. */
    public TrainingResult train(CnnSpec spec, ImageSamples train, ImageSamples validation, TrainingOptions options) {
        if (train.size() == 0) {
            throw new MlDataException("the training split is empty");
        }
        if (train.channels() != spec.channels() || train.height() != spec.height() || train.width() != spec.width()
                || train.extraCount() != spec.extras() || train.classes().size() != spec.classes()) {
            throw new MlDataException("the samples (" + train.channels() + "x" + train.height() + "x" + train.width() + ", "
                    + train.extraCount() + " extras, " + train.classes().size() + " classes) do not fit the "
                    + spec.architecture() + " model (" + spec.channels() + "x" + spec.height() + "x" + spec.width() + ", "
                    + spec.extras() + " extras, " + spec.classes() + " classes)");
        }
        // seeded through the model's configuration only (Cnn.build): nothing here sets ND4J's JVM-wide generator
        Standardiser standardiser = Standardiser.fit(train);
        ComputationGraph net = Cnn.build(spec, options.seed());
        Random shuffle = new Random(options.seed());
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        List<EpochMetrics> epochs = new ArrayList<>();
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            shuffle(order, shuffle);
            long start = System.nanoTime();
            for (int b = 0; b < order.length; b += options.batchSize()) {
                int n = Math.min(options.batchSize(), order.length - b);
                int[] idx = new int[n];
                System.arraycopy(order, b, idx, 0, n);
                net.fit(standardiser.batch(train, idx));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = train.size() / Math.max(seconds, 1e-9);
            Evaluation onTrain = Evaluation.of(net, standardiser, train, options.batchSize());
            Evaluation onValidation = validation.size() == 0 ? null
                    : Evaluation.of(net, standardiser, validation, options.batchSize());
            EpochMetrics m = new EpochMetrics(epoch, onTrain.loss(), onTrain.accuracy(),
                    onValidation == null ? Double.NaN : onValidation.loss(),
                    onValidation == null ? Double.NaN : onValidation.accuracy(), rate);
            epochs.add(m);
            if (progress != null) {
                progress.printf(Locale.ROOT, "epoch %d/%d: %d samples in %.1f s, %.1f samples/s; train loss %.4f acc %.3f%s%n",
                        epoch, options.epochs(), train.size(), seconds, rate, m.trainLoss(), m.trainAccuracy(),
                        onValidation == null ? "" : String.format(Locale.ROOT, "; validation loss %.4f acc %.3f",
                                m.validationLoss(), m.validationAccuracy()));
            }
        }
        return new TrainingResult(net, standardiser, List.copyOf(epochs));
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
