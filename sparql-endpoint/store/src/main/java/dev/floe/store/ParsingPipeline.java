package dev.floe.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.ErrorHandler;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.sparql.core.Quad;

/**
 * Parses RDF files on a second thread and hands the triples and quads over in batches to the calling thread,
 * which owns the write transaction (TDB2 transactions are bound to a thread). What the parser-side stream
 * does (trimming, counting) runs in parallel with the storage writes, and the few statements the derived
 * indexes need (labels, geometries) go to a third thread, so that building their entries keeps off the
 * parser's path. A parse error stops the pipeline and is rethrown on the calling thread, naming the file.
 */
final class ParsingPipeline {

    private static final int BATCH = 10_000;
    private static final List<Object> END = List.of();

    /**
     * Statements that derived indexes need, chosen by their predicate on the parser thread and streamed to
     * {@code sink} on a thread of its own, in the order parsed.
     */
    record Side(Predicate<Node> wants, StreamRDF sink) {
    }

    private ParsingPipeline() {
    }

    /**
     * Parses {@code files}; every statement goes through the stream {@code parserSide} builds (on the parser
     * thread) and then to {@code storage} (on this thread), and those {@code side} wants also to its sink.
     * Returns when everything is in {@code storage} and the side's sink.
     */
    static void run(List<Path> files, ErrorHandler errors, Function<StreamRDF, StreamRDF> parserSide, StreamRDF storage,
                    Side side, List<String> loaded) {
        BlockingQueue<List<Object>> queue = new ArrayBlockingQueue<>(16);
        BlockingQueue<List<Object>> sideQueue = new ArrayBlockingQueue<>(16);
        RuntimeException[] failure = new RuntimeException[2];
        Thread parser = new Thread(() -> {
            Batcher batcher = new Batcher(queue);
            Batcher sideBatcher = new Batcher(sideQueue);
            StreamRDF sink = parserSide.apply(new Tee(batcher, side.wants(), sideBatcher));
            try {
                for (Path f : files) {
                    try {
                        // checking validates typed literals against their datatypes (geometry literals are parsed)
                        parse(f, errors, sink);
                    } catch (RiotException e) {
                        throw new StoreException(f + ": " + e.getMessage() + " (nothing was loaded)", e);
                    } catch (java.io.UncheckedIOException e) {
                        throw new StoreException(f + ": cannot read: " + e.getCause().getMessage() + " (nothing was loaded)", e);
                    }
                    synchronized (loaded) {
                        loaded.add(f.toString());
                    }
                }
                batcher.flush();
                sideBatcher.flush();
            } catch (RuntimeException e) {
                failure[0] = e;
            } finally {
                put(sideQueue, END);
                put(queue, END);
            }
        }, "floe-load-parser");
        Thread sideThread = new Thread(() -> {
            boolean failed = false;
            while (true) {
                List<Object> batch = take(sideQueue);
                if (batch == END) {
                    break;
                }
                if (!failed) { // after a failure the queue is still drained, so that the parser never blocks
                    try {
                        deliver(batch, side.sink());
                    } catch (RuntimeException e) {
                        failure[1] = e;
                        failed = true;
                    }
                }
            }
        }, "floe-load-indexes");
        for (Thread t : List.of(parser, sideThread)) {
            t.setDaemon(true);
            t.start();
        }
        try {
            while (true) {
                List<Object> batch = queue.take();
                if (batch == END) {
                    break;
                }
                deliver(batch, storage);
            }
            parser.join();
            sideThread.join();
        } catch (InterruptedException e) {
            parser.interrupt();
            sideThread.interrupt();
            Thread.currentThread().interrupt();
            throw new StoreException("load interrupted", e);
        } catch (RuntimeException e) {
            parser.interrupt();
            sideThread.interrupt();
            throw e;
        }
        for (RuntimeException e : failure) {
            if (e != null) {
                throw e;
            }
        }
    }

    /**
     * Parses one file, its syntax from its name, validating typed literals (geometry literals are parsed); a
     * {@code .gz} file (as triplify writes) is read through gzip, its syntax from the name before {@code .gz}.
     */
    static void parse(Path f, ErrorHandler errors, StreamRDF sink) {
        String name = f.getFileName().toString();
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
            RDFParser.source(f).checking(true).errorHandler(errors).parse(sink);
            return;
        }
        Lang lang = RDFLanguages.filenameToLang(name.substring(0, name.length() - 3));
        if (lang == null) {
            throw new StoreException(f + ": cannot tell the RDF syntax from the name (use e.g. .nt.gz, .ttl.gz, .nq.gz)");
        }
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(f), 1 << 16)) {
            RDFParser.source(in).lang(lang).checking(true).errorHandler(errors).parse(sink);
        } catch (java.io.EOFException e) {
            throw new StoreException(f + ": empty or truncated gzip file (nothing was loaded)", e);
        } catch (java.util.zip.ZipException e) {
            throw new StoreException(f + ": not a gzip file (" + e.getMessage() + "; nothing was loaded)", e);
        } catch (java.io.IOException e) {
            throw new StoreException(f + ": cannot read: " + e.getMessage() + " (nothing was loaded)", e);
        }
    }

    private static void deliver(List<Object> batch, StreamRDF sink) {
        for (Object o : batch) {
            if (o instanceof Triple t) {
                sink.triple(t);
            } else {
                sink.quad((Quad) o);
            }
        }
    }

    private static void put(BlockingQueue<List<Object>> queue, List<Object> batch) {
        try {
            queue.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("load interrupted", e);
        }
    }

    private static List<Object> take(BlockingQueue<List<Object>> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return END;
        }
    }

    /** Every statement to storage, and those the side wants to the side as well. */
    private static final class Tee extends StreamRDFBase {
        private final Batcher storage;
        private final Predicate<Node> wants;
        private final Batcher side;

        Tee(Batcher storage, Predicate<Node> wants, Batcher side) {
            this.storage = storage;
            this.wants = wants;
            this.side = side;
        }

        @Override
        public void triple(Triple triple) {
            storage.add(triple);
            if (wants.test(triple.getPredicate())) {
                side.add(triple);
            }
        }

        @Override
        public void quad(Quad quad) {
            storage.add(quad);
            if (wants.test(quad.getPredicate())) {
                side.add(quad);
            }
        }
    }

    /** Collects statements into batches for a queue. */
    private static final class Batcher {
        private final BlockingQueue<List<Object>> queue;
        private List<Object> batch = new ArrayList<>(BATCH);

        Batcher(BlockingQueue<List<Object>> queue) {
            this.queue = queue;
        }

        void add(Object o) {
            batch.add(o);
            if (batch.size() == BATCH) {
                flush();
            }
        }

        void flush() {
            if (!batch.isEmpty()) {
                put(queue, batch);
                batch = new ArrayList<>(BATCH);
            }
        }
    }
}
