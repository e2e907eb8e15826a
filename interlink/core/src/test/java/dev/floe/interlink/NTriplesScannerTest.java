package dev.floe.interlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.triplify.InvalidGeometryPolicy;

/** The parallel N-Triples reader finds exactly the geometry statements, whatever the range boundaries. */
class NTriplesScannerTest {

    static final String GEO = "http://www.opengis.net/ont/geosparql#";

    /** Five features; the geometry of b is a blank node, c has only geo:hasGeometry, d has a label, no geometry. */
    static final String NT = """
            # a comment line
            <https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "a, with <geo#asWKT> in it" .
            <https://example.org/a> <%1$shasDefaultGeometry> <https://example.org/a-g> .
            <https://example.org/a-g> <%1$sasWKT> "POINT(1 2)"^^<%1$swktLiteral> .

            <https://example.org/b> <%1$shasDefaultGeometry> _:g1 .
            _:g1 <%1$sasWKT> "POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))"^^<%1$swktLiteral> .
            <https://example.org/c>\t<%1$shasGeometry>\t<https://example.org/c-g>\t.
            <https://example.org/c-g> <%1$sasWKT> "LINESTRING(0 0, 9 9)"^^<%1$swktLiteral> .
            <https://example.org/d> <http://www.w3.org/2000/01/rdf-schema#label> "d" .
            <https://example.org/e> <%1$shasDefaultGeometry> _:g2 .
            _:g2 <%1$sasWKT> "POINT(3 3)"^^<%1$swktLiteral> .
            """.formatted(GEO);

    @TempDir
    Path tmp;

    Path write(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    static List<String> describe(List<GeometryStatement> statements) {
        return statements.stream().map(s -> s.kind() + " " + s.subject() + " "
                + (s.kind() == GeometryStatement.Kind.WKT ? "\"" + s.object() + "\"" : s.object())).toList();
    }

    @Test
    void findsTheSameStatementsWithEveryRangeSplit() throws IOException {
        Path file = write("features.nt", NT);
        List<String> expected = List.of(
                "DEFAULT_GEOMETRY https://example.org/a https://example.org/a-g",
                "WKT https://example.org/a-g \"POINT(1 2)\"",
                "DEFAULT_GEOMETRY https://example.org/b _:f0/g1",
                "WKT _:f0/g1 \"POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))\"",
                "GEOMETRY https://example.org/c https://example.org/c-g",
                "WKT https://example.org/c-g \"LINESTRING(0 0, 9 9)\"",
                "DEFAULT_GEOMETRY https://example.org/e _:f0/g2",
                "WKT _:f0/g2 \"POINT(3 3)\"");
        // from one range to one per byte: every boundary falls inside a line, at its start or on a line end
        for (int ranges : IntStream.concat(IntStream.rangeClosed(1, 64),
                IntStream.of(NT.length() / 2, NT.length())).toArray()) {
            List<GeometryStatement> found = new NTriplesScanner(1, ranges).scan(file, false, "f0/");
            assertEquals(expected, describe(found), ranges + " ranges");
        }
    }

    @Test
    void linesLeftToRiotKeepTheirPlaceInFileOrder() throws IOException {
        Path file = write("escaped.nt", "<https://example.org/x> <" + GEO + "hasDefaultGeometry> <https://example.org/x\\u002Dg> .\n"
                + "<https://example.org/y> <" + GEO + "hasDefaultGeometry> <https://example.org/y-g> .\n"
                + "<https://example.org/x-g> <" + GEO + "asWKT> \"POINT(1\\u00201)\" .\n");
        assertEquals(List.of("DEFAULT_GEOMETRY https://example.org/x https://example.org/x-g",
                "DEFAULT_GEOMETRY https://example.org/y https://example.org/y-g", "WKT https://example.org/x-g \"POINT(1 1)\""),
                describe(new NTriplesScanner(1, 1).scan(file, false, "f0/")));
    }

    @Test
    void aLastLineWithoutLineEndIsRead() throws IOException {
        Path file = write("last.nt", "<https://example.org/x> <" + GEO + "asWKT> \"POINT(5 6)\" .");
        for (int ranges = 1; ranges <= 4; ranges++) {
            assertEquals(List.of("WKT https://example.org/x \"POINT(5 6)\""),
                    describe(new NTriplesScanner(1, ranges).scan(file, false, "f0/")));
        }
    }

    @Test
    void aMalformedGeometryLineIsReportedWithItsLineNumberInTheFile() throws IOException {
        String text = NT + "<https://example.org/f> <" + GEO + "asWKT> \"POINT(7 8) .\n"
                + "<https://example.org/g> <http://www.w3.org/2000/01/rdf-schema#label> \"g\" .\n";
        Path file = write("broken.nt", text);
        for (int ranges : new int[] {1, 3, 40, text.length()}) {
            InterlinkException e = assertThrows(InterlinkException.class,
                    () -> new NTriplesScanner(1, ranges).scan(file, false, "f0/"));
            assertTrue(e.getMessage().startsWith(file + ": line 13, column "), ranges + " ranges: " + e.getMessage());
        }
    }

    @Test
    void aLineThatIsNoTripleIsReportedEvenWithoutAGeometryPredicate() throws IOException {
        Path file = write("garbage.nt", NT.replace("<https://example.org/d> <http", "https://example.org/d <http"));
        InterlinkException e = assertThrows(InterlinkException.class,
                () -> new NTriplesScanner(1, 5).scan(file, false, "f0/"));
        assertTrue(e.getMessage().startsWith(file + ": line 10, column 1: "), e.getMessage());
    }

    @Test
    void otherPredicatesAreNotParsedButEscapedOnesAre() {
        byte[] label = "<a> <http://www.w3.org/2000/01/rdf-schema#label> \"x".getBytes(StandardCharsets.UTF_8);
        assertFalse(NTriplesScanner.needed(label, label.length), "an unterminated label is not looked at");
        byte[] escaped = ("_:b <" + GEO + "\\u0061sWKT> \"POINT(1 1)\" .").getBytes(StandardCharsets.UTF_8);
        assertTrue(NTriplesScanner.needed(escaped, escaped.length));
        byte[] comment = "  # <a> <http://www.opengis.net/ont/geosparql#asWKT> \"x\" .".getBytes(StandardCharsets.UTF_8);
        assertFalse(NTriplesScanner.needed(comment, comment.length));
    }

    @Test
    void nQuadsAndGzippedFilesAreReadToo() throws IOException {
        Path nq = write("features.nq", "<https://example.org/q> <" + GEO + "hasDefaultGeometry> _:g <https://example.org/graph> .\n"
                + "_:g <" + GEO + "asWKT> \"POINT(1 1)\" <https://example.org/graph> .\n");
        assertEquals(List.of("DEFAULT_GEOMETRY https://example.org/q _:f1/g", "WKT _:f1/g \"POINT(1 1)\""),
                describe(new NTriplesScanner(1, 3).scan(nq, true, "f1/")));
        Path gz = tmp.resolve("features.nt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(NT.getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(8, new NTriplesScanner(1, 8).scan(gz, false, "f0/").size());
        // the extension in capitals is the same syntax and compression
        Path upper = Files.copy(gz, tmp.resolve("FEATURES.NT.GZ"));
        FeatureReader reader = new FeatureReader(InvalidGeometryPolicy.REPAIR);
        assertEquals(reader.read(List.of(gz)).features().stream().map(SpatialFeature::iri).toList(),
                reader.read(List.of(upper)).features().stream().map(SpatialFeature::iri).toList());
        assertEquals(4, reader.read(List.of(upper)).features().size());
    }

    @Test
    void featureReaderKeepsBlankNodesOfDifferentFilesApartAndReportsBlankFeatures() throws IOException {
        Path one = write("one.nt", "<https://example.org/p> <" + GEO + "hasDefaultGeometry> _:g .\n"
                + "_:g <" + GEO + "asWKT> \"POINT(1 1)\" .\n"
                + "_:f <" + GEO + "hasDefaultGeometry> _:h .\n");
        Path two = write("two.nt", "<https://example.org/q> <" + GEO + "hasDefaultGeometry> _:g .\n"
                + "_:g <" + GEO + "asWKT> \"POINT(2 2)\" .\n");
        FeatureReader.Layer layer = new FeatureReader(InvalidGeometryPolicy.REPAIR).read(List.of(one, two));
        assertEquals(List.of("https://example.org/p POINT (1 1)", "https://example.org/q POINT (2 2)"),
                layer.features().stream().map(f -> f.iri() + " " + f.geometry()).toList());
        assertEquals(List.of(one + ": a feature without an IRI (blank node) cannot be linked"), layer.skipped());
    }

    @Test
    void featureReaderReadsTheSameFeaturesFromNTriplesAsFromTurtle() throws IOException {
        FeatureReader reader = new FeatureReader(InvalidGeometryPolicy.REPAIR);
        Path nt = write("features.nt", NT);
        Path ttl = write("features.ttl", NT);
        assertEquals(reader.read(List.of(ttl)).features().stream().map(f -> f.iri() + " " + f.geometry()).toList(),
                reader.read(List.of(nt)).features().stream().map(f -> f.iri() + " " + f.geometry()).toList());
        assertEquals(List.of("https://example.org/a", "https://example.org/b", "https://example.org/e", "https://example.org/c"),
                reader.read(List.of(nt)).features().stream().map(SpatialFeature::iri).toList());
    }
}
