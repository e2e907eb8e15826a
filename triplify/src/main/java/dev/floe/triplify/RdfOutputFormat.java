package dev.floe.triplify;

import java.nio.file.Path;
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
        throw new IllegalArgumentException(file + ": unknown RDF output extension; use .nt, .nq, .ttl or .trig, optionally + .gz");
    }

    /** Whether the file name asks for gzip compression. */
    public static boolean gzip(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }
}
