package dev.floe.ml.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Builds the DL4J {@link ComputationGraph} a {@link CnnSpec} describes, initialised from a seed. */
public final class Cnn {

    /** Input names, in the order {@code Standardiser.inputs} produces the arrays. */
    public static final String IMAGE = "image";
    public static final String EXTRAS = "extras";

    private Cnn() {
    }

    /** A fresh, initialised network; the same spec and seed give the same initial weights. */
    public static ComputationGraph build(CnnSpec spec, long seed) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(spec.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder();
        if (spec.extras() > 0) {
            g.addInputs(IMAGE, EXTRAS).setInputTypes(
                    InputType.convolutional(spec.height(), spec.width(), spec.channels()),
                    InputType.feedForward(spec.extras()));
        } else {
            g.addInputs(IMAGE).setInputTypes(InputType.convolutional(spec.height(), spec.width(), spec.channels()));
        }
        String last = IMAGE;
        int[] filters = spec.filters();
        for (int i = 0; i < filters.length; i++) {
            g.addLayer("conv" + (i + 1), new ConvolutionLayer.Builder(3, 3).nOut(filters[i])
                    .activation(Activation.RELU).build(), last);
            g.addLayer("pool" + (i + 1), new SubsamplingLayer.Builder(PoolingType.MAX)
                    .kernelSize(2, 2).stride(2, 2).build(), "conv" + (i + 1));
            last = "pool" + (i + 1);
        }
        if (spec.dense() > 0) { // 0: left out by an ablation, the softmax reads the last pooling directly
            g.addLayer("dense1", new DenseLayer.Builder().nOut(spec.dense()).activation(Activation.RELU).build(), last);
            last = "dense1";
        }
        if (spec.extras() > 0) {
            g.addVertex("merge", new MergeVertex(), last, EXTRAS);
            g.addLayer("dense2", new DenseLayer.Builder().nOut(spec.dense()).activation(Activation.RELU).build(), "merge");
            last = "dense2";
        }
        g.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(spec.classes()).activation(Activation.SOFTMAX).build(), last);
        g.setOutputs("out");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }
}
