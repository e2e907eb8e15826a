package dev.floe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.graph.Triple;
import org.apache.jena.riot.system.ErrorHandlerFactory;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.riot.system.StreamRDFLib;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParsingPipelineTest {

    @TempDir
    Path tmp;

    /** 250,000 triples (25 batches), every tenth with the predicate ex:label. */
    private Path manyTriples() throws IOException {
        Path file = tmp.resolve("many.nt");
        try (Writer w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < 250_000; i++) {
                w.write("<https://example.org/s" + i + "> <https://example.org/" + (i % 10 == 0 ? "label" : "value")
                        + "> \"" + i + "\" .\n");
            }
        }
        return file;
    }

    private static final class Collect extends StreamRDFBase {
        final List<Triple> triples = new ArrayList<>();

        @Override
        public void triple(Triple triple) {
            triples.add(triple);
        }
    }

    private static ParsingPipeline.Side labels(StreamRDF sink) {
        return new ParsingPipeline.Side(p -> p.getURI().equals("https://example.org/label"), sink);
    }

    @Test
    void everyStatementReachesStorageInOrderAndTheSideGetsExactlyTheOnesItWants() throws IOException {
        Path file = manyTriples();
        Collect storage = new Collect();
        Collect side = new Collect();
        List<String> loaded = new ArrayList<>();
        ParsingPipeline.run(List.of(file), ErrorHandlerFactory.errorHandlerStrictNoLogging, next -> next, storage,
                labels(side), loaded);
        assertEquals(250_000, storage.triples.size());
        for (int i = 0; i < 250_000; i += 49_999) {
            assertEquals("https://example.org/s" + i, storage.triples.get(i).getSubject().getURI());
        }
        assertEquals(25_000, side.triples.size());
        assertEquals(storage.triples.stream().filter(t -> t.getPredicate().getURI().endsWith("label")).toList(), side.triples);
        assertEquals(List.of(file.toString()), loaded);
    }

    @Test
    void aFailingSideIsReportedAfterStorageHasEverythingAndNeverStallsTheParser() throws IOException {
        Path file = manyTriples();
        Collect storage = new Collect();
        StreamRDF failing = new StreamRDFBase() {
            @Override
            public void triple(Triple triple) {
                throw new IllegalStateException("text index is full");
            }
        };
        IllegalStateException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(IllegalStateException.class,
                () -> ParsingPipeline.run(List.of(file), ErrorHandlerFactory.errorHandlerStrictNoLogging, next -> next, storage,
                        new ParsingPipeline.Side(p -> true, failing), new ArrayList<>()))); // more than its queue holds
        assertEquals("text index is full", e.getMessage());
        assertEquals(250_000, storage.triples.size());
    }

    @Test
    void aParseErrorNamesTheFile() throws IOException {
        Path bad = tmp.resolve("bad.nt");
        Files.writeString(bad, "<https://example.org/a> <https://example.org/label> \"x\" .\n<https://example.org/b> broken .\n");
        StoreException e = assertThrows(StoreException.class, () -> ParsingPipeline.run(List.of(bad),
                ErrorHandlerFactory.errorHandlerStrictNoLogging, next -> next, StreamRDFLib.sinkNull(),
                labels(StreamRDFLib.sinkNull()), new ArrayList<>()));
        assertTrue(e.getMessage().startsWith(bad + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(nothing was loaded)"), e.getMessage());
    }
}
