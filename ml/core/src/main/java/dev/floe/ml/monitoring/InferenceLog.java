package dev.floe.ml.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The inference log: every request to a served model and its answer, as Avro object-container files under {@code
 * STORE/logs/inference/} (schema {@code inference-record.avsc}), readable by Avro's tools and by Spark's {@code
 * spark-avro}. See {@link InferenceLogFiles} for the file names.
 *
 * <p>Serving never waits for it: {@link #offer} puts a supplier of the record in a bounded queue and returns; one
 * writer thread builds each record (the input summaries are computed there, off the serving thread), appends it to
 * the open file, flushes a block at least every {@code flushEvery} and whenever the queue runs empty, and finishes the
 * file (forced to disk, renamed from {@code .open} to {@code .avro}) when it passes {@code rotateBytes} or {@code
 * rotateAfter}. When the queue is full the new record is dropped, not the oldest: the queued ones are already paid
 * for and closer to being written, and dropping the newest needs no lock shared with the writer. A supplier or a
 * write that throws counts as failed and the writer goes on. {@code written}, {@code dropped} and {@code failed} count
 * every record offered exactly once, once it has been dealt with.
 *
 * <p>A crash loses the records not yet flushed and those queued; finished files are never written again. At start,
 * an open file left by a crash is salvaged into a finished one ({@link #salvaged()}); then a new file is opened with
 * the next sequence number. One log per folder at a time.
 *
 * <p>Metrics, on the registry given: {@code floe.inference.log.records} (function counters tagged {@code
 * outcome=written|dropped|failed}) and the gauge {@code floe.inference.log.queue}; removed again on {@link #close()}.
 *
 * <p>Thread-safe: {@link #offer} from any number of serving threads.
 */
public final class InferenceLog implements AutoCloseable {

    /** The folder of the log, under the store directory. */
    public static final String FOLDER = "logs/inference";

    private static final Logger LOG = LoggerFactory.getLogger(InferenceLog.class);

    /** What the writer is asked to do besides writing a record. */
    private record Command(boolean stop, CountDownLatch done) {
    }

    private final Path dir;
    private final InferenceTopic topic;
    private final InferenceLogOptions options;
    private final Clock clock;
    private final MeterRegistry meters;
    private final List<Meter> registered;
    /** Records and commands, in order; records are bounded by {@link #queued}, commands are not (they are few). */
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final long salvaged;
    private final Thread writer;
    private volatile boolean closed;
    private volatile String lastFailure;

    // the writer thread's own
    private long nextSeq;
    private InferenceLogSegment segment;
    private long lastFlush;

    /**
     * Opens the log in {@code dir} (created when missing): salvages what a crashed process left open there and starts
     * the writer thread; registers its metrics on {@code meters}.
     */
    public InferenceLog(Path dir, InferenceLogOptions options, MeterRegistry meters) {
        this(dir, options, meters, null, Clock.systemUTC());
    }

    /**
     * As above, also sending every record written to {@code topic} (null: none), which the log then owns and closes;
     * its counts are meters too ({@code floe.inference.log.kafka}, outcome {@code sent} or {@code failed}).
     */
    public InferenceLog(Path dir, InferenceLogOptions options, MeterRegistry meters, InferenceTopic topic) {
        this(dir, options, meters, topic, Clock.systemUTC());
    }

    /** With the clock that names files and ages them (tests). */
    InferenceLog(Path dir, InferenceLogOptions options, MeterRegistry meters, Clock clock) {
        this(dir, options, meters, null, clock);
    }

    private InferenceLog(Path dir, InferenceLogOptions options, MeterRegistry meters, InferenceTopic topic, Clock clock) {
        this.topic = topic;
        this.dir = dir;
        this.options = Objects.requireNonNull(options, "options");
        this.clock = clock;
        this.meters = meters;
        try {
            Files.createDirectories(dir);
            nextSeq = InferenceLogFiles.nextSeq(dir); // before salvage: a leftover's number is not used again
            salvaged = InferenceLogFiles.salvage(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the inference log in " + dir + ": " + e.getMessage(), e);
        }
        if (salvaged > 0) {
            LOG.info("inference log {}: salvaged {} records that an earlier process had flushed but not finished", dir, salvaged);
        }
        List<Meter> meterList = new java.util.ArrayList<>(List.of(
                counter("written", InferenceLog::written, "records appended to the inference log"),
                counter("dropped", InferenceLog::dropped, "records not logged because the queue was full or the log closed"),
                counter("failed", InferenceLog::failed, "records whose building or writing failed"),
                Gauge.builder("floe.inference.log.queue", this, InferenceLog::queued)
                        .description("records waiting for the inference log's writer").register(meters)));
        if (topic != null) {
            meterList.add(FunctionCounter.builder("floe.inference.log.kafka", topic, InferenceTopic::sent).tags("outcome", "sent")
                    .description("records the Kafka brokers acknowledged").register(meters));
            meterList.add(FunctionCounter.builder("floe.inference.log.kafka", topic, InferenceTopic::failed).tags("outcome", "failed")
                    .description("records that could not be sent to Kafka").register(meters));
        }
        registered = List.copyOf(meterList);
        writer = new Thread(this::run, "floe-inference-log");
        writer.setDaemon(true);
        writer.start();
    }

    private Meter counter(String outcome, java.util.function.ToDoubleFunction<InferenceLog> count, String description) {
        return FunctionCounter.builder("floe.inference.log.records", this, count).tag("outcome", outcome)
                .description(description).register(meters);
    }

    /**
     * Never blocks: queues the record, built later on the log's writer thread; false (and counted as dropped) when the
     * queue is full or the log closed. The supplier runs on the writer thread, after the request was answered: it
     * must only compute (summaries, copies of what it captured), never wait, and it keeps what it captures alive
     * until then.
     */
    public boolean offer(Supplier<InferenceRecord> record) {
        Objects.requireNonNull(record, "record");
        if (closed) {
            dropped.incrementAndGet();
            return false;
        }
        int n;
        do {
            n = queued.get();
            if (n >= options.queueCapacity()) {
                dropped.incrementAndGet();
                return false;
            }
        } while (!queued.compareAndSet(n, n + 1));
        queue.add(record);
        if (closed && queue.remove(record)) {
            // raced with close: taken back before the writer or close saw it, so it is counted once, as dropped
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * Records appended to a file. Should the disk fail a flush, the records appended since the last flush are lost
     * with the file's last block and the failure is counted once, as failed.
     */
    public long written() {
        return written.get();
    }

    /** Records not logged: the queue was full, or the log closed. */
    public long dropped() {
        return dropped.get();
    }

    /** Records whose supplier threw (or gave null) or whose writing failed. */
    public long failed() {
        return failed.get();
    }

    /** Records waiting for the writer. */
    public int queued() {
        return queued.get();
    }

    /** The records salvaged at start from a file that a crashed process left open. */
    public long salvaged() {
        return salvaged;
    }

    /** The message of the last failure, null when there was none. */
    public String lastFailure() {
        return lastFailure;
    }

    /**
     * Waits until everything queued before the call is written and flushed to the file (for tests and orderly
     * shutdown; serving never calls it).
     */
    public void flush() {
        if (closed) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        queue.add(new Command(false, done));
        awaitUninterruptibly(done);
        if (topic != null) {
            topic.drain();
        }
    }

    /** Writes what is queued, finishes the open file and stops the writer. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        queue.add(new Command(true, new CountDownLatch(1)));
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        // offers that raced with close and came after the writer stopped
        for (Object left; (left = queue.poll()) != null; ) {
            if (left instanceof Command c) {
                c.done().countDown();
            } else {
                queued.decrementAndGet();
                dropped.incrementAndGet();
            }
        }
        if (topic != null) {
            topic.close();
        }
        registered.forEach(meters::remove);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The records of every finished file, then the open file's flushed part, oldest first, read lazily (close the
     * stream). Needs no open log: any process may read a log folder, also while a log writes into it.
     */
    public static Stream<InferenceRecord> read(Path dir) {
        return InferenceLogFiles.read(dir);
    }

    // ---- the writer thread

    private void run() {
        lastFlush = System.nanoTime();
        long flushEvery = options.flushEvery().toNanos();
        while (true) {
            Object next;
            try {
                long wait = segment != null && segment.dirty() ? Math.max(0, lastFlush + flushEvery - System.nanoTime()) : flushEvery;
                next = queue.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                continue; // only close stops the writer, so nothing queued is lost
            }
            if (next instanceof Command c) {
                flushSegment();
                if (c.stop()) {
                    finishSegment();
                    c.done().countDown();
                    return;
                }
                rotateIfDue();
                c.done().countDown();
                continue;
            }
            if (next != null) {
                queued.decrementAndGet();
                write(next);
            }
            if (segment != null && segment.dirty() && (queue.isEmpty() || System.nanoTime() - lastFlush >= flushEvery)) {
                flushSegment();
            }
            rotateIfDue();
        }
    }

    private void write(Object supplier) {
        InferenceRecord record;
        try {
            @SuppressWarnings("unchecked")
            InferenceRecord built = ((Supplier<InferenceRecord>) supplier).get();
            record = Objects.requireNonNull(built, "the record's supplier gave null");
        } catch (Throwable e) {
            fail("a record could not be built", e);
            return;
        }
        GenericRecord avro;
        try {
            avro = InferenceRecordAvro.toAvro(record);
        } catch (RuntimeException e) {
            fail("request " + record.requestId() + " could not be converted", e);
            return;
        }
        try {
            if (segment != null && expired(segment)) {
                finishSegment();
            }
            if (segment == null) {
                Instant now = clock.instant();
                segment = new InferenceLogSegment(InferenceLogFiles.openFile(dir, now, nextSeq++), now);
            }
            segment.append(avro);
            written.incrementAndGet();
        } catch (DataFileWriter.AppendWriteException e) {
            fail("request " + record.requestId() + " could not be written", e); // the writer dropped its partial bytes
        } catch (IOException | RuntimeException e) {
            fail("request " + record.requestId() + " could not be written to " + (segment == null ? dir : segment.path()), e);
            abandonSegment();
        }
        if (topic != null) {
            topic.send(avro, record.model());
        }
    }

    private void flushSegment() {
        if (segment == null || !segment.dirty()) {
            lastFlush = System.nanoTime();
            return;
        }
        try {
            segment.flush();
        } catch (IOException | RuntimeException e) {
            fail("the inference log file " + segment.path() + " could not be flushed", e);
            abandonSegment();
        }
        lastFlush = System.nanoTime();
    }

    private void rotateIfDue() {
        if (segment != null && (segment.size() >= options.rotateBytes() || expired(segment))) {
            finishSegment();
        }
    }

    private boolean expired(InferenceLogSegment s) {
        return Duration.between(s.opened(), clock.instant()).compareTo(options.rotateAfter()) >= 0;
    }

    /** Forces the open file to disk, closes it and gives it its finished name (or removes it when it holds nothing). */
    private void finishSegment() {
        if (segment == null) {
            return;
        }
        InferenceLogSegment s = segment;
        segment = null;
        try {
            s.finish();
        } catch (IOException | RuntimeException e) {
            fail("the inference log file " + s.path() + " could not be finished; it is salvaged at the next start", e);
            s.abandon();
        }
    }

    /** After a failed write: leaves the file as it is for the next start to salvage, and opens a new one on demand. */
    private void abandonSegment() {
        if (segment != null) {
            segment.abandon();
            segment = null;
        }
    }

    private void fail(String what, Throwable e) {
        failed.incrementAndGet();
        String message = what + ": " + e;
        if (lastFailure == null) {
            LOG.warn("inference log {}: {} (further failures are counted in floe.inference.log.records)", dir, message, e);
        } else {
            LOG.debug("inference log {}: {}", dir, message, e);
        }
        lastFailure = message;
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
