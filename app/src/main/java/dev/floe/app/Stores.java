package dev.floe.app;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.floe.store.GeoStore;

/**
 * The store directories commands name: an existing one must exist, so that a mistyped {@code --store} is a usage error
 * instead of a new, empty store (which {@link GeoStore#open} would make); and one a running floe server holds
 * ({@link ServerRecord}) is either reached through that server or refused with a message naming it, instead of
 * failing on TDB2's lock.
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

    /** The running server that holds the existing store {@code --store dir}, or null when none does. */
    static ServerRecord server(Path dir) {
        return ServerRecord.live(existing("--store", dir)).orElse(null);
    }

    /**
     * Opens the existing store {@code --store dir} for a command that works on the store itself; when a running server
     * holds it, fails naming the server and saying to stop it.
     */
    static GeoStore open(Path dir) {
        return open(dir, null);
    }

    /**
     * Opens the existing store {@code --store dir}; when a running server holds it, fails naming the server and saying
     * what to do: {@code instead} (e.g. the same command with --endpoint), else to stop the server.
     */
    static GeoStore open(Path dir, String instead) {
        ServerRecord served = server(dir);
        if (served != null) {
            throw new StoreServedException(dir, served, instead);
        }
        return GeoStore.open(dir);
    }

    /**
     * Fails, naming the server and saying what to do ({@code instead}), when a running server holds the store in
     * {@code dir}: for commands that write the store only at their end, so that they refuse before their work.
     */
    static void checkNotServed(Path dir, String instead) {
        ServerRecord served = ServerRecord.live(dir).orElse(null);
        if (served != null) {
            throw new StoreServedException(dir, served, instead);
        }
    }

    /**
     * Opens the store in {@code dir}, making it when there is none, for a command that writes it; when a running server
     * holds it, fails naming the server and saying what to do: {@code instead}, else to stop the server.
     */
    static GeoStore openOrCreate(Path dir, String instead) {
        checkNotServed(dir, instead);
        return GeoStore.open(dir);
    }
}
