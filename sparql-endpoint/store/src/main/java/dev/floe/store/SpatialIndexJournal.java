package dev.floe.store;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.locationtech.jts.geom.Envelope;

/**
 * The changes made to the spatial index since its file was last saved, one record per write, appended and forced to
 * disk before the write is answered: on open, the saved index plus these records is the index of the last write,
 * without reading the data again. Each record is length-prefixed and check-summed (CRC32C); replay stops at the
 * first incomplete or damaged one, which only a crash in the middle of an append leaves, and then the store's STALE
 * marker makes the open rebuild the index anyway. Written under the store's write lock only; not thread-safe.
 *
 * <p>A hand-written format rather than Kryo or Avro: a record is a graph and a few resources with their envelopes,
 * and appending it must cost a few hundred bytes, not a serializer's set-up.
 */
final class SpatialIndexJournal {

    /** One write's changes to one graph: each resource with all its current envelopes (none: it has no geometry). */
    record Change(Node graph, Map<Node, List<Envelope>> resources) {
    }

    private final Path file;

    SpatialIndexJournal(Path file) {
        this.file = file;
    }

    /** Appends one write's changes and forces them to disk. */
    void append(List<Change> changes) throws IOException {
        if (changes.isEmpty()) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(changes.size());
        for (Change c : changes) {
            writeNode(out, c.graph());
            out.writeInt(c.resources().size());
            for (Map.Entry<Node, List<Envelope>> r : c.resources().entrySet()) {
                writeNode(out, r.getKey());
                out.writeInt(r.getValue().size());
                for (Envelope e : r.getValue()) {
                    out.writeDouble(e.getMinX());
                    out.writeDouble(e.getMinY());
                    out.writeDouble(e.getMaxX());
                    out.writeDouble(e.getMaxY());
                }
            }
        }
        out.flush();
        byte[] body = bytes.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer record = ByteBuffer.allocate(body.length + 12);
        record.putInt(body.length).put(body).putLong(crc.getValue()).flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (record.hasRemaining()) {
                ch.write(record);
            }
            ch.force(false);
        }
    }

    /** Every complete record, in the order written; empty when there is no journal. */
    List<List<Change>> read() throws IOException {
        List<List<Change>> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    return records;
                }
                if (length < 0 || length > (64 << 20)) {
                    return records; // damaged: see the class comment
                }
                byte[] body = new byte[length];
                long sum;
                try {
                    in.readFully(body);
                    sum = in.readLong();
                } catch (EOFException torn) {
                    return records;
                }
                CRC32C crc = new CRC32C();
                crc.update(body);
                if (crc.getValue() != sum) {
                    return records;
                }
                records.add(parse(new DataInputStream(new java.io.ByteArrayInputStream(body))));
            }
        }
    }

    /** Starts afresh: the saved index now holds everything. */
    void clear() throws IOException {
        Files.deleteIfExists(file);
    }

    private static List<Change> parse(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<Change> changes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Node graph = readNode(in);
            int resources = in.readInt();
            Map<Node, List<Envelope>> map = new LinkedHashMap<>();
            for (int j = 0; j < resources; j++) {
                Node resource = readNode(in);
                int envelopes = in.readInt();
                List<Envelope> list = new ArrayList<>(envelopes);
                for (int k = 0; k < envelopes; k++) {
                    double minX = in.readDouble();
                    double minY = in.readDouble();
                    double maxX = in.readDouble();
                    double maxY = in.readDouble();
                    list.add(new Envelope(minX, maxX, minY, maxY));
                }
                map.put(resource, list);
            }
            changes.add(new Change(graph, map));
        }
        return changes;
    }

    private static void writeNode(DataOutputStream out, Node n) throws IOException {
        if (n.isURI()) {
            out.writeByte('U');
            out.writeUTF(n.getURI());
        } else if (n.isBlank()) {
            out.writeByte('B');
            out.writeUTF(n.getBlankNodeLabel());
        } else {
            throw new IOException("a spatial index item that is neither an IRI nor a blank node: " + n);
        }
    }

    private static Node readNode(DataInputStream in) throws IOException {
        byte kind = in.readByte();
        String text = in.readUTF();
        return kind == 'U' ? NodeFactory.createURI(text) : NodeFactory.createBlankNode(text);
    }
}
