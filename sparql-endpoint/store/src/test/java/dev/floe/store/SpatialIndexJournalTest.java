package dev.floe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.Quad;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

/** The journal gives back what was appended, blank nodes and empty lists included, and stops at a torn record. */
class SpatialIndexJournalTest {

    @TempDir
    Path tmp;

    static SpatialIndexJournal.Change change(Node graph, Object... resourceAndEnvelopes) {
        Map<Node, List<Envelope>> m = new LinkedHashMap<>();
        for (int i = 0; i < resourceAndEnvelopes.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<Envelope> e = (List<Envelope>) resourceAndEnvelopes[i + 1];
            m.put((Node) resourceAndEnvelopes[i], e);
        }
        return new SpatialIndexJournal.Change(graph, m);
    }

    @Test
    void recordsComeBackAsAppendedAndATornTailIsIgnored() throws Exception {
        Path file = tmp.resolve("spatial.journal");
        SpatialIndexJournal journal = new SpatialIndexJournal(file);
        List<SpatialIndexJournal.Change> first = List.of(
                change(Quad.defaultGraphIRI, NodeFactory.createURI("https://example.org/a"),
                        List.of(new Envelope(1, 2, 3, 4), new Envelope(-180, 180, -90, 90))),
                change(NodeFactory.createURI("https://example.org/g"), NodeFactory.createBlankNode("b0"), List.of(),
                        NodeFactory.createURI("https://example.org/\u00e9t\u00e9"), List.of(new Envelope(0.1, 0.1, -0.2, -0.2))));
        List<SpatialIndexJournal.Change> second = List.of(
                change(NodeFactory.createURI("https://example.org/g"), NodeFactory.createBlankNode("b0"), List.of(new Envelope(5, 6, 7, 8))));
        journal.append(first);
        journal.append(second);
        journal.append(List.of()); // nothing to record: nothing written
        assertEquals(List.of(first, second), journal.read());

        long whole = Files.size(file);
        journal.append(first);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(Files.size(file) - 3); // a crash in the middle of the third append
        }
        assertEquals(List.of(first, second), journal.read(), "the torn record is left out");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(whole);
            f.seek(whole - 20);
            f.write(0x55); // a damaged byte in the second record's body
        }
        assertEquals(List.of(first), journal.read(), "the damaged record and what follows are left out");

        journal.clear();
        assertEquals(List.of(), journal.read());
    }
}
