package dev.floe.ml.train;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;

import dev.floe.ml.data.Standardiser;

/** A trained network, the input scaling it was trained with, and the metrics of each epoch. */
public record TrainingResult(ComputationGraph model, Standardiser standardiser, List<EpochMetrics> epochs) {

    public EpochMetrics last() {
        return epochs.get(epochs.size() - 1);
    }
}
