package dev.floe.geo;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file or a directory all or nothing, in one call: the content goes to a temporary sibling (see
 * {@link StagedOutput}), which takes the final name by an atomic rename only once the writer has returned. When the
 * writer fails, the temporary sibling is removed and whatever had the final name before is left as it was, so a
 * reader (a store loading a file, a training job reading a folder) never sees half an output.
 *
 * <p>Stateless; safe to use from several threads for different targets.
 */
public final class AtomicFiles {

    /** Fills an output stream. */
    @FunctionalInterface
    public interface StreamWriter<T> {
        T write(OutputStream out) throws IOException;
    }

    /** Writes at a path: a file that does not exist yet, or the inside of an empty directory. */
    @FunctionalInterface
    public interface PathWriter<T> {
        T write(Path path) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code target} through a buffered stream, replacing an older file; returns what the writer returns. */
    public static <T> T write(Path target, StreamWriter<T> writer) throws IOException {
        try (StagedOutput file = StagedOutput.file(target)) {
            T result;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file.path()), 1 << 16)) {
                result = writer.write(out);
            }
            file.commit();
            return result;
        }
    }

    /**
     * Writes {@code target} with a library that opens the file itself and wants it not to exist (a Parquet writer,
     * a model serialiser): the writer gets a fresh path inside a temporary sibling directory, and the file it makes
     * there replaces {@code target}.
     */
    public static <T> T writeFile(Path target, PathWriter<T> writer) throws IOException {
        try (StagedOutput dir = StagedOutput.directory(target)) {
            Path file = dir.path().resolve(target.getFileName());
            T result = writer.write(file);
            Files.move(file, dir.target(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return result;
        }
    }

    /** Fills a new directory that then replaces {@code target} (and everything in an older one). */
    public static <T> T writeDirectory(Path target, PathWriter<T> writer) throws IOException {
        try (StagedOutput dir = StagedOutput.directory(target)) {
            T result = writer.write(dir.path());
            dir.commit();
            return result;
        }
    }

    /** Fills a new directory that then becomes {@code target}, which must not exist. */
    public static <T> T createDirectory(Path target, PathWriter<T> writer) throws IOException {
        try (StagedOutput dir = StagedOutput.directory(target)) {
            T result = writer.write(dir.path());
            dir.commitNew();
            return result;
        }
    }
}
