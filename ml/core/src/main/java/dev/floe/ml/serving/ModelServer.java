package dev.floe.ml.serving;

import java.io.PrintStream;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.floe.ml.api.InferenceRequest;
import dev.floe.ml.api.InferenceResult;
import dev.floe.ml.api.ModelSelector;
import dev.floe.ml.api.ModelService;
import dev.floe.ml.api.ModelVersionInfo;
import dev.floe.ml.api.ServingException;
import dev.floe.ml.api.Tensor;
import dev.floe.ml.api.TensorSpec;
import dev.floe.ml.api.VersionStatus;
import dev.floe.ml.registry.ModelRegistry;
import dev.floe.ml.registry.ModelVersion;

/**
 * Entry point of model serving: the registry's models behind the {@link ModelService} the HTTP protocols call. Each
 * model's default version (its {@code champion} alias, else its latest) is loaded and warmed up at start and whenever
 * the registry changes; other versions load on their first request. Requests to one version share forward passes
 * ({@link BatchScheduler}). Versions resolve against a snapshot of the registry that is replaced after every committed
 * change, so an alias change swaps the version served while requests in flight finish on the one they started with.
 *
 * <p>Inputs are checked against the version's signature before anything runs: names, numeric types, shapes, finite
 * values; a failure is an INVALID_ARGUMENT naming the input, row and value, and nothing is recorded.
 */
public final class ModelServer implements ModelService, AutoCloseable {

    /** Registered versions and aliases of every model, as of the last registry change. */
    private record Snapshot(Map<String, List<Long>> versions, Map<String, Map<String, Long>> aliases) {
        long resolve(ModelSelector s) {
            List<Long> vs = versions.get(s.model());
            if (vs == null || vs.isEmpty()) {
                throw new ServingException(ServingException.Kind.NOT_FOUND, "no model called " + s.model()
                        + (versions.isEmpty() ? " (this server serves no models)" : " (models: " + String.join(", ", versions.keySet()) + ")"));
            }
            return ModelRegistry.choose(s, vs, aliases.getOrDefault(s.model(), Map.of()));
        }
    }

    /** A loaded version and its batch queue. */
    private record Loaded(Predictor predictor, BatchScheduler scheduler) {
    }

    private record Key(String model, long version) {
    }

    private final ModelRegistry registry;
    private final BatchingOptions batching;
    private final PredictionSink sink;
    private final PrintStream log;
    private final PredictionLog predictionLog;
    private final MeterRegistry meters;
    private final InferenceLogging logging;
    /** Writes recorded predictions off the batch threads (the store serialises writes anyway). */
    private final java.util.concurrent.ExecutorService recorder = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "floe-prediction-writer");
        t.setDaemon(true);
        return t;
    });
    private final Map<Key, Loaded> loaded = new ConcurrentHashMap<>();
    private final Map<Key, String> failed = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot;

    /**
     * Serves {@code registry}'s models with {@code batching}; recorded predictions go to {@code sink} (null: a request
     * that names subjects is refused), asynchronous ones through a write-ahead log in {@code logDir} (null: only
     * synchronous recording), which is replayed now; load messages to {@code log} (null: quiet).
     */
    public ModelServer(ModelRegistry registry, BatchingOptions batching, PredictionSink sink, Path logDir, PrintStream log) {
        this(registry, batching, sink, logDir, log, new SimpleMeterRegistry());
    }

    /**
     * As above, recording into {@code meters} (the server's own registry, never Micrometer's JVM-wide one): {@code
     * floe.inference} (a timer per model, version and outcome, with a latency histogram), {@code floe.batch.rows} (rows
     * per forward pass), {@code floe.batch.queue.rows} (rows waiting) and {@code floe.batch.rejected} (requests refused
     * for a full queue), each per model and version.
     */
    public ModelServer(ModelRegistry registry, BatchingOptions batching, PredictionSink sink, Path logDir, PrintStream log,
                       MeterRegistry meters) {
        this(registry, batching, sink, logDir, log, meters, null);
    }

    /**
     * As above, handing every request that reaches the server (answered or refused) to {@code logging} (null: none) when
     * it completes.
     */
    public ModelServer(ModelRegistry registry, BatchingOptions batching, PredictionSink sink, Path logDir, PrintStream log,
                       MeterRegistry meters, InferenceLogging logging) {
        this.meters = meters;
        this.logging = logging;
        this.registry = registry;
        this.batching = batching;
        this.sink = sink;
        this.log = log;
        this.predictionLog = sink == null || logDir == null ? null
                : new PredictionLog(logDir, sink, e -> registry.version(e.model(), e.version()));
        this.snapshot = read();
        registry.onChange(this::refresh);
    }

    /** The log of asynchronously recorded predictions, or null when the server records only synchronously. */
    public PredictionLog predictionLog() {
        return predictionLog;
    }

    /** Loads and warms up every model's default version; returns when all are loaded (or failed, see status). */
    public ModelServer start() {
        loadDefaults(snapshot);
        return this;
    }

    private void refresh() {
        Snapshot next = read();
        snapshot = next;
        loadDefaults(next);
    }

    private Snapshot read() {
        Map<String, List<Long>> versions = new java.util.TreeMap<>();
        Map<String, Map<String, Long>> aliases = new java.util.TreeMap<>();
        for (String m : registry.models()) {
            versions.put(m, registry.versions(m).stream().map(ModelVersion::version).toList());
            aliases.put(m, Map.copyOf(registry.aliases(m)));
        }
        return new Snapshot(versions, aliases);
    }

    private void loadDefaults(Snapshot s) {
        for (String m : s.versions().keySet()) {
            try {
                loaded(new Key(m, s.resolve(ModelSelector.of(m))));
            } catch (ServingException e) {
                if (log != null) {
                    log.println("floe: model " + m + " is not available: " + e.getMessage());
                }
            }
        }
    }

    private Loaded loaded(Key key) {
        Loaded l = loaded.get(key);
        if (l != null) {
            return l;
        }
        String error = failed.get(key);
        if (error != null) {
            throw new ServingException(ServingException.Kind.UNAVAILABLE, error);
        }
        synchronized (this) {
            l = loaded.get(key);
            if (l != null) {
                return l;
            }
            try {
                long start = System.nanoTime();
                Predictor p = Predictor.load(registry.version(key.model(), key.version()));
                Tags tags = Tags.of("model", key.model(), "version", Long.toString(key.version()));
                DistributionSummary rows = DistributionSummary.builder("floe.batch.rows").description("rows per forward pass")
                        .tags(tags).register(meters);
                BatchScheduler scheduler = new BatchScheduler(key.model() + " version " + key.version(), p::probabilitiesOfChecked,
                        batching, rows::record);
                Gauge.builder("floe.batch.queue.rows", scheduler, BatchScheduler::queuedRows).description("rows waiting for a forward pass")
                        .tags(tags).register(meters);
                FunctionCounter.builder("floe.batch.rejected", scheduler, BatchScheduler::rejected)
                        .description("requests refused because the batch queue was full").tags(tags).register(meters);
                l = new Loaded(p, scheduler);
                loaded.put(key, l);
                if (log != null) {
                    log.printf(java.util.Locale.ROOT, "floe: serving %s version %d (%s, %d classes), loaded and warmed up in %.2f s%n",
                            key.model(), key.version(), p.version().architecture(), p.version().classes().size(),
                            (System.nanoTime() - start) / 1e9);
                }
                return l;
            } catch (ServingException e) {
                if (e.kind() == ServingException.Kind.UNAVAILABLE) {
                    failed.put(key, e.getMessage());
                }
                throw e;
            } catch (RuntimeException e) {
                String message = key.model() + " version " + key.version() + " failed to load: " + e.getMessage();
                failed.put(key, message);
                throw new ServingException(ServingException.Kind.UNAVAILABLE, message, e);
            }
        }
    }

    @Override
    public List<String> models() {
        return List.copyOf(snapshot.versions().keySet());
    }

    @Override
    public List<VersionStatus> status(ModelSelector selector) {
        Snapshot s = snapshot;
        if (selector.version() != null || selector.alias() != null) {
            long v = s.resolve(selector);
            return List.of(status(new Key(selector.model(), v), true));
        }
        s.resolve(selector); // NOT_FOUND for an unknown model
        List<VersionStatus> out = new ArrayList<>();
        for (long v : s.versions().get(selector.model())) {
            out.add(status(new Key(selector.model(), v), false));
        }
        return out;
    }

    private VersionStatus status(Key key, boolean load) {
        if (load) {
            try {
                loaded(key);
            } catch (ServingException e) {
                // reported below
            }
        }
        if (loaded.containsKey(key)) {
            return new VersionStatus(key.model(), key.version(), VersionStatus.State.AVAILABLE, null);
        }
        String error = failed.get(key);
        return error != null ? new VersionStatus(key.model(), key.version(), VersionStatus.State.END, error)
                : new VersionStatus(key.model(), key.version(), VersionStatus.State.START, null);
    }

    @Override
    public ModelVersionInfo metadata(ModelSelector selector) {
        Snapshot s = snapshot;
        long v = s.resolve(selector);
        Predictor p = loaded(new Key(selector.model(), v)).predictor();
        List<String> aliases = s.aliases().getOrDefault(selector.model(), Map.of()).entrySet().stream()
                .filter(e -> e.getValue() == v).map(Map.Entry::getKey).sorted().toList();
        return new ModelVersionInfo(selector.model(), v, aliases, "dl4j", p.signature(), p.version().classes());
    }

    @Override
    public boolean ready() {
        Snapshot s = snapshot;
        for (String m : s.versions().keySet()) {
            try {
                if (!loaded.containsKey(new Key(m, s.resolve(ModelSelector.of(m))))) {
                    return false;
                }
            } catch (ServingException e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public InferenceResult infer(InferenceRequest request) {
        try {
            return inferAsync(request).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * Checks the request and queues its rows at once (a bad input or a full queue fails the future immediately); the
     * outputs are assembled on the batch thread, and recorded predictions written on a separate thread, so that a
     * store write never holds up the next batch.
     */
    @Override
    public CompletableFuture<InferenceResult> inferAsync(InferenceRequest request) {
        long start = System.nanoTime();
        return timed(request, start, answer(request));
    }

    /** Records the request's latency under its model, version and outcome when it completes. */
    private CompletableFuture<InferenceResult> timed(InferenceRequest request, long start, CompletableFuture<InferenceResult> f) {
        return f.whenComplete((r, e) -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            int status = cause == null ? 200 : cause instanceof ServingException se ? se.kind().httpStatus() : 500;
            completed(request, start, r, status, cause == null ? null : String.valueOf(cause.getMessage()));
        });
    }

    @Override
    public void refused(ModelSelector selector, String protocol, int status, String message, long startNanos) {
        completed(new InferenceRequest(selector, Map.of(), null, List.of(), InferenceRequest.Recording.SYNC, protocol), startNanos,
                null, status, message);
    }

    /** Times a finished request by model, version and outcome, and hands it to the inference log. */
    private void completed(InferenceRequest request, long start, InferenceResult r, int status, String error) {
        long latency = System.nanoTime() - start;
        Long number = r != null ? Long.valueOf(r.version()) : null;
        if (r == null) {
            try {
                number = snapshot.resolve(request.selector());
            } catch (ServingException unknown) {
                // an unknown model or version: "none"
            }
        }
        String version = number == null ? "none" : Long.toString(number);
        if (logging != null) {
            Loaded l = number == null ? null : loaded.get(new Key(request.selector().model(), number));
            logging.offer(request, l == null ? null : l.predictor().version(), r, status, error, latency, Instant.now());
        }
        // a model the server does not serve is tagged "unknown": names from requests must not grow the meters without bound
        String model = snapshot.versions().containsKey(request.selector().model()) ? request.selector().model() : "unknown";
        Timer.builder("floe.inference").description("inference requests: latency by model, version and outcome")
                .tags("model", model, "version", version, "outcome", outcome(status))
                .publishPercentileHistogram().register(meters).record(latency, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The outcome tag of an HTTP status: ok, the failure kinds' names, else http_STATUS (a refusal of the protocol's). */
    private static String outcome(int status) {
        if (status == 200) {
            return "ok";
        }
        for (ServingException.Kind k : ServingException.Kind.values()) {
            if (k.httpStatus() == status) {
                return k.name().toLowerCase(java.util.Locale.ROOT);
            }
        }
        return status == 500 ? "error" : "http_" + status;
    }

    private CompletableFuture<InferenceResult> answer(InferenceRequest request) {
        Predictor p;
        int rows;
        CompletableFuture<float[][]> queued;
        try {
            long v = snapshot.resolve(request.selector());
            Loaded l = loaded(new Key(request.selector().model(), v));
            p = l.predictor();
            rows = rows(request, p);
            float[][] pixels = pixels(request.inputs().get(Predictor.PATCH), p, rows);
            float[][] extras = extras(request, p, rows);
            if (request.records()) {
                if (sink == null) {
                    throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "this server records no predictions");
                }
                if (request.subjects().size() != rows) {
                    throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "the request names " + request.subjects().size()
                            + " subjects for " + rows + " rows: name one per row (null for a row that is about nothing)");
                }
                if (request.recording() == InferenceRequest.Recording.ASYNC && predictionLog == null) {
                    throw new ServingException(ServingException.Kind.INVALID_ARGUMENT,
                            "this server records predictions synchronously only: leave out the asynchronous recording");
                }
            }
            queued = l.scheduler().submit(pixels, extras);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Predictor predictor = p;
        int n = rows;
        CompletableFuture<float[][]> computed = queued.exceptionallyCompose(e -> CompletableFuture.failedFuture(
                e instanceof ServingException ? e : new ServingException(ServingException.Kind.UNAVAILABLE, request.selector()
                        + ": the forward pass failed: " + e.getMessage(), e)));
        if (!request.records()) {
            return computed.thenApply(probabilities -> result(request, predictor, n, probabilities, List.of()));
        }
        return computed.thenApplyAsync(probabilities -> {
            List<String> predictions;
            if (request.recording() == InferenceRequest.Recording.ASYNC) {
                predictionLog.append(predictor.version(), request.subjects(), probabilities, request.id(), Instant.now());
                predictions = sink.iris(predictor.version(), request.subjects(), request.id());
            } else {
                predictions = sink.record(predictor.version(), request.subjects(), probabilities, request.id(), Instant.now());
            }
            return result(request, predictor, n, probabilities, predictions);
        }, recorder);
    }

    private static InferenceResult result(InferenceRequest request, Predictor p, int rows, float[][] probabilities,
                                          List<String> predictions) {
        List<String> classes = p.version().classes();
        int c = classes.size();
        double[] probs = new double[rows * c];
        String[] top = new String[rows];
        double[] confidence = new double[rows];
        for (int i = 0; i < rows; i++) {
            int best = 0;
            for (int k = 0; k < c; k++) {
                probs[i * c + k] = probabilities[i][k];
                if (probabilities[i][k] > probabilities[i][best]) {
                    best = k;
                }
            }
            top[i] = classes.get(best);
            confidence[i] = probabilities[i][best];
        }
        return new InferenceResult(request.selector().model(), p.version().version(), List.of(
                Tensor.Numbers.fp32(Predictor.PROBABILITIES, new long[] {rows, c}, probs),
                new Tensor.Strings(Predictor.CLASS, new long[] {rows}, top),
                Tensor.Numbers.fp32(Predictor.CONFIDENCE, new long[] {rows}, confidence)), predictions, request.id());
    }

    /** The number of rows every input agrees on; each input known, numeric and of its signature's shape. */
    private static int rows(InferenceRequest request, Predictor p) {
        for (String name : request.inputs().keySet()) {
            if (p.signature().input(name) == null) {
                throw invalid("unknown input " + name + " (" + p.version().model() + " takes " + names(p) + ")");
            }
        }
        int rows = -1;
        for (TensorSpec spec : p.signature().inputs()) {
            Tensor t = request.inputs().get(spec.name());
            if (t == null) {
                throw invalid("missing input " + spec.name() + " (" + spec.datatype() + " " + Arrays.toString(spec.shape()) + ")");
            }
            if (t instanceof Tensor.Strings) {
                throw invalid("input " + spec.name() + " is " + t.datatype() + ", the model takes " + spec.datatype());
            }
            long[] shape = t.shape();
            long[] want = spec.shape();
            boolean fits = shape.length == want.length;
            for (int d = 1; fits && d < want.length; d++) {
                fits = shape[d] == want[d];
            }
            if (!fits || shape[0] < 1) {
                throw invalid("input " + spec.name() + " has shape " + Arrays.toString(shape) + ", the model takes "
                        + Arrays.toString(want) + " (-1: any number of rows, at least one)");
            }
            if (rows >= 0 && shape[0] != rows) {
                throw invalid("the inputs disagree on the number of rows: " + rows + " and " + shape[0] + " (" + spec.name() + ")");
            }
            rows = (int) shape[0];
        }
        return rows;
    }

    /**
     * The patch's rows as the forward pass takes them. {@link Tensor.Floats} (what the protocols decode) were checked
     * when they were made and are used as they are; other numbers are checked here, each value once, and converted.
     */
    private static float[][] pixels(Tensor t, Predictor p, int rows) {
        int size = p.version().channels() * p.version().height() * p.version().width();
        if (t instanceof Tensor.Floats f) {
            return rowsOf(f.data(), rows, size);
        }
        double[] data = ((Tensor.Numbers) t).data();
        float[][] out = new float[rows][size];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < size; k++) {
                double v = data[i * size + k];
                if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
                    throw invalid("input " + Predictor.PATCH + ", row " + i + ", channel " + k / (p.version().height() * p.version().width())
                            + ", pixel " + k % (p.version().height() * p.version().width()) + ": " + v + " is not a finite FP32 value");
                }
                out[i][k] = (float) v;
            }
        }
        return out;
    }

    private static float[][] extras(InferenceRequest request, Predictor p, int rows) {
        String name = p.extrasInputName();
        int e = p.version().extras().size();
        float[][] out = new float[rows][e];
        if (name == null) {
            return out;
        }
        if (request.inputs().get(name) instanceof Tensor.Floats f) {
            return rowsOf(f.data(), rows, e);
        }
        double[] data = ((Tensor.Numbers) request.inputs().get(name)).data();
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < e; k++) {
                double v = data[i * e + k];
                if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
                    throw invalid("input " + name + ", row " + i + ": " + v + " is not a finite FP32 value");
                }
                out[i][k] = (float) v;
            }
        }
        return out;
    }

    /** {@code data} as {@code rows} rows of {@code size}: one row is the array itself, not a copy. */
    private static float[][] rowsOf(float[] data, int rows, int size) {
        if (rows == 1) {
            return new float[][] {data};
        }
        float[][] out = new float[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOfRange(data, i * size, (i + 1) * size);
        }
        return out;
    }

    private static String names(Predictor p) {
        return String.join(", ", p.signature().inputs().stream().map(TensorSpec::name).toList());
    }

    private static ServingException invalid(String message) {
        return new ServingException(ServingException.Kind.INVALID_ARGUMENT, message);
    }

    @Override
    public dev.floe.ml.api.AliasUpdate setAlias(String model, String alias, Long version, String by) {
        // a model, version or (to remove) alias that does not exist is NOT_FOUND, in the words every other route uses
        snapshot.resolve(version != null ? ModelSelector.version(model, version) : ModelSelector.alias(model, alias));
        try {
            dev.floe.ml.registry.AliasChange c = version == null ? registry.removeAlias(model, alias, by)
                    : registry.setAlias(model, alias, version, by);
            return c == null ? new dev.floe.ml.api.AliasUpdate(model, alias, version, version, false)
                    : new dev.floe.ml.api.AliasUpdate(model, alias, c.from(), c.to(), true);
        } catch (dev.floe.ml.MlDataException e) {
            // what is left is the alias name itself (not a name the registry takes, or a number)
            throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, e.getMessage(), e);
        }
    }

    @Override
    public dev.floe.ml.api.ModelMonitoring monitoring(String model) {
        if (logging == null) {
            return ModelService.super.monitoring(model);
        }
        snapshot.resolve(ModelSelector.of(model)); // NOT_FOUND for a model this server does not serve
        dev.floe.ml.monitoring.InferenceLog l = logging.log();
        dev.floe.ml.monitoring.DriftWatch w = logging.watch();
        return new dev.floe.ml.api.ModelMonitoring(model, l.written(), l.dropped(), l.failed(), w == null ? 0 : w.windowSize(),
                w == null ? List.of() : w.status(model));
    }

    /** Forward passes run, over all versions, since start. */
    public long forwardPasses() {
        return loaded.values().stream().mapToLong(l -> l.scheduler().batches()).sum();
    }

    /** Requests refused because a batch queue was full, over all versions, since start. */
    public long rejected() {
        return loaded.values().stream().mapToLong(l -> l.scheduler().rejected()).sum();
    }

    /** Lets the requests in the batch queues finish, then writes what the prediction log still holds. */
    @Override
    public void close() {
        loaded.values().forEach(l -> l.scheduler().close());
        loaded.clear();
        recorder.shutdown();
        try {
            recorder.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (predictionLog != null) {
            predictionLog.close();
        }
    }
}
