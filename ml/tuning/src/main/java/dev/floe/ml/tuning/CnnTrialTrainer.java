package dev.floe.ml.tuning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Random;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.data.Standardiser;
import dev.floe.ml.model.Cnn;
import dev.floe.ml.model.CnnSpec;
import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.train.EpochMetrics;
import dev.floe.ml.train.Evaluation;

/**
 * Trains trials of a floe CNN family the way {@code floe train} does (minibatch Adam, input scaling fitted on the
 * train split, {@link Cnn#build} seeded through the model configuration), one epoch at a time. Epoch e shuffles with a
 * generator seeded by the trial seed and e, and checkpoints keep Adam's state, so a trial resumed from a checkpoint
 * trains exactly as one never stopped. The train split is measured after an epoch only when the metric is a train
 * metric (else train loss and accuracy are NaN): forward passes over it cost a third of an epoch.
 */
public final class CnnTrialTrainer implements TrialTrainer {

    private final ModelFamily family;
    private final ImageSamples train;
    private final ImageSamples validation;
    private final Standardiser standardiser;
    private final boolean measureTrain;

    /** {@code train} and {@code validation} as the family's network sees them (after {@link ModelFamily#adapt}). */
    public CnnTrialTrainer(ModelFamily family, ImageSamples train, ImageSamples validation, Metric metric) {
        this.family = family;
        this.train = train;
        this.validation = validation;
        this.standardiser = Standardiser.fit(train);
        this.measureTrain = !metric.needsValidation();
    }

    public Standardiser standardiser() {
        return standardiser;
    }

    /** The network a trial's hyperparameters describe, for these samples. */
    public CnnSpec spec(Map<String, Object> params) {
        return TrialModel.of(family, params).spec(family, train);
    }

    @Override
    public TrialRun open(Map<String, Object> params, long seed, Path checkpoint, int epochsDone) {
        return open(TrialModel.of(family, params), seed, checkpoint);
    }

    /** A trial of {@code model} (any size, e.g. one an ablation rebuilt without a block), as {@link #open}. */
    public Run open(TrialModel model, long seed, Path checkpoint) {
        ComputationGraph net;
        if (checkpoint == null) {
            net = Cnn.build(model.spec(family, train), seed);
        } else {
            try {
                net = ModelSerializer.restoreComputationGraph(checkpoint.toFile(), true);
            } catch (IOException e) {
                throw new TuningException(checkpoint + ": cannot read the trial's checkpoint: " + e.getMessage(), e);
            }
        }
        return new Run(net, model.batchSize(), seed);
    }

    /** A trial's network in training; {@link #evaluate} measures it on other samples (e.g. a benchmark's test tile). */
    public final class Run implements TrialRun {
        private final ComputationGraph net;
        private final int batch;
        private final long seed;

        Run(ComputationGraph net, int batch, long seed) {
            this.net = net;
            this.batch = batch;
            this.seed = seed;
        }

        @Override
        public EpochMetrics epoch(int epoch) {
            int[] order = new int[train.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Random shuffle = new Random(seed * 31 + epoch);
            for (int i = order.length - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            long start = System.nanoTime();
            for (int b = 0; b < order.length; b += batch) {
                int n = Math.min(batch, order.length - b);
                int[] idx = new int[n];
                System.arraycopy(order, b, idx, 0, n);
                net.fit(standardiser.batch(train, idx));
            }
            double rate = train.size() / Math.max((System.nanoTime() - start) / 1e9, 1e-9);
            Evaluation onTrain = measureTrain ? Evaluation.of(net, standardiser, train, 256) : null;
            Evaluation onValidation = validation.size() == 0 ? null : Evaluation.of(net, standardiser, validation, 256);
            return new EpochMetrics(epoch, onTrain == null ? Double.NaN : onTrain.loss(),
                    onTrain == null ? Double.NaN : onTrain.accuracy(),
                    onValidation == null ? Double.NaN : onValidation.loss(),
                    onValidation == null ? Double.NaN : onValidation.accuracy(), rate);
        }

        /** The network's predictions on {@code samples} (adapted as the trainer's), with the trainer's input scaling. */
        public Evaluation evaluate(ImageSamples samples) {
            return Evaluation.of(net, standardiser, samples, 256);
        }

        @Override
        public void checkpoint(Path file) {
            try {
                Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
                ModelSerializer.writeModel(net, temp.toFile(), true);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new TuningException(file + ": cannot checkpoint the trial: " + e.getMessage(), e);
            }
        }
    }
}
