package dev.floe.app;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.system.Txn;

import dev.floe.ml.monitoring.DriftReportRdf;
import dev.floe.ml.monitoring.DriftWatch;
import dev.floe.ml.monitoring.InferenceLog;
import dev.floe.ml.monitoring.InferenceLogOptions;
import dev.floe.ml.monitoring.InferenceTopic;
import dev.floe.ml.registry.ModelRegistry;
import dev.floe.ml.serving.InferenceLogging;
import dev.floe.ontology.Floe;
import dev.floe.store.GeoStore;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How {@code floe serve} watches its models: the inference log under {@code STORE/logs/inference/} and the background
 * drift monitor, whose reports go into the store as {@code floe:DriftReport}s. Owns both; closed after the model
 * server (which stops feeding them) and before the store.
 */
final class ServingMonitor implements AutoCloseable {

    /**
     * The options of {@code floe serve} that set it up; {@code driftWindow} 0: no drift monitor; {@code kafka} the
     * brokers the log's records also go to (null: none), on {@code topic}.
     */
    record Options(boolean log, double sampleRate, int queue, long rotateBytes, Duration rotateAfter, int driftWindow, String kafka,
                   String topic) {
    }

    /** The seed of the monitor's calibration draws: fixed, so that the same log gives the same thresholds. */
    static final long SEED = 42;

    /** The log and the background monitor it feeds; null when nothing is logged. */
    private final InferenceLogging logging;

    private ServingMonitor(InferenceLogging logging) {
        this.logging = logging;
    }

    /** Sets up logging and monitoring of {@code store}'s models as {@code options} say; messages to {@code err}. */
    static ServingMonitor start(GeoStore store, ModelRegistry registry, Options options, MeterRegistry meters, PrintStream err) {
        if (!options.log()) {
            return new ServingMonitor(null);
        }
        InferenceLogOptions defaults = InferenceLogOptions.defaults();
        InferenceTopic topic;
        try {
            topic = options.kafka() == null ? null : InferenceTopic.connect(options.kafka(), options.topic(), Map.of());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new UsageException("--inference-kafka " + options.kafka() + ": " + (e.getCause() != null ? e.getCause().getMessage()
                    : e.getMessage()));
        }
        InferenceLog log = new InferenceLog(store.directory().resolve(InferenceLog.FOLDER), new InferenceLogOptions(options.queue(),
                options.rotateBytes(), options.rotateAfter(), defaults.flushEvery()), meters, topic);
        DriftWatch watch = options.driftWindow() == 0 ? null : new DriftWatch(registry::version, options.driftWindow(), SEED,
                w -> {
                    DriftReportRdf.write(store, w);
                    if (w.report().drifted()) {
                        err.println("floe: drift in " + w.model() + " version " + w.version() + " (" + w.report().windowSize()
                                + " rows, " + w.start() + " to " + w.end() + "): " + String.join(", ", w.report().driftedFeatures()));
                    }
                }, meters, err);
        Node sourceProduct = Floe.sourceProduct.asNode();
        InferenceLogging logging = new InferenceLogging(log, options.sampleRate(), subject -> Txn.calculateRead(store.dataset(), () -> {
            var it = store.dataset().asDatasetGraph().getDefaultGraph().find(NodeFactory.createURI(subject), sourceProduct, Node.ANY);
            try {
                Node product = it.hasNext() ? it.next().getObject() : null;
                return product != null && product.isURI() ? product.getURI() : null;
            } finally {
                it.close();
            }
        }), watch);
        return new ServingMonitor(logging);
    }

    /** What the model server hands each request to, or null when nothing is logged. */
    InferenceLogging logging() {
        return logging;
    }

    @Override
    public void close() {
        if (logging == null) {
            return;
        }
        logging.log().close(); // first: writing what is queued feeds the monitor
        if (logging.watch() != null) {
            logging.watch().close();
        }
    }
}
