package dev.floe.endpoint.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.floe.ml.api.DataType;
import dev.floe.ml.api.InferenceRequest;
import dev.floe.ml.api.InferenceResult;
import dev.floe.ml.api.ModelSelector;
import dev.floe.ml.api.ModelService;
import dev.floe.ml.api.ModelSignature;
import dev.floe.ml.api.ModelVersionInfo;
import dev.floe.ml.api.ServingException;
import dev.floe.ml.api.Tensor;
import dev.floe.ml.api.TensorSpec;
import dev.floe.ml.api.VersionStatus;

/**
 * A model service for the protocol tests, computing exactly checkable answers: "toy" (versions 1 and 2, label
 * champion = 2) takes x FP32 [-1, 3] and gives probabilities = softmax(x), class (the top label of water, forest,
 * urban) and confidence; "double" gives one output y = 2x; "down" is known but answers UNAVAILABLE. Records every
 * request it runs.
 */
final class ToyModels implements ModelService {

    static final List<String> CLASSES = List.of("water", "forest", "urban");
    static final TensorSpec X = new TensorSpec("x", DataType.FP32, new long[] {-1, 3});

    final List<InferenceRequest> requests = new CopyOnWriteArrayList<>();
    /** The refusals the protocols reported: "protocol model status message". */
    final List<String> refusals = new CopyOnWriteArrayList<>();
    volatile boolean ready = true;

    @Override
    public void refused(ModelSelector selector, String protocol, int status, String message, long startNanos) {
        if (startNanos > System.nanoTime()) {
            throw new AssertionError("a refusal that started in the future");
        }
        refusals.add(protocol + " " + selector.model() + " " + status + " " + message);
    }

    @Override
    public List<String> models() {
        return List.of("double", "down", "toy");
    }

    @Override
    public List<VersionStatus> status(ModelSelector selector) {
        long v = resolve(selector);
        if (selector.version() == null && selector.alias() == null && selector.model().equals("toy")) {
            return List.of(new VersionStatus("toy", 1, VersionStatus.State.AVAILABLE, null),
                    new VersionStatus("toy", 2, VersionStatus.State.AVAILABLE, null));
        }
        return selector.model().equals("down")
                ? List.of(new VersionStatus("down", 1, VersionStatus.State.LOADING, "the weights are still loading"))
                : List.of(new VersionStatus(selector.model(), v, VersionStatus.State.AVAILABLE, null));
    }

    @Override
    public ModelVersionInfo metadata(ModelSelector selector) {
        long v = resolve(selector);
        return switch (selector.model()) {
            case "toy" -> new ModelVersionInfo("toy", v, v == 2 ? List.of("champion") : List.of(), "floe-test",
                    new ModelSignature(List.of(X), List.of(new TensorSpec("probabilities", DataType.FP32, new long[] {-1, 3}),
                            new TensorSpec("class", DataType.BYTES, new long[] {-1}),
                            new TensorSpec("confidence", DataType.FP32, new long[] {-1}))), CLASSES);
            case "double" -> new ModelVersionInfo("double", 1, List.of(), "floe-test",
                    new ModelSignature(List.of(X), List.of(new TensorSpec("y", DataType.FP32, new long[] {-1, 3}))), List.of());
            default -> new ModelVersionInfo("down", 1, List.of(), "floe-test",
                    new ModelSignature(List.of(X), List.of(new TensorSpec("y", DataType.FP32, new long[] {-1, 3}))), List.of());
        };
    }

    private static long resolve(ModelSelector s) {
        if (!List.of("toy", "double", "down").contains(s.model())) {
            throw new ServingException(ServingException.Kind.NOT_FOUND, "no model called " + s.model());
        }
        long latest = s.model().equals("toy") ? 2 : 1;
        if (s.alias() != null) {
            if (!s.alias().equals("champion") || !s.model().equals("toy")) {
                throw new ServingException(ServingException.Kind.NOT_FOUND, "model " + s.model() + " has no label " + s.alias());
            }
            return 2;
        }
        if (s.version() != null && (s.version() < 1 || s.version() > latest)) {
            throw new ServingException(ServingException.Kind.NOT_FOUND, "model " + s.model() + " has no version " + s.version());
        }
        return s.version() != null ? s.version() : latest;
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public InferenceResult infer(InferenceRequest request) {
        long v = resolve(request.selector());
        if (request.selector().model().equals("down")) {
            throw new ServingException(ServingException.Kind.UNAVAILABLE, "model down is still loading");
        }
        requests.add(request);
        Tensor x = request.inputs().get("x");
        int rows = (int) x.shape()[0];
        List<String> predictions = new ArrayList<>();
        if (request.records()) {
            for (int r = 0; r < rows; r++) {
                InferenceRequest.Subject s = request.subjects().get(r);
                predictions.add(s == null ? null : s.iri() + "/prediction");
            }
        }
        if (request.selector().model().equals("double")) {
            double[] y = new double[rows * 3];
            for (int i = 0; i < y.length; i++) {
                y[i] = 2 * x.number(i);
            }
            return new InferenceResult("double", v, List.of(Tensor.Numbers.fp32("y", new long[] {rows, 3}, y)), predictions,
                    request.id());
        }
        double[] p = new double[rows * 3];
        String[] top = new String[rows];
        double[] confidence = new double[rows];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                sum += Math.exp(x.number(r * 3 + c));
            }
            int best = 0;
            for (int c = 0; c < 3; c++) {
                p[r * 3 + c] = Math.exp(x.number(r * 3 + c)) / sum;
                if (p[r * 3 + c] > p[r * 3 + best]) {
                    best = c;
                }
            }
            top[r] = CLASSES.get(best);
            confidence[r] = p[r * 3 + best];
        }
        return new InferenceResult("toy", v, List.of(Tensor.Numbers.fp32("probabilities", new long[] {rows, 3}, p),
                new Tensor.Strings("class", new long[] {rows}, top), Tensor.Numbers.fp32("confidence", new long[] {rows}, confidence)),
                predictions, request.id());
    }
}
