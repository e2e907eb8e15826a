package dev.floe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loading process killed with SIGKILL (kill -9) leaves the store as it was before the load: it opens, its
 * data is whole, its spatial index agrees with the data, and the next load works.
 */
class KilledLoadTest {

    static final int FEATURES = 150_000;

    @TempDir
    Path tmp;

    @Test
    void killingALoadMidwayLeavesTheStoreAsItWas() throws Exception {
        Path dir = tmp.resolve("store");
        try (GeoStore store = GeoStore.open(dir)) {
            store.load(List.of(GeoStoreTest.resource("places.ttl")));
        }
        long before;
        try (GeoStore store = GeoStore.open(dir)) {
            before = store.size();
        }
        Path big = tmp.resolve("big.nt");
        try (BufferedWriter w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            for (int i = 0; i < FEATURES; i++) {
                w.write("<https://example.org/f" + i + "> <http://www.opengis.net/ont/geosparql#hasDefaultGeometry> <https://example.org/g" + i + "> .\n");
                w.write("<https://example.org/g" + i + "> <http://www.opengis.net/ont/geosparql#asWKT> \"POINT (" + (i % 360 - 180)
                        + " " + (i % 170 - 85) + ")\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> .\n");
            }
        }

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process loader = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LoadMain.class.getName(), dir.toString(), big.toString())).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(loader.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("loading")) {
            // wait until the child is inside the load
        }
        Thread.sleep(300);
        loader.destroyForcibly(); // SIGKILL
        assertTrue(loader.waitFor(30, TimeUnit.SECONDS));

        try (GeoStore store = GeoStore.open(dir)) {
            long after = store.size();
            assertTrue(after == before || after == before + 2L * FEATURES, "partial load visible: " + after);
            assertEquals(after == before ? 12 : 12 + 2 * FEATURES, store.spatialIndexSize(), "features and geometries");
            assertEquals(List.of("https://example.org/oslo"), TextSearchTest.search(store, "oslo"));
            store.load(List.of(GeoStoreTest.resource("broken.ttl").resolveSibling("places.ttl")));
        }
    }

    /** The child process: opens the store and loads one file. */
    public static final class LoadMain {
        public static void main(String[] args) {
            try (GeoStore store = GeoStore.open(Path.of(args[0]))) {
                System.out.println("loading");
                System.out.flush();
                store.load(List.of(Path.of(args[1])));
                System.out.println("loaded");
            }
        }
    }
}
