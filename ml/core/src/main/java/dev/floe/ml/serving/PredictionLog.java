package dev.floe.ml.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floe.geo.AtomicFiles;
import dev.floe.ml.MlDataException;
import dev.floe.ml.api.InferenceRequest;
import dev.floe.ml.registry.ModelVersion;

/**
 * The write-ahead log of asynchronously recorded predictions ({@code STORE/models/predictions.log}): a request that asks
 * for asynchronous recording is answered once its predictions are appended here and forced to disk; a background
 * thread then writes them into the store through the {@link PredictionSink} and notes how far it got in {@code
 * predictions.applied}. At start, whatever the log holds beyond that point is written again. Because a sink writes the
 * same predictions as the same triples, an entry written twice (a kill between the store's commit and the note) has
 * the effect of one write: nothing acknowledged is lost and nothing is recorded twice.
 *
 * <p>One JSON object a line (Jackson): the sequence number, model, version, subjects, probabilities, request id, time.
 */
public final class PredictionLog implements AutoCloseable {

    /** One logged recording. */
    public record Entry(long seq, String model, long version, List<InferenceRequest.Subject> subjects, float[][] probabilities,
                        String requestId, String at) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path log;
    private final Path applied;
    private final PredictionSink sink;
    private final Function<Entry, ModelVersion> versions;
    private final Path dir;
    /** The open log; null until a start found one to replay or the first recording created it. */
    private FileChannel channel;
    private final Thread writer;
    private final List<Entry> pending = new ArrayList<>();
    private long nextSeq;
    private long appliedSeq;
    private long failures;
    private String lastFailure;
    private boolean closed;

    /**
     * Opens the log in {@code dir}, writes into the store through {@code sink} whatever an earlier process logged but
     * did not write, and starts the background writer. {@code versions} finds the registered version of an entry. When
     * there is no log yet, neither {@code dir} nor the log is created before the first {@link #append}: a server that
     * records nothing asynchronously leaves the store's folder as it was.
     */
    public PredictionLog(Path dir, PredictionSink sink, Function<Entry, ModelVersion> versions) {
        this.dir = dir;
        this.log = dir.resolve("predictions.log");
        this.applied = dir.resolve("predictions.applied");
        this.sink = sink;
        this.versions = versions;
        try {
            appliedSeq = Files.exists(applied) ? Long.parseLong(Files.readString(applied).strip()) : 0;
            List<Entry> unapplied = new ArrayList<>();
            long last = appliedSeq;
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    Entry e;
                    try {
                        e = JSON.readValue(line, Entry.class);
                    } catch (IOException torn) {
                        break; // the last line of a process killed while appending: never acknowledged
                    }
                    last = Math.max(last, e.seq());
                    if (e.seq() > appliedSeq) {
                        unapplied.add(e);
                    }
                }
            }
            nextSeq = last + 1;
            for (Entry e : unapplied) {
                apply(e);
            }
            if (Files.exists(log)) {
                channel = open();
            }
        } catch (IOException | NumberFormatException e) {
            throw new MlDataException(log + ": cannot open the prediction log: " + e.getMessage(), e);
        }
        writer = new Thread(this::drain, "floe-prediction-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** Opens the log for appending, empty: everything it held is in the store. */
    private FileChannel open() throws IOException {
        Files.createDirectories(dir);
        FileChannel c = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        c.force(true);
        return c;
    }

    /** Entries replayed or written since start that the store refused, and the last reason (null when none). */
    public synchronized String lastFailure() {
        return failures == 0 ? null : failures + " failed: " + lastFailure;
    }

    /**
     * Appends a recording and forces it to disk; returns when it is durable (the answer may be sent). The store write
     * follows in the background.
     */
    public void append(ModelVersion version, List<InferenceRequest.Subject> subjects, float[][] probabilities, String requestId,
                       Instant at) {
        synchronized (this) {
            if (closed) {
                throw new MlDataException("the prediction log is closed");
            }
            Entry e = new Entry(nextSeq++, version.model(), version.version(), subjects, probabilities, requestId, at.toString());
            try {
                if (channel == null) {
                    channel = open();
                }
                byte[] line = (JSON.writeValueAsString(e) + "\n").getBytes(StandardCharsets.UTF_8);
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            } catch (IOException ex) {
                throw new UncheckedIOException(log + ": cannot append the predictions: " + ex.getMessage(), ex);
            }
            pending.add(e);
            notifyAll();
        }
    }

    /** Blocks until every entry appended so far is in the store (for tests and an orderly stop). */
    public synchronized void flush() throws InterruptedException {
        while (!pending.isEmpty()) {
            wait();
        }
    }

    private void drain() {
        while (true) {
            Entry next;
            synchronized (this) {
                while (pending.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pending.isEmpty()) {
                    return;
                }
                next = pending.get(0);
            }
            apply(next);
            synchronized (this) {
                pending.remove(0);
                if (pending.isEmpty()) {
                    try {
                        // everything logged is in the store: start the log afresh so it never grows without bound
                        channel.truncate(0);
                        channel.force(true);
                    } catch (IOException e) {
                        // the note below still says how far the store got; a longer log only costs a longer replay
                    }
                }
                notifyAll();
            }
        }
    }

    /** Writes one entry into the store and notes it; a refusal is counted, not retried (the sink validates its input). */
    private void apply(Entry e) {
        try {
            sink.record(versions.apply(e), e.subjects(), e.probabilities(), e.requestId(), Instant.parse(e.at()));
        } catch (RuntimeException ex) {
            synchronized (this) {
                failures++;
                lastFailure = "entry " + e.seq() + " (" + e.model() + " version " + e.version() + "): " + ex.getMessage();
            }
        }
        try {
            byte[] seq = Long.toString(e.seq()).getBytes(StandardCharsets.US_ASCII);
            AtomicFiles.write(applied, out -> {
                out.write(seq);
                return null;
            });
        } catch (IOException ex) {
            throw new UncheckedIOException(applied + ": " + ex.getMessage(), ex);
        }
        synchronized (this) {
            appliedSeq = e.seq();
        }
    }

    /** Writes what is pending, then closes the log. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            synchronized (this) {
                if (channel != null) {
                    channel.close();
                }
            }
        } catch (IOException e) {
            // the entries are forced already
        }
    }
}
