package dev.floe.endpoint;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;

import org.apache.jena.query.QueryCancelledException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * The body of a query's answer, written while the query still runs, that never reaches a client as a
 * complete-looking answer when the query fails on the way (a timeout, mostly). Results serialisations give no
 * sign of being cut short (a CSV cut after a line looks whole), so:
 * <ul>
 * <li>the first {@value #HELD_BYTES} bytes are held back: a failure while nothing more was written leaves
 *     nothing sent, and the answer becomes the failure's status instead (503 for a timeout, see
 *     {@link Failures});</li>
 * <li>a failure after bytes have left aborts the connection without the closing chunk of the chunked transfer
 *     encoding, so the client sees a broken body (an I/O error), never a short well-formed one.</li>
 * </ul>
 * Once past the held bytes it writes in blocks of {@value #BLOCK_BYTES} bytes whatever the serialiser flushes
 * (Jena's CSV writer otherwise sends a chunk per field). {@code done} runs once, however the writing ends.
 */
final class StreamedAnswer implements StreamingOutput {

    private static final Logger LOG = LoggerFactory.getLogger(StreamedAnswer.class);

    /**
     * Jersey's responder, which logs an error with a stack trace when it cannot finish a response whose
     * connection was aborted; held here so that its filter stays set (java.util.logging keeps loggers weakly).
     */
    private static final java.util.logging.Logger JERSEY_RESPONDER =
            java.util.logging.Logger.getLogger("org.glassfish.jersey.server.ServerRuntime$Responder");
    /** Set on the thread of a request whose connection this class aborted, until the request ends. */
    private static final ThreadLocal<Boolean> ABORTED_HERE = new ThreadLocal<>();

    /** Answers up to this size are sent only once complete: a failure becomes an error status. */
    static final int HELD_BYTES = 1 << 20;
    static final int BLOCK_BYTES = 64 << 10;

    /** Writes the answer (a results or RDF serialiser). */
    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private final Writer writer;
    private final Runnable abortConnection;
    private final Supplier<Response> timedOut;
    private final Runnable done;

    /**
     * @param abortConnection closes the client's connection at once (nothing more is sent on it)
     * @param timedOut        the answer to a query cancelled before any byte was sent
     * @param done            ends the query (closes the execution, ends the transaction, frees its place)
     */
    StreamedAnswer(Writer writer, Runnable abortConnection, Supplier<Response> timedOut, Runnable done) {
        this.writer = writer;
        this.abortConnection = abortConnection;
        this.timedOut = timedOut;
        this.done = done;
    }

    @Override
    public void write(OutputStream target) throws IOException {
        HeldBack out = new HeldBack(target);
        try {
            writer.write(out);
            out.finish();
        } catch (RuntimeException e) {
            if (!out.sentAny()) {
                // nothing left: answer with the failure's status, mapped like any other
                throw e instanceof QueryCancelledException ? new WebApplicationException(e, timedOut.get()) : e;
            }
            LOG.warn("a query's answer failed after {} bytes were sent; connection aborted so the client sees it cut off: {}",
                    out.released(), e instanceof QueryCancelledException ? "the query timed out" : e.toString());
            out.abort();
            ABORTED_HERE.set(Boolean.TRUE);
            abortConnection.run();
        } finally {
            done.run();
        }
    }

    /**
     * Keeps Jersey quiet about the connections aborted on purpose (this class has logged each in one line); its
     * other messages pass. Called once per server start.
     */
    static void quietJerseyAboutAborts() {
        JERSEY_RESPONDER.setFilter(record -> !Boolean.TRUE.equals(ABORTED_HERE.get()));
    }

    /** Called when a request's processing ends on its thread (see {@link PlainTextErrors}). */
    static void requestEnded() {
        ABORTED_HERE.remove();
    }

    /** Holds the first bytes back; then passes blocks on, deciding itself when to flush. Not thread-safe. */
    private static final class HeldBack extends OutputStream {
        private final OutputStream target;
        private ByteArrayOutputStream held = new ByteArrayOutputStream(8 << 10);
        private OutputStream blocks;
        private long released;
        private boolean aborted;

        HeldBack(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (aborted) {
                return;
            }
            if (held != null) {
                if (held.size() + len <= HELD_BYTES) {
                    held.write(b, off, len);
                    return;
                }
                release();
            }
            blocks.write(b, off, len);
            released += len;
        }

        /** Serialisers flush as they please; the answer is flushed in blocks and at the end. */
        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        private void release() throws IOException {
            blocks = new BufferedOutputStream(target, BLOCK_BYTES);
            released = held.size();
            held.writeTo(blocks);
            held = null;
        }

        void finish() throws IOException {
            if (held != null) {
                held.writeTo(target);
                held = null;
            } else {
                blocks.flush();
            }
        }

        boolean sentAny() {
            return held == null;
        }

        long released() {
            return released;
        }

        void abort() {
            aborted = true;
        }
    }
}
