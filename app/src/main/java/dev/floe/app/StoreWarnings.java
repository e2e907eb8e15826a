package dev.floe.app;

import dev.floe.store.GeoStore;

/** Prints on stderr what opening or loading a store found and worked around (see {@link GeoStore#warnings()}). */
final class StoreWarnings {

    private StoreWarnings() {
    }

    static void print(Floe floe, GeoStore store) {
        store.warnings().forEach(w -> floe.err().println("floe: warning: " + w));
    }
}
