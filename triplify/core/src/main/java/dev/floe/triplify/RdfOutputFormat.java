package dev.floe.triplify;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import java.util.Locale;

import org.apache.jena.riot.RDFFormat;

import dev.floe.geo.AtomicFiles;

/** The streaming RDF syntaxes triplify writes, chosen by file extension (optionally followed by .gz). */
public enum RdfOutputFormat {
    NTRIPLES(".nt"),
    NQUADS(".nq"),
    TURTLE(".ttl"),
    TRIG(".trig");

    private final String extension;

    RdfOutputFormat(String extension) {
        this.extension = extension;
    }

    /**
     * The Jena streaming format. Looked up when asked, not held: RDFFormat starts Jena, which a command that writes
     * its N-Triples itself ({@code floe interlink} between files) does without.
     */
    public RDFFormat jena() {
        return switch (this) {
            case NTRIPLES -> RDFFormat.NTRIPLES;
            case NQUADS -> RDFFormat.NQUADS;
            case TURTLE -> RDFFormat.TURTLE_BLOCKS;
            case TRIG -> RDFFormat.TRIG_BLOCKS;
        };
    }

    /** The format for an output file name, e.g. {@code links.nt.gz}. */
    public static RdfOutputFormat forFile(Path file) {
        RdfOutputFormat f = named(file);
        if (f == null) {
            throw new TriplifyException(file, null, "unknown RDF output extension; use .nt, .nq, .ttl or .trig, optionally + .gz");
        }
        return f;
    }

    /** True when the file's name ends in one of these syntaxes' extensions (optionally + .gz). */
    public static boolean isRdfFile(Path file) {
        return named(file) != null;
    }

    private static RdfOutputFormat named(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        for (RdfOutputFormat f : values()) {
            if (name.endsWith(f.extension)) {
                return f;
            }
        }
        return null;
    }

    /** Writes to an output stream; may fail with an I/O error. */
    @FunctionalInterface
    public interface Writer<T> {
        T write(OutputStream out, RdfOutputFormat format) throws IOException;
    }

    /**
     * Writes {@code output} all or nothing: {@code writer} fills a temporary file beside it (gzip-compressed when
     * the name ends in .gz, in the syntax the name asks for), which replaces {@code output} only when the writer
     * returns; on any failure the temporary file is removed and {@code output} is left as it was.
     */
    public static <T> T writeAtomically(Path output, Writer<T> writer) {
        RdfOutputFormat format = forFile(output);
        try {
            return AtomicFiles.write(output, file -> {
                if (!gzip(output)) {
                    return writer.write(file, format);
                }
                try (GZIPOutputStream out = new GZIPOutputStream(file, 1 << 16)) {
                    return writer.write(out, format);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output, e);
        }
    }

    /** Whether the file name asks for gzip compression. */
    public static boolean gzip(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }
}
