package dev.floe.ml.batch;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RiotException;

import dev.floe.geo.NpyArray;
import dev.floe.ml.MlDataException;
import dev.floe.ontology.Floe;
import dev.floe.ontology.GeoSparql;

/**
 * The patches of an RDF file as {@code floe triplify} (SAR records) and {@code floe s2patches} (Sentinel-2 products)
 * write them: every subject with a {@code floe:rasterFile} (a {@code .npy} array, channel first), with its footprint
 * ({@code geo:hasDefaultGeometry/geo:asWKT}), the product it was cut from ({@code floe:sourceProduct}) and its
 * incidence angle ({@code floe:incidenceAngle}) where it has them. Patches come sorted by IRI, so a run is repeatable.
 */
public final class PatchFile {

    /** One patch: its IRI, product (or null), footprint WKT (or null), pixels and their shape, incidence angle (or null). */
    public record Patch(String iri, String product, String footprintWkt, float[] pixels, int[] shape, Double incidenceAngle) {
    }

    private PatchFile() {
    }

    /** Reads every patch of {@code file}; a raster file that is missing or unreadable is an error naming the patch. */
    public static List<Patch> read(Path file) {
        Graph g;
        try {
            g = RDFDataMgr.loadGraph(file.toString());
        } catch (RiotException e) {
            throw new MlDataException(file + ": not readable as RDF: " + e.getMessage(), e);
        }
        List<Node> subjects = new ArrayList<>();
        g.find(Node.ANY, Floe.rasterFile.asNode(), Node.ANY).forEachRemaining(t -> subjects.add(t.getSubject()));
        subjects.sort(Comparator.comparing(Node::toString));
        List<Patch> out = new ArrayList<>();
        for (Node s : subjects) {
            if (!s.isURI()) {
                throw new MlDataException(file + ": a patch without an IRI (a blank node) has a floe:rasterFile; predictions need "
                        + "an IRI to be about");
            }
            Node raster = object(g, s, Floe.rasterFile.asNode());
            Path rasterPath = rasterPath(file, s, raster);
            NpyArray array;
            try {
                array = NpyArray.read(rasterPath);
            } catch (IOException e) {
                throw new MlDataException(file + ": patch " + s.getURI() + ": cannot read its raster " + rasterPath + ": "
                        + e.getMessage(), e);
            }
            Node product = object(g, s, Floe.sourceProduct.asNode());
            Node geometry = object(g, s, GeoSparql.hasDefaultGeometry.asNode());
            Node wkt = geometry == null ? null : object(g, geometry, GeoSparql.asWKT.asNode());
            Node angle = object(g, s, Floe.incidenceAngle.asNode());
            Double incidence = null;
            if (angle != null) {
                try {
                    incidence = Double.valueOf(angle.getLiteralLexicalForm());
                } catch (NumberFormatException | UnsupportedOperationException e) {
                    throw new MlDataException(file + ": patch " + s.getURI() + ": floe:incidenceAngle " + angle + " is not a number");
                }
            }
            out.add(new Patch(s.getURI(), product != null && product.isURI() ? product.getURI() : null,
                    wkt != null && wkt.isLiteral() ? wkt.getLiteralLexicalForm() : null, array.data(), array.shape(), incidence));
        }
        return out;
    }

    private static Path rasterPath(Path file, Node patch, Node raster) {
        try {
            if (raster.isURI() && raster.getURI().startsWith("file:")) {
                return Path.of(URI.create(raster.getURI()));
            }
            if (raster.isLiteral()) {
                Path p = Path.of(raster.getLiteralLexicalForm());
                return p.isAbsolute() ? p : file.toAbsolutePath().getParent().resolve(p);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new MlDataException(file + ": patch " + patch.getURI() + ": floe:rasterFile " + raster + " is not a local file");
    }

    private static Node object(Graph g, Node s, Node p) {
        return g.find(s, p, Node.ANY).nextOptional().map(Triple::getObject).orElse(null);
    }
}
