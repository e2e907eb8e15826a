package dev.floe.triplify.raster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

import dev.floe.ontology.Floe;
import dev.floe.ontology.GeoSparql;
import dev.floe.triplify.RecordContext;
import dev.floe.triplify.TriplifyException;
import dev.floe.triplify.rdf.GeoRdfWriter;
import dev.floe.triplify.rdf.IriSegments;
import dev.floe.triplify.rdf.JsonLiterals;

/**
 * Describes a raster file as RDF: a {@code floe:RasterFile} at {@code data/{dataset}/{file name}} (a geo:Feature)
 * with its size, resolution, CRS (floe:epsg and floe:crs, the OGC CRS IRI), one {@code floe:RasterBand} per band
 * (index, data type, no-data value) and its footprint in CRS84 as floe:footprint / geo:hasDefaultGeometry. GeoTIFFs are
 * read with Apache SIS ({@link GeoTiffRasterReader}); JPEG 2000 files with a GDAL PAM sidecar by
 * {@link PamJpeg2000Reader}. Only headers are read.
 */
public final class RasterSource {

    private final RecordContext context;
    private final String dataset;

    public RasterSource(RecordContext context, String dataset) {
        this.context = context;
        this.dataset = dataset;
    }

    /** Whether a file name is a raster floe describes (.tif, .tiff, .jp2, .j2k). */
    public static boolean accepts(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".tif") || n.endsWith(".tiff") || n.endsWith(".jp2") || n.endsWith(".j2k");
    }

    /** The metadata of a raster file, whichever format it is in (by its first bytes, not its name). */
    public static RasterInfo info(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(12);
        } catch (IOException e) {
            throw new TriplifyException(file, null, "cannot read: " + e.getMessage(), e);
        }
        if (PamJpeg2000Reader.isJpeg2000(head)) {
            return PamJpeg2000Reader.read(file);
        }
        boolean tiff = head.length >= 4 && (head[0] == 'I' && head[1] == 'I' && (head[2] == 42 || head[2] == 43)
                || head[0] == 'M' && head[1] == 'M' && head[2] == 0 && (head[3] == 42 || head[3] == 43));
        if (!tiff) {
            throw new TriplifyException(file, null, "neither a TIFF nor a JPEG 2000 file");
        }
        return GeoTiffRasterReader.read(file);
    }

    public void read(Path file) {
        context.recordRead();
        RasterInfo info = info(file);
        Polygon footprint;
        try {
            footprint = info.footprint(new GeometryFactory());
        } catch (IllegalArgumentException e) {
            throw new TriplifyException(file, null, e.getMessage(), e);
        }
        checkRepresentable(file, info, footprint);
        GeoRdfWriter out = context.writer();
        Node raster = GeoRdfWriter.iri(Floe.DATA + IriSegments.encode(dataset) + "/" + IriSegments.encode(file.getFileName().toString()));
        out.type(raster, GeoSparql.Feature);
        out.type(raster, Floe.RasterFile);
        out.triple(raster, Floe.columns, integer(info.columns()));
        out.triple(raster, Floe.rows, integer(info.rows()));
        out.triple(raster, Floe.bandCount, integer(info.bands().size()));
        double[] res = info.resolution();
        out.triple(raster, Floe.resolutionX, JsonLiterals.doubleLiteral(res[0]));
        out.triple(raster, Floe.resolutionY, JsonLiterals.doubleLiteral(res[1]));
        out.triple(raster, Floe.crsName, NodeFactory.createLiteralString(info.crsName()));
        if (info.epsg() != null) {
            out.triple(raster, Floe.epsg, integer(info.epsg()));
            out.triple(raster, Floe.crs, GeoRdfWriter.iri("http://www.opengis.net/def/crs/EPSG/0/" + info.epsg()));
        }
        for (RasterInfo.Band b : info.bands()) {
            Node band = GeoRdfWriter.iri(raster.getURI() + "/band/" + b.index());
            out.triple(raster, Floe.rasterBand, band);
            out.type(band, Floe.RasterBand);
            out.triple(band, Floe.bandIndex, integer(b.index()));
            out.triple(band, Floe.dataType, NodeFactory.createLiteralString(b.dataType()));
            if (b.noData() != null) {
                out.triple(band, Floe.noDataValue, JsonLiterals.doubleLiteral(b.noData()));
            }
        }
        RecordContext.GeometryResult g = context.checked(footprint, "footprint", file.getFileName().toString());
        if (g.geometry() != null) {
            out.geometry(raster, g.geometry(), Floe.footprint);
        }
    }

    /**
     * A raster around a pole or across the antimeridian has no faithful CRS84 polygon from its boundary alone: such
     * a footprint would wrap the wrong way round, so it is refused with the reason.
     */
    private static void checkRepresentable(Path file, RasterInfo info, Polygon footprint) {
        Coordinate[] cs = footprint.getCoordinates();
        for (int i = 1; i < cs.length; i++) {
            if (Math.abs(cs[i].x - cs[i - 1].x) > 180) {
                throw new TriplifyException(file, null, "the raster crosses the antimeridian or contains a pole; its footprint "
                        + "cannot be one CRS84 polygon (not supported)");
            }
        }
    }

    private static Node integer(long v) {
        return NodeFactory.createLiteralDT(Long.toString(v), XSDDatatype.XSDinteger);
    }
}
