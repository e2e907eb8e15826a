package dev.floe.interlink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.GeometryFactory;

import dev.floe.geo.Relation;

/** Links written straight are the bytes Jena's N-Triples writer writes for the same triples. */
class NTriplesLinksTest {

    static final GeometryFactory GF = new GeometryFactory();

    static SpatialFeature feature(String iri) {
        return new SpatialFeature(iri, GF.createPoint());
    }

    static String jena(String source, Relation r, String target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamRDF stream = StreamRDFWriter.getWriterStream(out, RDFFormat.NTRIPLES);
        stream.start();
        stream.triple(Triple.create(NodeFactory.createURI(source), NodeFactory.createURI(r.propertyIri()), NodeFactory.createURI(target)));
        stream.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    static String floe(String source, Relation r, String target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NTriplesLinks links = new NTriplesLinks(out);
        links.link(feature(source), r, feature(target));
        links.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainIrisAreWrittenAsTheyAre() {
        String line = floe("https://example.org/zagreb", Relation.WITHIN, "https://example.org/croatia");
        assertEquals("<https://example.org/zagreb> <http://www.opengis.net/ont/geosparql#sfWithin> <https://example.org/croatia> .\n", line);
        assertEquals(jena("https://example.org/zagreb", Relation.WITHIN, "https://example.org/croatia"), line);
    }

    @Test
    void everyCharacterIsWrittenAsJenaWritesIt() {
        StringBuilder iri = new StringBuilder("https://example.org/");
        for (char c = 0; c < 128; c++) {
            // Jena 5.6 writes U+0014 to U+001F unescaped, which N-Triples does not allow; floe escapes them
            if (c < 0x14 || c > 0x1F) {
                iri.append(c);
            }
        }
        iri.append("é\u2028\uD83D\uDE00");
        for (Relation r : LinkRelations.ALL) {
            assertEquals(jena(iri.toString(), r, "urn:x:é"), floe(iri.toString(), r, "urn:x:é"), r.name());
        }
        assertEquals("<urn:a\\u0014b> <http://www.opengis.net/ont/geosparql#sfEquals> <urn:c> .\n",
                floe("urn:a\u0014b", Relation.EQUALS, "urn:c"));
    }
}
