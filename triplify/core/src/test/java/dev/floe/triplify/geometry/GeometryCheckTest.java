package dev.floe.triplify.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.triplify.InvalidGeometryPolicy;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyException;
import dev.floe.triplify.TriplifyOptions;
import dev.floe.triplify.TriplifySummary;

/** The invalid-geometry policy on geometries too tangled to repair in bounded time. */
class GeometryCheckTest {

    @TempDir
    Path tmp;

    /** A GeoJSON feature whose ring zigzags across the equator {@code n} times; its closing edge crosses every zig. */
    Path zigzag(int n) throws IOException {
        Path file = tmp.resolve("zigzag.geojson");
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("{\"type\":\"Feature\",\"id\":\"zz\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[");
            for (int i = 0; i < n; i++) {
                w.write("[" + (-170 + 340.0 * i / n) + "," + (i % 2 == 0 ? 10 : -10) + "],");
            }
            w.write("[-170,10]]]}}");
        }
        return file;
    }

    @Test
    void aHugeSelfIntersectingPolygonIsRefusedQuicklyUnderRepairAndSkippedUnderSkip() throws IOException {
        Path file = zigzag(200_000);
        Path out = tmp.resolve("zigzag.nt");
        TriplifyException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults()).triplify(file, out)));
        assertTrue(e.getMessage().startsWith(file.toAbsolutePath().normalize() + ": $ (id zz): invalid geometry: Self-intersection"),
                e.getMessage());
        assertTrue(e.getMessage().contains("not repaired: more than " + GeometryCheck.MAX_REPAIR_INTERSECTIONS + " self-intersections"),
                e.getMessage());
        assertFalse(Files.exists(out));
        TriplifySummary s = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new Triplifier(TriplifyOptions.defaults()
                .withOnInvalid(InvalidGeometryPolicy.SKIP)).triplify(file, out));
        assertEquals(1, s.skipped().size());
    }

    @Test
    void aSmallSelfIntersectingPolygonIsStillRepaired() throws IOException {
        Path file = zigzag(1_000);
        TriplifySummary s = new Triplifier(TriplifyOptions.defaults()).triplify(file, tmp.resolve("small.nt"));
        assertEquals(1, s.repaired().size());
    }
}
