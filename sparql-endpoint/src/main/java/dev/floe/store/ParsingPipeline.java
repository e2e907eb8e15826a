package dev.floe.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

import org.apache.jena.graph.Triple;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.ErrorHandler;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.sparql.core.Quad;

/**
 * Parses RDF files on a second thread and hands the triples and quads over in batches to the calling thread,
 * which owns the write transaction (TDB2 transactions are bound to a thread). What the parser-side stream
 * does (trimming, counting, text indexing) runs in parallel with the storage writes. A parse error stops the
 * pipeline and is rethrown on the calling thread, naming the file.
 */
final class ParsingPipeline {

    private static final int BATCH = 10_000;
    private static final List<Object> END = List.of();

    private ParsingPipeline() {
    }

    /**
     * Parses {@code files}; every statement goes through the stream {@code parserSide} builds (on the parser
     * thread) and then to {@code storage} (on this thread). Returns when everything is in {@code storage}.
     */
    static void run(List<Path> files, ErrorHandler errors, Function<StreamRDF, StreamRDF> parserSide, StreamRDF storage,
                    List<String> loaded) {
        BlockingQueue<List<Object>> queue = new ArrayBlockingQueue<>(16);
        RuntimeException[] failure = new RuntimeException[1];
        Thread parser = new Thread(() -> {
            Batcher batcher = new Batcher(queue);
            StreamRDF sink = parserSide.apply(batcher);
            try {
                for (Path f : files) {
                    try {
                        RDFParser.source(f).errorHandler(errors).parse(sink);
                    } catch (RiotException e) {
                        throw new StoreException(f + ": " + e.getMessage() + " (nothing was loaded)", e);
                    }
                    synchronized (loaded) {
                        loaded.add(f.toString());
                    }
                }
                batcher.flush();
            } catch (RuntimeException e) {
                failure[0] = e;
            } finally {
                put(queue, END);
            }
        }, "floe-load-parser");
        parser.setDaemon(true);
        parser.start();
        try {
            while (true) {
                List<Object> batch = queue.take();
                if (batch == END) {
                    break;
                }
                for (Object o : batch) {
                    if (o instanceof Triple t) {
                        storage.triple(t);
                    } else {
                        storage.quad((Quad) o);
                    }
                }
            }
            parser.join();
        } catch (InterruptedException e) {
            parser.interrupt();
            Thread.currentThread().interrupt();
            throw new StoreException("load interrupted", e);
        } catch (RuntimeException e) {
            parser.interrupt();
            throw e;
        }
        if (failure[0] != null) {
            throw failure[0];
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

    /** Collects statements into batches for the queue. */
    private static final class Batcher extends StreamRDFBase {
        private final BlockingQueue<List<Object>> queue;
        private List<Object> batch = new ArrayList<>(BATCH);

        Batcher(BlockingQueue<List<Object>> queue) {
            this.queue = queue;
        }

        @Override
        public void triple(Triple triple) {
            add(triple);
        }

        @Override
        public void quad(Quad quad) {
            add(quad);
        }

        private void add(Object o) {
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
