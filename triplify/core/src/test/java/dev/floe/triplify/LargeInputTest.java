package dev.floe.triplify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FeatureCollection larger than the heap converts: the triplifier runs in a child JVM whose heap
 * (-Xmx48m) is smaller than the input file (about 90 MB).
 */
class LargeInputTest {

    static final int FEATURES = 600_000;

    @TempDir
    Path tmp;

    @Test
    void featureCollectionLargerThanTheHeapConverts() throws IOException, InterruptedException {
        Path input = tmp.resolve("big.geojson");
        try (BufferedWriter w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            w.write("{\"type\":\"FeatureCollection\",\"name\":\"big\",\"features\":[\n");
            for (int i = 0; i < FEATURES; i++) {
                double lon = -180 + (i % 36000) / 100.0;
                double lat = -80 + (i / 36000) / 10.0;
                w.write((i == 0 ? "" : ",\n") + "{\"type\":\"Feature\",\"id\":" + i
                        + ",\"properties\":{\"name\":\"station " + i + "\",\"height\":" + (i % 977) + ",\"active\":true,"
                        + "\"note\":\"synthetic point for the streaming test\"},"
                        + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat + "]}}");
            }
            w.write("]}\n");
        }
        assertTrue(Files.size(input) > 80L * 1024 * 1024, "input must be larger than the child's heap");

        Path output = tmp.resolve("big.nt.gz");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                TriplifyMain.class.getName(), input.toString(), output.toString()))
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child JVM did not finish");
        assertEquals(0, p.exitValue(), log);
        // 600k features x (type + 4 properties + 4 geometry triples)
        assertTrue(log.contains("records=" + FEATURES + " triples=" + (FEATURES * 9L)), log);
    }

    /** The child process: triplifies args[0] to args[1] and prints the summary. */
    public static final class TriplifyMain {
        public static void main(String[] args) {
            TriplifySummary s = new Triplifier(TriplifyOptions.defaults()).triplify(Path.of(args[0]), Path.of(args[1]));
            System.out.println("records=" + s.records() + " triples=" + s.triples());
        }
    }
}
