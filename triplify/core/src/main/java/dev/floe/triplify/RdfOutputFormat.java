package dev.floe.triplify;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;
import java.util.Locale;

import org.apache.jena.riot.RDFFormat;

/** The streaming RDF syntaxes triplify writes, chosen by file extension (optionally followed by .gz). */
public enum RdfOutputFormat {
    NTRIPLES(RDFFormat.NTRIPLES, ".nt"),
    NQUADS(RDFFormat.NQUADS, ".nq"),
    TURTLE(RDFFormat.TURTLE_BLOCKS, ".ttl"),
    TRIG(RDFFormat.TRIG_BLOCKS, ".trig");

    private final RDFFormat jena;
    private final String extension;

    RdfOutputFormat(RDFFormat jena, String extension) {
        this.jena = jena;
        this.extension = extension;
    }

    /** The Jena streaming format. */
    public RDFFormat jena() {
        return jena;
    }

    /** The format for an output file name, e.g. {@code links.nt.gz}. */
    public static RdfOutputFormat forFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        for (RdfOutputFormat f : values()) {
            if (name.endsWith(f.extension)) {
                return f;
            }
        }
        throw new TriplifyException(file, null, "unknown RDF output extension; use .nt, .nq, .ttl or .trig, optionally + .gz");
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
        Path dir = output.toAbsolutePath().getParent();
        Path tmp;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + output.getFileName(), ".partial");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output in " + dir, e);
        }
        try {
            T result;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                 OutputStream out = gzip(output) ? new GZIPOutputStream(file, 1 << 16) : file) {
                result = writer.write(out, format);
            }
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output, e);
        } finally {
            try {
                Files.deleteIfExists(tmp); // gone already after the move
            } catch (IOException ignored) {
                // the original error matters more than a leftover temporary file
            }
        }
    }

    /** Whether the file name asks for gzip compression. */
    public static boolean gzip(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }
}
