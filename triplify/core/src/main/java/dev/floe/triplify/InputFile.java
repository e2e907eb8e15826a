package dev.floe.triplify;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens a text input file, decompressing it on the fly when its name ends in {@code .gz}, and turns I/O failures into
 * {@link TriplifyException}s that say what is wrong with the file (empty, not gzip, truncated) instead of the JDK's
 * terse messages ("null", "Unexpected end of ZLIB input stream"). Stateless.
 */
public final class InputFile {

    private InputFile() {
    }

    /** Whether the file name asks for gzip decompression. */
    public static boolean gzipped(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    /** The file's bytes, decompressed when it is a .gz file; the caller closes the stream. */
    public static InputStream open(Path file) {
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (!gzipped(file)) {
            return raw;
        }
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (IOException e) {
            try {
                raw.close();
            } catch (IOException ignored) {
                // the header's problem is the one to report
            }
            throw unreadable(file, e);
        }
    }

    /** The error for an I/O failure while reading {@code file}, in the user's terms. */
    public static TriplifyException unreadable(Path file, IOException e) {
        if (gzipped(file)) {
            if (isEmpty(file)) {
                return new TriplifyException(file, null, "empty file (a .gz file should hold gzip-compressed data)", e);
            }
            if (e instanceof ZipException && String.valueOf(e.getMessage()).contains("GZIP format")) {
                return new TriplifyException(file, null, "not a gzip file (it does not start with the gzip signature)", e);
            }
            if (e instanceof EOFException) {
                return new TriplifyException(file, null, "truncated gzip file (it ends before its data does)", e);
            }
            if (e instanceof ZipException) {
                return new TriplifyException(file, null, "corrupt gzip data: " + e.getMessage(), e);
            }
        }
        return new TriplifyException(file, null, "cannot read: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage()), e);
    }

    private static boolean isEmpty(Path file) {
        try {
            return Files.size(file) == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
