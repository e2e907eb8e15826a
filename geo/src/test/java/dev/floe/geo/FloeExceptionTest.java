package dev.floe.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class FloeExceptionTest {

    /** The smallest subclass, as a module would declare one. */
    static final class BadInput extends FloeException {
        private static final long serialVersionUID = 1L;

        BadInput(SourceLocation location, String problem, Throwable cause) {
            super(location, problem, cause);
        }

        BadInput(String message) {
            super(message);
        }
    }

    @Test
    void messageStartsWithTheLocationThenTheProblem() {
        SourceLocation where = SourceLocation.of(Path.of("places.csv")).atLine(12).withId("x");
        BadInput e = new BadInput(where, "no geometry", null);
        assertEquals("places.csv: line 12 (id x): no geometry", e.getMessage());
        assertEquals("no geometry", e.problem());
        assertEquals(where, e.location().orElseThrow());
    }

    @Test
    void locationPrintsOnlyTheKnownParts() {
        assertEquals("a.json", SourceLocation.of("a.json").toString());
        assertEquals("a.json: $.features[3]", SourceLocation.of("a.json").atRecord("$.features[3]").toString());
        assertEquals("a.json: $.features[3], line 9 (id x)",
                SourceLocation.of("a.json").atRecord("$.features[3]").atLine(9).withId("x").toString());
        assertEquals("a.json: (id x)", SourceLocation.of("a.json").withId("x").toString());
    }

    @Test
    void aMessageWithoutLocationIsKeptAsGiven() {
        BadInput e = new BadInput("store dir is locked");
        assertEquals("store dir is locked", e.getMessage());
        assertTrue(e.location().isEmpty());
    }

    @Test
    void causeIsKept() {
        IllegalStateException cause = new IllegalStateException("x");
        assertSame(cause, new BadInput(SourceLocation.of("f"), "p", cause).getCause());
    }

    @Test
    void negativeLineIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SourceLocation.of("f").atLine(-1));
    }
}
