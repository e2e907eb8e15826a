package dev.floe.interlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.datatypes.TypeMapper;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.lang.LabelToNode;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.sparql.core.Quad;
import org.junit.jupiter.api.Test;

/** Plain lines read straight give the very triples RIOT gives; every other line is left to RIOT. */
class NTriplesLineTest {

    /** The plain reading as the Jena triple it stands for (null when left to RIOT). */
    static Triple plain(String line, boolean quads) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        NTriplesLine.Line l = NTriplesLine.parse(b, b.length, quads, "");
        if (l == null) {
            return null;
        }
        Node o = !l.literal() ? resource(l.object())
                : l.language() != null ? NodeFactory.createLiteralLang(l.object(), l.language())
                : l.datatype() != null ? NodeFactory.createLiteralDT(l.object(), TypeMapper.getInstance().getSafeTypeByName(l.datatype()))
                : NodeFactory.createLiteralString(l.object());
        return Triple.create(resource(l.subject()), NodeFactory.createURI(l.predicate()), o);
    }

    private static Node resource(String key) {
        return key.startsWith("_:") ? NodeFactory.createBlankNode(key.substring(2)) : NodeFactory.createURI(key);
    }

    static Triple riot(String line, Lang lang) {
        List<Triple> out = new ArrayList<>();
        RDFParser.fromString(line, lang).labelToNode(LabelToNode.createUseLabelAsGiven()).parse(new StreamRDFBase() {
            @Override
            public void triple(Triple t) {
                out.add(t);
            }

            @Override
            public void quad(Quad q) {
                out.add(q.asTriple());
            }
        });
        return out.get(0);
    }

    @Test
    void plainLinesGiveTheTriplesRiotGives() {
        for (String line : List.of(
                "<https://example.org/a> <http://www.opengis.net/ont/geosparql#hasDefaultGeometry> <https://example.org/a/geometry> .",
                "<https://example.org/a/g> <http://www.opengis.net/ont/geosparql#asWKT> \"POINT (21.97134 35.875376)\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> .",
                "_:b0 <http://www.opengis.net/ont/geosparql#asWKT> \"<http://www.opengis.net/def/crs/EPSG/0/4326> POINT(41.9 12.5)\" .",
                "<urn:x:1>\t<http://example.org/p>\t_:g.1-x\t.\r",
                "  <https://example.org/é> <http://example.org/p> \"Zürich\"@de-CH .  ",
                "<https://example.org/a> <http://example.org/p> \"\" .")) {
            assertEquals(riot(line, Lang.NTRIPLES), plain(line, false), line);
        }
        String quad = "<https://example.org/q> <http://example.org/p> _:g <https://example.org/graph> .";
        assertEquals(riot(quad, Lang.NQUADS), plain(quad, true));
    }

    @Test
    void everyOtherShapeIsLeftToRiot() {
        for (String line : List.of(
                "<https://example.org/a> <http://example.org/p> \"tab\\there\" .",
                "<https://example.org/\\u0061> <http://example.org/p> <https://example.org/b> .",
                "<relative> <http://example.org/p> <https://example.org/b> .",
                "<https://example.org/a> <http://example.org/p> <https://example.org/b> . # a comment",
                "<https://example.org/a> <http://example.org/p> <https://example.org/b>",
                "<https://example.org/a> <http://example.org/p> \"unterminated .",
                "_:b. <http://example.org/p> <https://example.org/b> .",
                "_:bé <http://example.org/p> <https://example.org/b> .",
                "\"literal\" <http://example.org/p> <https://example.org/b> .",
                "<< <urn:a> <urn:b> <urn:c> >> <http://example.org/p> <https://example.org/b> .",
                "<https://example.org/q> <http://example.org/p> _:g <https://example.org/graph> .")) {
            assertNull(plain(line, false), line);
        }
    }
}
