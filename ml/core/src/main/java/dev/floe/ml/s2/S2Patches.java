package dev.floe.ml.s2;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

import dev.floe.geo.Crs84;
import dev.floe.geo.NpyArray;
import dev.floe.geo.StagedOutput;
import dev.floe.ml.MlDataException;
import dev.floe.ontology.Floe;
import dev.floe.triplify.RdfOutputFormat;
import dev.floe.triplify.rdf.GeoRdfWriter;
import dev.floe.triplify.rdf.IriSegments;
import dev.floe.triplify.stac.StacMapper;

/**
 * Cuts Sentinel-2 L2A products into square patches for land-cover training and triplifies them: each patch
 * becomes a floe:Patch cut from its product (floe:sourceProduct, the IRI triplify gives the STAC item), with
 * its footprint transformed from the product's UTM grid to CRS84 with Apache SIS, its pixels (B02, B03, B04,
 * B08 as reflectance = DN x scale + offset, float32, 4 x size x size) in an {@code OUT.patches/*.npy}
 * sidecar, and a floe:Label whose class is the most frequent Sen2Cor SCL class among its valid pixels (ties
 * go to the lower SCL value). Pixels with no data (0 in SCL or any band, or an SCL value that is no class)
 * count against the patch: a patch
 * with more than {@code maxNoData} of them is skipped, and counted. The RDF file and the sidecar folder appear
 * only when every product has been cut.
 */
public final class S2Patches {

    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private final int size;
    private final double maxNoData;

    public S2Patches(int size, double maxNoData) {
        if (size < 2) {
            throw new MlDataException("patch size must be at least 2 pixels, got " + size);
        }
        this.size = size;
        this.maxNoData = maxNoData;
    }

    /**
     * What a run made: products read, patches written, patches skipped for missing data, patches per class, and
     * SCL pixels whose value is no Sen2Cor class (treated as no data; lossy JPEG 2000 SCL layers have a few).
     */
    public record Summary(int products, int patches, int skippedNoData, Map<String, Integer> perClass, long invalidSclPixels) {
    }

    /** The sidecar folder of an output file: {@code OUT.patches/}, as triplify names it. */
    public static Path sidecarFor(Path output) {
        return output.resolveSibling(output.getFileName() + ".patches");
    }

    public Summary cut(List<Path> itemFiles, Path output, PrintStream progress) {
        if (itemFiles.isEmpty()) {
            throw new MlDataException("no STAC items to cut");
        }
        Path sidecar = sidecarFor(output.toAbsolutePath().normalize());
        StagedOutput staged;
        try {
            staged = StagedOutput.directory(sidecar);
        } catch (IOException e) {
            throw new MlDataException(sidecar.getParent() + ": cannot create the patch folder: " + e.getMessage(), e);
        }
        try (staged) {
            Path temp = staged.path();
            Summary summary = RdfOutputFormat.writeAtomically(output, (out, format) -> {
                StreamRDF stream = StreamRDFWriter.getWriterStream(out, format.jena());
                stream.start();
                stream.prefix("floe", Floe.NS);
                GeoRdfWriter rdf = new GeoRdfWriter(stream);
                Map<String, Integer> perClass = new TreeMap<>();
                int patches = 0;
                int skipped = 0;
                long[] invalid = new long[1];
                long begin = System.nanoTime();
                for (int i = 0; i < itemFiles.size(); i++) {
                    int[] counts = cutOne(S2Item.read(itemFiles.get(i)), rdf, temp, sidecar, perClass, invalid);
                    patches += counts[0];
                    skipped += counts[1];
                    if (progress != null) {
                        progress.printf(Locale.ROOT, "%d/%d products, %d patches (%.0f patches/s), %d skipped for missing data%n",
                                i + 1, itemFiles.size(), patches, patches / ((System.nanoTime() - begin) / 1e9), skipped);
                    }
                }
                stream.finish();
                return new Summary(itemFiles.size(), patches, skipped, Map.copyOf(perClass), invalid[0]);
            });
            staged.commit();
            return summary;
        } catch (IOException e) {
            throw new MlDataException(sidecar + ": cannot move the patches into place: " + e.getMessage(), e);
        }
    }

    /** Returns {patches written, patches skipped}. */
    private int[] cutOne(S2Item item, GeoRdfWriter rdf, Path temp, Path sidecar, Map<String, Integer> perClass, long[] invalid)
            throws IOException {
        BandRaster[] bands = new BandRaster[4];
        for (int b = 0; b < 4; b++) {
            bands[b] = BandRaster.read(item.bands().get(S2Item.ASSETS.get(b)));
        }
        BandRaster scl = BandRaster.read(item.scl());
        for (BandRaster r : bands) {
            if (r.width() != scl.width() || r.height() != scl.height()) {
                throw new MlDataException(item.itemFile() + ": item " + item.id() + ": bands of " + r.width() + "x" + r.height()
                        + " and SCL of " + scl.width() + "x" + scl.height() + " pixels; they must share one grid");
            }
        }
        Crs84 toCrs84 = Crs84.forCode("EPSG:" + item.epsg());
        Node product = GeoRdfWriter.iri(StacMapper.itemIri(item.collection(), item.id()));
        String base = Floe.DATA + "s2patches/" + IriSegments.encode(item.id()) + "/";
        int written = 0;
        int skipped = 0;
        int area = size * size;
        for (int pr = 0; pr + size <= scl.height(); pr += size) {
            for (int pc = 0; pc + size <= scl.width(); pc += size) {
                float[] pixels = new float[4 * area];
                int[] classCounts = new int[SclClass.NAMES.size()];
                int noData = 0;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int s = scl.at(pr + y, pc + x);
                        boolean missing = s == 0;
                        if (s >= classCounts.length) {
                            invalid[0]++;
                            missing = true;
                        }
                        for (BandRaster band : bands) {
                            missing |= band.at(pr + y, pc + x) == 0;
                        }
                        if (missing) {
                            noData++;
                            continue;
                        }
                        classCounts[s]++;
                        for (int b = 0; b < 4; b++) {
                            double[] so = item.scaleOffset().get(S2Item.ASSETS.get(b));
                            pixels[b * area + y * size + x] = (float) (bands[b].at(pr + y, pc + x) * so[0] + so[1]);
                        }
                    }
                }
                if (noData > maxNoData * area) {
                    skipped++;
                    continue;
                }
                int label = 1;
                for (int c = 1; c < classCounts.length; c++) {
                    if (classCounts[c] > classCounts[label]) {
                        label = c;
                    }
                }
                String name = "r" + pr / size + "c" + pc / size;
                String file = IriSegments.encode(item.id()) + "_" + name + ".npy";
                new NpyArray(new int[] {4, size, size}, pixels).write(temp.resolve(file));
                Node patch = GeoRdfWriter.iri(base + name);
                rdf.type(patch, Floe.Patch);
                rdf.triple(patch, Floe.sourceProduct, product);
                for (String band : S2Item.BAND_NAMES) {
                    rdf.triple(patch, Floe.band, NodeFactory.createLiteralString(band));
                }
                rdf.triple(patch, Floe.width, NodeFactory.createLiteralDT(Integer.toString(size), XSDDatatype.XSDinteger));
                rdf.triple(patch, Floe.height, NodeFactory.createLiteralDT(Integer.toString(size), XSDDatatype.XSDinteger));
                rdf.triple(patch, Floe.rasterFile, GeoRdfWriter.iri(sidecar.resolve(file).toUri().toString()));
                rdf.geometry(patch, toCrs84.apply(footprint(item, pr, pc)), Floe.footprint);
                Node l = GeoRdfWriter.iri(base + name + "/label");
                rdf.type(l, Floe.Label);
                rdf.triple(l, Floe.sample, patch);
                rdf.triple(l, Floe.labelClass, NodeFactory.createLiteralString(SclClass.name(label)));
                perClass.merge(SclClass.name(label), 1, Integer::sum);
                written++;
            }
        }
        return new int[] {written, skipped};
    }

    /** The patch's outline in the product's CRS (pixel edges, north-up grid). */
    private Polygon footprint(S2Item item, int row, int column) {
        double x0 = item.originX() + column * item.pixelWidth();
        double x1 = item.originX() + (column + size) * item.pixelWidth();
        double y0 = item.originY() + row * item.pixelHeight();
        double y1 = item.originY() + (row + size) * item.pixelHeight();
        return GEOMETRY.createPolygon(new Coordinate[] {new Coordinate(x0, y0), new Coordinate(x1, y0), new Coordinate(x1, y1),
                new Coordinate(x0, y1), new Coordinate(x0, y0)});
    }

}
