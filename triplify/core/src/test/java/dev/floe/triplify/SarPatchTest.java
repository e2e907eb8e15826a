package dev.floe.triplify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ontology.Floe;
import dev.floe.ontology.FloeOntology;

/**
 * Records in the Statoil/C-CORE ship-or-iceberg format become floe:Patch resources with their pixels in .npy
 * sidecars. The tests write records in that format themselves; the five real records in ../shared are read in
 * place when they are there (they may not be copied into the project).
 */
class SarPatchTest {

    @TempDir
    Path tmp;

    static String record(String id, Object angle, Integer iceberg, int side, long seed) {
        Random r = new Random(seed);
        StringBuilder b1 = new StringBuilder();
        StringBuilder b2 = new StringBuilder();
        for (int i = 0; i < side * side; i++) {
            b1.append(i == 0 ? "" : ",").append(-30 + 20 * r.nextDouble());
            b2.append(i == 0 ? "" : ",").append(-40 + 20 * r.nextDouble());
        }
        return "{\"id\":\"" + id + "\",\"band_1\":[" + b1 + "],\"band_2\":[" + b2 + "],\"inc_angle\":"
                + (angle instanceof String ? "\"" + angle + "\"" : angle) + (iceberg == null ? "" : ",\"is_iceberg\":" + iceberg) + "}";
    }

    static float[] readNpy(Path file, int[] expectedShape) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        b.get(magic);
        assertEquals("\u0093NUMPY", new String(magic, StandardCharsets.ISO_8859_1));
        assertEquals(1, b.get());
        assertEquals(0, b.get());
        int headerLength = b.getShort();
        byte[] header = new byte[headerLength];
        b.get(header);
        String h = new String(header, StandardCharsets.US_ASCII);
        assertTrue(h.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (" + expectedShape[0] + ", "
                + expectedShape[1] + ", " + expectedShape[2] + "), }"), h);
        assertEquals(0, (10 + headerLength) % 64, "header padded to 64 bytes");
        float[] values = new float[b.remaining() / 4];
        b.asFloatBuffer().get(values);
        return values;
    }

    @Test
    void trainingRecordsBecomeLabelledPatchesWithNpySidecars() throws IOException {
        Path in = tmp.resolve("train.json");
        Files.writeString(in, "[" + record("a1", 43.9239, 0, 75, 1) + "," + record("b2", "na", 1, 75, 2) + "]");
        Path out = tmp.resolve("train.nt");
        TriplifySummary s = new Triplifier(TriplifyOptions.defaults()).triplify(in, out);
        assertEquals(2, s.records());
        Model m = RDFDataMgr.loadModel(out.toString());
        Resource a1 = m.getResource(Floe.DATA + "train/a1");
        assertTrue(m.contains(a1, RDF.type, Floe.Patch));
        assertEquals(75, a1.getProperty(Floe.width).getInt());
        assertEquals(43.9239, a1.getProperty(Floe.incidenceAngle).getDouble(), 1e-9);
        assertFalse(m.getResource(Floe.DATA + "train/b2").hasProperty(Floe.incidenceAngle), "\"na\" is no angle");
        assertEquals("ship", m.getResource(a1.getURI() + "/label").getProperty(Floe.labelClass).getString());
        assertEquals("iceberg", m.getResource(Floe.DATA + "train/b2/label").getProperty(Floe.labelClass).getString());

        Path npy = Path.of(URI.create(a1.getPropertyResourceValue(Floe.rasterFile).getURI()));
        assertEquals(out.resolveSibling("train.nt.patches").resolve("a1.npy"), npy);
        float[] pixels = readNpy(npy, new int[] {2, 75, 75});
        assertEquals(2 * 75 * 75, pixels.length);
        Random r = new Random(1);
        assertEquals((float) (-30 + 20 * r.nextDouble()), pixels[0], 1e-5f);
        assertTrue(FloeOntology.load().validate(m.getGraph()).conforms(), "patches conform to the shapes");
    }

    @Test
    void aBrokenRecordFailsNamingItAndLeavesNoOutputAndNoSidecars() throws IOException {
        Path in = tmp.resolve("bad.json");
        Files.writeString(in, "[" + record("ok", 40, 0, 4, 3) + ",{\"id\":\"odd\",\"band_1\":[1,2,3],\"band_2\":[1,2,3]}]");
        Path out = tmp.resolve("bad.nt");
        TriplifyException e = assertThrows(TriplifyException.class, () -> new Triplifier(TriplifyOptions.defaults()).triplify(in, out));
        assertEquals(in + ": $[1] (id odd): band_1 has 3 values, not a square patch", e.getMessage());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(1, files.count(), "only the input is left: no output, no sidecar directory");
        }
    }

    @Test
    void theRealRecordsInSharedAreRead() throws IOException {
        Path real = Path.of("..", "..", "..", "shared", "data", "sar-patches", "train_single.json");
        assumeTrue(Files.isRegularFile(real), "the real records are only in ../shared");
        Path out = tmp.resolve("real.nt");
        new Triplifier(TriplifyOptions.defaults()).triplify(real, out);
        Model m = RDFDataMgr.loadModel(out.toString());
        Resource patch = m.getResource(Floe.DATA + "train_single/dfd5f913");
        assertEquals(43.9239, patch.getProperty(Floe.incidenceAngle).getDouble(), 1e-9);
        assertEquals("ship", m.getResource(patch.getURI() + "/label").getProperty(Floe.labelClass).getString());
        float[] pixels = readNpy(Path.of(URI.create(patch.getPropertyResourceValue(Floe.rasterFile).getURI())), new int[] {2, 75, 75});
        assertArrayEquals(new int[] {2 * 75 * 75}, new int[] {pixels.length});
    }
}
