package dev.floe.interlink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import dev.floe.geo.Relation;

/**
 * Writes links as N-Triples lines, {@code <source> <relation> <target> .}, in UTF-8. Why not Jena's streaming
 * writer, which floe uses for every other RDF it writes: a link is always this one shape of three IRIs, and Jena's
 * writer needs Jena started, which costs about 0.75 s of CPU: more than a whole run between two small files
 * (docs/BENCHMARKS.md, "Interlinking end to end"). IRIs are written as Jena writes them: a character an N-Triples
 * IRI may not hold (controls and space, {@code <>"{}|^`\}, and DEL) as a {@code \}{@code uXXXX} escape; the test
 * compares the bytes with Jena's writer. Not thread-safe; {@link #flush()} before handing the stream on.
 */
public final class NTriplesLinks implements Interlinker.LinkSink {

    private final Writer out;

    public NTriplesLinks(OutputStream out) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public void link(SpatialFeature source, Relation relation, SpatialFeature target) {
        try {
            iri(source.iri());
            out.write(' ');
            iri(relation.propertyIri());
            out.write(' ');
            iri(target.iri());
            out.write(" .\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes what is buffered to the stream (which stays open). */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void iri(String iri) throws IOException {
        out.write('<');
        int from = 0;
        for (int i = 0; i < iri.length(); i++) {
            char c = iri.charAt(i);
            if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' || c == '^' || c == '`'
                    || c == '\\' || c == 0x7F) {
                out.write(iri, from, i - from);
                out.write(String.format("\\u%04X", (int) c));
                from = i + 1;
            }
        }
        out.write(iri, from, iri.length() - from);
        out.write('>');
    }
}
