package dev.floe.ml.serving;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import dev.floe.ml.api.InferenceRequest;
import dev.floe.ml.api.InferenceResult;
import dev.floe.ml.api.Tensor;
import dev.floe.ml.monitoring.DriftWatch;
import dev.floe.ml.monitoring.InferenceLog;
import dev.floe.ml.monitoring.InferenceRecord;
import dev.floe.ml.monitoring.PatchSummary;
import dev.floe.ml.registry.ModelVersion;

/**
 * What the model server hands its {@link InferenceLog} for each request it answered or refused: the request's own
 * fields, its outcome as the HTTP status both protocols answer with, and per row the summary of each input channel
 * ({@link PatchSummary}), the outputs and the recorded prediction's IRI. The record is built on the log's writer
 * thread from references the request already holds, so serving pays only for queueing it; the full input is kept
 * for a {@code sampleRate} share of the requests. Every built record also goes to the background drift monitor, when
 * there is one.
 */
public final class InferenceLogging {

    private final InferenceLog log;
    private final double sampleRate;
    private final Function<String, String> productOf;
    private final DriftWatch watch;
    private final Map<String, PatchSummary> summaries = new ConcurrentHashMap<>();

    /**
     * Logs into {@code log}, keeping the full input of a {@code sampleRate} share (0 to 1) of the requests; {@code
     * productOf} gives the product a subject was cut from (null when unknown; called on the writer thread), {@code watch}
     * checks the logged rows for drift (null: no background monitor).
     */
    public InferenceLogging(InferenceLog log, double sampleRate, Function<String, String> productOf, DriftWatch watch) {
        if (!(sampleRate >= 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("the sample rate of logged inputs is a share from 0 to 1, not " + sampleRate);
        }
        this.log = log;
        this.sampleRate = sampleRate;
        this.productOf = productOf == null ? s -> null : productOf;
        this.watch = watch;
    }

    public InferenceLog log() {
        return log;
    }

    /** The background drift monitor, or null. */
    public DriftWatch watch() {
        return watch;
    }

    /**
     * Queues the record of one request: {@code version} the version that answered or would have (null when none
     * resolved), {@code result} its answer or null, {@code status} the HTTP status answered, {@code error} why it
     * failed or null. Never blocks.
     */
    void offer(InferenceRequest request, ModelVersion version, InferenceResult result, int status, String error, long latencyNanos,
               Instant at) {
        boolean sampled = sampleRate > 0 && ThreadLocalRandom.current().nextDouble() < sampleRate;
        log.offer(() -> {
            InferenceRecord r = record(request, version, result, status, error, latencyNanos, at, sampled);
            if (watch != null) {
                watch.accept(r);
            }
            return r;
        });
    }

    private InferenceRecord record(InferenceRequest request, ModelVersion version, InferenceResult result, int status, String error,
                                   long latencyNanos, Instant at, boolean sampled) {
        String id = request.id() != null ? request.id() : result != null && result.id() != null ? result.id() : UUID.randomUUID().toString();
        List<InferenceRecord.Row> rows = version == null ? List.of() : rows(request, version, result, sampled);
        return new InferenceRecord(id, request.selector().model(), version == null ? 0 : version.version(),
                request.selector().alias(), request.protocol(), at, latencyNanos / 1000, status,
                error, rows);
    }

    /** The rows of a request whose inputs fit the version's signature; none when they do not. */
    private List<InferenceRecord.Row> rows(InferenceRequest request, ModelVersion version, InferenceResult result, boolean sampled) {
        Tensor patch = request.inputs().get(Predictor.PATCH);
        if (patch == null || patch instanceof Tensor.Strings) {
            return List.of();
        }
        int values = Math.toIntExact(Tensor.elements(patch.shape()));
        PatchSummary summary = summaries.computeIfAbsent(version.iri(), k -> PatchSummary.of(version));
        int size = version.channels() * version.height() * version.width();
        int extrasCount = version.extras().size();
        if (size == 0 || values % size != 0) {
            return List.of();
        }
        int n = values / size;
        Tensor extraData = extrasCount == 0 ? null : extras(request);
        if (extrasCount > 0 && (extraData == null || Tensor.elements(extraData.shape()) != (long) n * extrasCount)) {
            return List.of();
        }
        double[] probabilities = result == null ? null : numbers(result.output(Predictor.PROBABILITIES));
        String[] classes = result == null || !(result.output(Predictor.CLASS) instanceof Tensor.Strings s) ? null : s.data();
        double[] confidence = result == null ? null : numbers(result.output(Predictor.CONFIDENCE));
        int c = version.classes().size();
        List<InferenceRecord.Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] pixels = new float[size];
            for (int k = 0; k < size; k++) {
                pixels[k] = (float) patch.number(i * size + k);
            }
            float[] extraValues = new float[extrasCount];
            for (int e = 0; e < extrasCount; e++) {
                extraValues[e] = (float) extraData.number(i * extrasCount + e);
            }
            double[] f = summary.of(pixels, extraValues);
            float[] p = null;
            if (probabilities != null && probabilities.length == n * c) {
                p = new float[c];
                for (int k = 0; k < c; k++) {
                    p[k] = (float) probabilities[i * c + k];
                }
            }
            InferenceRequest.Subject subject = i < request.subjects().size() ? request.subjects().get(i) : null;
            String subjectIri = subject == null ? null : subject.iri();
            String prediction = result != null && i < result.predictions().size() ? result.predictions().get(i) : null;
            rows.add(InferenceRecord.Row.summarised(subjectIri, subjectIri == null ? null : productOf.apply(subjectIri), prediction,
                    summary.channels(), summary.extras(), f, p, classes == null ? null : classes[i],
                    confidence == null ? null : (float) confidence[i], sampled ? pixels : null));
        }
        return rows;
    }

    /** The numeric input beside the patch, or null. */
    private static Tensor extras(InferenceRequest request) {
        for (Map.Entry<String, Tensor> e : request.inputs().entrySet()) {
            if (!e.getKey().equals(Predictor.PATCH)) {
                return e.getValue() instanceof Tensor.Strings ? null : e.getValue();
            }
        }
        return null;
    }

    private static double[] numbers(Tensor t) {
        return t instanceof Tensor.Numbers x ? x.data() : null;
    }
}
