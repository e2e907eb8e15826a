package dev.floe.triplify;

import java.nio.file.Path;

import dev.floe.geo.FloeException;
import dev.floe.geo.SourceLocation;

/**
 * Bad input: a malformed file, record or geometry. The message names the file, the record (a JSON path
 * such as {@code $.features[12]}) and, when known, the record's id and the line, then the cause.
 */
public class TriplifyException extends FloeException {

    private static final long serialVersionUID = 1L;

    private final Path file;
    private final String record;

    public TriplifyException(Path file, String record, String problem) {
        this(file, record, problem, null);
    }

    public TriplifyException(Path file, String record, String problem, Throwable cause) {
        super(SourceLocation.of(file).atRecord(record), problem, cause);
        this.file = file;
        this.record = record;
    }

    /** The input file that holds the bad record. */
    public Path file() {
        return file;
    }

    /** Where in the file the bad record is (a JSON path with optional id and line), or null for the whole file. */
    public String record() {
        return record;
    }
}
