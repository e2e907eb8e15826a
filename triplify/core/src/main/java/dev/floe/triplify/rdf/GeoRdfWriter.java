package dev.floe.triplify.rdf;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.vocabulary.RDF;
import org.locationtech.jts.geom.Geometry;

import dev.floe.ontology.GeoSparql;

/**
 * Writes triples to a Jena {@link StreamRDF}, counting them, with the GeoSPARQL feature/geometry
 * pattern floe uses everywhere: {@code feature geo:hasGeometry g; geo:hasDefaultGeometry g.
 * g a geo:Geometry; geo:asWKT "..."^^geo:wktLiteral} with the WKT in CRS84 (no CRS IRI prefix).
 *
 * <p>Not thread-safe: one per output stream.
 */
public final class GeoRdfWriter {

    private final StreamRDF out;
    private final Wkt wkt = new Wkt();
    private long triples;

    public GeoRdfWriter(StreamRDF out) {
        this.out = out;
    }

    public static Node iri(String iri) {
        return NodeFactory.createURI(iri);
    }

    public void triple(Node s, Node p, Node o) {
        out.triple(Triple.create(s, p, o));
        triples++;
    }

    /** A statement in a named graph; {@code g} null or the default graph's IRI writes a triple. */
    public void quad(Node g, Node s, Node p, Node o) {
        if (g == null || org.apache.jena.sparql.core.Quad.isDefaultGraph(g)) {
            triple(s, p, o);
            return;
        }
        out.quad(org.apache.jena.sparql.core.Quad.create(g, s, p, o));
        triples++;
    }

    public void triple(Node s, Resource p, Node o) {
        triple(s, p.asNode(), o);
    }

    public void type(Node s, Resource cls) {
        triple(s, RDF.type.asNode(), cls.asNode());
    }

    /**
     * Writes the geometry of {@code feature} as {@code featureIri + "/geometry"} and links it as the
     * feature's geometry and default geometry, plus under {@code extraLink} when that is not null.
     */
    public void geometry(Node feature, Geometry geometry, Resource extraLink) {
        Node g = iri(feature.getURI() + "/geometry");
        triple(feature, GeoSparql.hasGeometry, g);
        triple(feature, GeoSparql.hasDefaultGeometry, g);
        if (extraLink != null) {
            triple(feature, extraLink, g);
        }
        type(g, GeoSparql.Geometry);
        triple(g, GeoSparql.asWKT, NodeFactory.createLiteralDT(wkt.write(geometry), GeoSparql.wktLiteral));
    }

    /** Triples written so far. */
    public long triples() {
        return triples;
    }
}
