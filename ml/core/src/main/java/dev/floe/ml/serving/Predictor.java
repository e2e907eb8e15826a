package dev.floe.ml.serving;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floe.ml.api.DataType;
import dev.floe.ml.api.ModelSignature;
import dev.floe.ml.api.ServingException;
import dev.floe.ml.api.TensorSpec;
import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.data.Standardiser;
import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.registry.ModelVersion;

/**
 * One loaded model version, ready to answer: the network, the input normalisation it was trained with and its family's
 * input adaptation (e.g. the SAR model's band average), applied exactly as in training. Its signature names the raw
 * inputs a client sends: {@value #PATCH} (FP32, [-1, channels, height, width]) and, for models with extra inputs,
 * {@value #INCIDENCE_ANGLE} or {@value #FEATURES} (FP32, [-1, extras]); outputs {@value #PROBABILITIES} (FP32, [-1,
 * classes]), {@value #CLASS} (BYTES, [-1]) and {@value #CONFIDENCE} (FP32, [-1]).
 *
 * <p>A network is not safe for concurrent use: {@link #probabilities} runs one forward pass at a time.
 */
public final class Predictor {

    public static final String PATCH = "patch";
    public static final String INCIDENCE_ANGLE = "incidence_angle";
    public static final String FEATURES = "features";
    public static final String PROBABILITIES = "probabilities";
    public static final String CLASS = "class";
    public static final String CONFIDENCE = "confidence";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelVersion version;
    private final ModelFamily family;
    private final ComputationGraph network;
    private final Standardiser standardiser;
    private final ModelSignature signature;

    private Predictor(ModelVersion version, ComputationGraph network, Standardiser standardiser) {
        this.version = version;
        this.family = ModelFamily.of(version.architecture());
        this.network = network;
        this.standardiser = standardiser;
        List<TensorSpec> inputs = new ArrayList<>();
        inputs.add(new TensorSpec(PATCH, DataType.FP32, new long[] {-1, version.channels(), version.height(), version.width()}));
        if (!version.extras().isEmpty()) {
            inputs.add(new TensorSpec(extrasInput(), DataType.FP32, new long[] {-1, version.extras().size()}));
        }
        this.signature = new ModelSignature(inputs, List.of(
                new TensorSpec(PROBABILITIES, DataType.FP32, new long[] {-1, version.classes().size()}),
                new TensorSpec(CLASS, DataType.BYTES, new long[] {-1}),
                new TensorSpec(CONFIDENCE, DataType.FP32, new long[] {-1})));
    }

    /**
     * Loads a registered version from its folder, checking that its network file still has the SHA-256 it was
     * registered with, and warms it up with one forward pass.
     */
    public static Predictor load(ModelVersion version) {
        try {
            String sha256 = dev.floe.ml.registry.Digests.sha256(version.folder().resolve(ModelVersion.NETWORK));
            if (!sha256.equals(version.sha256())) {
                throw new ServingException(ServingException.Kind.UNAVAILABLE, version.model() + " version " + version.version()
                        + ": its network file " + version.folder().resolve(ModelVersion.NETWORK) + " has changed since it was "
                        + "registered (SHA-256 " + sha256 + ", registered " + version.sha256() + ")");
            }
            ComputationGraph network = ModelSerializer.restoreComputationGraph(
                    version.folder().resolve(ModelVersion.NETWORK).toFile(), false);
            Standardiser standardiser = JSON.readValue(version.folder().resolve(ModelVersion.STANDARDISER).toFile(), Standardiser.class);
            Predictor p = new Predictor(version, network, standardiser);
            p.probabilities(new float[1][version.channels() * version.height() * version.width()],
                    new float[1][version.extras().size()]);
            return p;
        } catch (IOException e) {
            throw new ServingException(ServingException.Kind.UNAVAILABLE, version.model() + " version " + version.version()
                    + ": cannot load " + version.folder() + ": " + e.getMessage(), e);
        }
    }

    /** The name of the extra input: the SAR model's incidence angle, else generic features. */
    private String extrasInput() {
        return version.extras().size() == 1 && family == ModelFamily.SAR_CNN ? INCIDENCE_ANGLE : FEATURES;
    }

    public ModelVersion version() {
        return version;
    }

    public ModelSignature signature() {
        return signature;
    }

    /** The name of the input that carries the extras, or null when the model has none. */
    public String extrasInputName() {
        return version.extras().isEmpty() ? null : extrasInput();
    }

    /**
     * The class probabilities of each row: {@code pixels[i]} is one raw patch (channel first, row-major), {@code
     * extras[i]} its extra inputs (NaN: missing, imputed as in training). Every pixel is checked to be finite (an
     * MlDataException naming it); see {@link #probabilitiesOfChecked} for rows checked already.
     */
    public synchronized float[][] probabilities(float[][] pixels, float[][] extras) {
        int n = pixels.length;
        // the samples' constructor checks each value once, in the samples' terms
        new ImageSamples(Collections.nCopies(n, "request"), version.classes(), version.channels(), version.height(),
                version.width(), version.extras().size(), pixels, extras, new int[n]);
        return forward(pixels, extras);
    }

    /**
     * As {@link #probabilities}, for rows whose values the caller has checked to be finite (the server checks each
     * once, as it decodes or takes a request): nothing is checked or copied but into the network's input.
     */
    synchronized float[][] probabilitiesOfChecked(float[][] pixels, float[][] extras) {
        return forward(pixels, extras);
    }

    /**
     * One forward pass: each row adapted as its family does (e.g. the SAR band average) and standardised as in training,
     * written once into the array the network's input is made of.
     */
    private float[][] forward(float[][] pixels, float[][] extras) {
        int n = pixels.length;
        int area = version.height() * version.width();
        int channels = family.networkChannels(version.channels());
        int size = channels * area;
        float[] flat = new float[n * size];
        for (int i = 0; i < n; i++) {
            family.adapt(pixels[i], area, flat, i * size);
        }
        standardiser.normalise(flat, n, channels, area);
        boolean withExtras = family.usesExtras() && !version.extras().isEmpty();
        INDArray[] inputs = standardiser.inputs(flat, n, channels, version.height(), version.width(), withExtras ? extras : null);
        return network.output(false, inputs)[0].toFloatMatrix();
    }
}
