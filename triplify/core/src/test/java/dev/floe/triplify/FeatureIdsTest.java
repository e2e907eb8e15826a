package dev.floe.triplify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The duplicate-id check: exact below its cap, stopped (and saying so) above it. */
class FeatureIdsTest {

    @Test
    void aRepeatedIdFailsNamingItAndManyDistinctIdsPass() {
        FeatureIds ids = new FeatureIds();
        Path f = Path.of("places.geojson");
        for (int i = 0; i < 100_000; i++) {
            assertTrue(ids.check("place " + i, f, null));
        }
        TriplifyException e = assertThrows(TriplifyException.class, () -> ids.check("place 4711", f, null));
        assertTrue(e.getMessage().startsWith("places.geojson: feature id 'place 4711' occurs more than once"), e.getMessage());
    }

    @Test
    void theCheckStopsAtItsCap() {
        FeatureIds ids = new FeatureIds(3);
        Path f = Path.of("x.csv");
        assertTrue(ids.check("a", f, null));
        assertTrue(ids.check("b", f, null));
        assertTrue(ids.check("c", f, null));
        assertFalse(ids.check("a", f, null), "beyond the cap nothing is checked");
        assertTrue(ids.capped());
    }
}
