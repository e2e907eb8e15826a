package dev.floe.app;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.floe.store.GeoStore;

/**
 * The store directories commands name: an existing one must exist, so that a mistyped {@code --store} is a usage error
 * instead of a new, empty store (which {@link GeoStore#open} would make).
 */
final class Stores {

    private Stores() {
    }

    /** {@code dir}, which {@code option} named; a usage error when it is no directory. */
    static Path existing(String option, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UsageException(option + " " + dir + ": no such store directory");
        }
        return dir;
    }

    /** Opens the existing store {@code --store dir}. */
    static GeoStore open(Path dir) {
        return GeoStore.open(existing("--store", dir));
    }
}
