package dev.floe.geo;

import java.nio.file.Path;
import java.util.StringJoiner;

/**
 * Where a bad input is: the file or source (an endpoint, a store directory), and within it, each when known, the
 * record (a JSON path such as {@code $.features[12]}, a row or feature number), the line and the record's id. It
 * prints as the prefix of an error message, e.g. {@code places.csv: line 12 (id x)}. Immutable.
 *
 * @param source the file or source, never null
 * @param record where in the source, in the source's own terms, or null
 * @param line   the 1-based line, or 0 when unknown
 * @param id     the record's id, or null
 */
public record SourceLocation(String source, String record, long line, String id) {

    public SourceLocation {
        if (source == null) {
            throw new NullPointerException("source");
        }
        if (line < 0) {
            throw new IllegalArgumentException("line must be 1 or more, or 0 for unknown: " + line);
        }
    }

    /** The whole of {@code source}. */
    public static SourceLocation of(String source) {
        return new SourceLocation(source, null, 0, null);
    }

    /** The whole of {@code file}, named as given. */
    public static SourceLocation of(Path file) {
        return of(String.valueOf(file));
    }

    /** This source at {@code record} (a JSON path, a row or feature number). */
    public SourceLocation atRecord(String record) {
        return new SourceLocation(source, record, line, id);
    }

    /** This source at 1-based {@code line}. */
    public SourceLocation atLine(long line) {
        return new SourceLocation(source, record, line, id);
    }

    /** This location, naming the record's id. */
    public SourceLocation withId(String id) {
        return new SourceLocation(source, record, line, id);
    }

    /** {@code source}, then {@code : record, line N (id x)} for the parts that are known. */
    @Override
    public String toString() {
        StringJoiner position = new StringJoiner(", ");
        if (record != null) {
            position.add(record);
        }
        if (line > 0) {
            position.add("line " + line);
        }
        StringJoiner where = new StringJoiner(" ");
        if (position.length() > 0) {
            where.add(position.toString());
        }
        if (id != null) {
            where.add("(id " + id + ")");
        }
        return where.length() == 0 ? source : source + ": " + where;
    }
}
