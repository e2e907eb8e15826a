package dev.floe.triplify;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.apache.jena.vocabulary.DCAT;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.XSD;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floe.ontology.Floe;
import dev.floe.ontology.GeoSparql;
import dev.floe.triplify.csv.CsvSource;
import dev.floe.triplify.geojson.GeoJsonFeatureMapper;
import dev.floe.triplify.gpkg.GeoPackageSource;
import dev.floe.triplify.json.JsonRecordReader;
import dev.floe.triplify.patch.SarPatchMapper;
import dev.floe.triplify.rdf.GeoRdfWriter;
import dev.floe.triplify.raster.RasterSource;
import dev.floe.triplify.rml.Mapping;
import dev.floe.triplify.rml.MappingReader;
import dev.floe.triplify.rml.MappingRunner;
import dev.floe.triplify.shapefile.ShapefileSource;
import dev.floe.triplify.stac.StacMapper;

/**
 * Entry point of the triplify module: turns a GeoJSON or STAC file into GeoSPARQL RDF, streaming.
 *
 * <p>Accepted inputs: a GeoJSON FeatureCollection or Feature, a JSON array of Features, a STAC Item,
 * an ItemCollection, a Collection or a Catalog (whose item and child links to local files inside the folder of the
 * file named are followed; others are reported as not followed and never read),
 * and CSV/TSV files with a WKT or longitude/latitude columns ({@link CsvSource}).
 * Plain features are mapped by {@link GeoJsonFeatureMapper}, STAC objects by {@link StacMapper}.
 * Records are read and written one at a time, so inputs larger than the heap convert.
 *
 * <p>Bad input raises {@link TriplifyException} naming the file and record; when writing to a file,
 * nothing is left behind (the output is written to a temporary file and renamed on success).
 * Instances are immutable; each call is independent.
 */
public final class Triplifier {

    private final TriplifyOptions options;
    private final ProgressListener progress;

    public Triplifier(TriplifyOptions options, ProgressListener progress) {
        this.options = options;
        this.progress = progress;
    }

    public Triplifier(TriplifyOptions options) {
        this(options, ProgressListener.NONE);
    }

    /** Triplifies {@code input} into {@code output}, whose extension picks the syntax (.nt, .nq, .ttl, .trig, +.gz). */
    public TriplifySummary triplify(Path input, Path output) {
        return RdfOutputFormat.writeAtomically(output, (out, format) -> triplify(input, out, format, sidecarFor(output)));
    }

    /** Triplifies {@code input} to a stream in the given syntax; sidecar files go to {@code DATASET.patches/}. */
    public TriplifySummary triplify(Path input, OutputStream out, RdfOutputFormat format) {
        return triplify(input, out, format, Path.of(dataset(input) + ".patches"));
    }

    private TriplifySummary triplify(Path input, OutputStream out, RdfOutputFormat format, Path sidecar) {
        StreamRDF stream = StreamRDFWriter.getWriterStream(out, format.jena());
        stream.start();
        prefixes(stream);
        TriplifySummary summary = triplify(input, stream, sidecar);
        stream.finish();
        return summary;
    }

    /**
     * Runs the RML mapping in {@code mappingFile} into {@code output} (syntax by extension), atomically. The mapping
     * names its own sources; the options' invalid-geometry policy applies to their geometries.
     */
    public TriplifySummary triplifyMapping(Path mappingFile, Path output) {
        Mapping mapping = MappingReader.read(mappingFile);
        return RdfOutputFormat.writeAtomically(output, (out, format) -> runMapping(mapping, out, format));
    }

    /** Runs the RML mapping in {@code mappingFile} to a stream in the given syntax. */
    public TriplifySummary triplifyMapping(Path mappingFile, OutputStream out, RdfOutputFormat format) {
        return runMapping(MappingReader.read(mappingFile), out, format);
    }

    private TriplifySummary runMapping(Mapping mapping, OutputStream out, RdfOutputFormat format) {
        if (MappingRunner.usesNamedGraphs(mapping) && format != RdfOutputFormat.NQUADS && format != RdfOutputFormat.TRIG) {
            throw new TriplifyException(mapping.file(), null, "the mapping writes named graphs (rml:graph / rml:graphMap): "
                    + "write N-Quads (.nq) or TriG (.trig), not " + format);
        }
        StreamRDF stream = StreamRDFWriter.getWriterStream(out, format.jena());
        stream.start();
        prefixes(stream);
        TriplifySummary summary = triplify(mapping, stream);
        stream.finish();
        return summary;
    }

    /** Runs a mapping into a Jena stream (the caller starts and finishes it). */
    public TriplifySummary triplify(Mapping mapping, StreamRDF out) {
        RecordContext context = new RecordContext(new GeoRdfWriter(out), options,
                Path.of(mapping.file() + ".patches"));
        new MappingRunner(mapping, context, (records, bytes, total) -> progress.progress(records, bytes, total),
                options.maxJoinKeys()).run();
        return context.summary();
    }

    /** Where the sidecar files of an output file go: {@code OUT.patches/} beside it. */
    public static Path sidecarFor(Path output) {
        return output.resolveSibling(output.getFileName() + ".patches");
    }

    private String dataset(Path input) {
        return options.dataset() != null ? options.dataset() : datasetName(input);
    }

    /** Triplifies {@code input} into a Jena stream (the caller starts and finishes it), sidecars to {@code sidecar}. */
    public TriplifySummary triplify(Path input, StreamRDF out, Path sidecar) {
        RecordContext context = new RecordContext(new GeoRdfWriter(out), options, sidecar);
        try {
            TriplifySummary summary = run(input, context);
            context.commitSidecar();
            return summary;
        } catch (IOException e) {
            context.discardSidecar();
            throw new UncheckedIOException("cannot move the sidecar files to " + sidecar, e);
        } catch (RuntimeException e) {
            context.discardSidecar();
            throw e;
        }
    }

    private TriplifySummary run(Path input, RecordContext context) {
        if (!Files.isRegularFile(input)) {
            throw new TriplifyException(input, null, "no such file");
        }
        String dataset = dataset(input);
        GeoJsonFeatureMapper features = new GeoJsonFeatureMapper(context, dataset);
        StacMapper stac = new StacMapper(context, input.toAbsolutePath().normalize().getParent());
        SarPatchMapper patches = new SarPatchMapper(context, dataset);
        JsonRecordReader reader = new JsonRecordReader();

        if (GeoPackageSource.accepts(input)) {
            context.file(input.toAbsolutePath().normalize());
            new GeoPackageSource(context, dataset).read(input);
            return context.summary();
        }
        if (RasterSource.accepts(input)) {
            context.file(input.toAbsolutePath().normalize());
            Path parent = input.toAbsolutePath().normalize().getParent();
            new RasterSource(context, options.dataset() != null ? options.dataset()
                    : parent == null || parent.getFileName() == null ? "rasters" : parent.getFileName().toString()).read(input);
            return context.summary();
        }
        if (ShapefileSource.accepts(input)) {
            context.file(input.toAbsolutePath().normalize());
            new ShapefileSource(context, features).read(input, options.sourceCrs());
            return context.summary();
        }
        if (CsvSource.accepts(input)) {
            context.file(input.toAbsolutePath().normalize());
            new CsvSource(context, features).read(input, options.csv(), options.sourceCrs(),
                    (records, bytes, total) -> progress.progress(records, bytes, total));
            return context.summary();
        }
        Deque<Path> files = new ArrayDeque<>();
        Set<Path> seen = new HashSet<>();
        files.add(input.toAbsolutePath().normalize());
        while (!files.isEmpty()) {
            Path file = files.poll();
            if (!seen.add(file)) {
                continue;
            }
            context.file(file);
            long size = sizeForProgress(file);
            reader.read(file, new JsonRecordReader.Handler() {
                private long index;

                @Override
                public void record(JsonNode record, String path) {
                    context.recordRead();
                    files.addAll(dispatch(record, path, index++, file, context, features, stac, patches));
                }

                @Override
                public void document(ObjectNode document, boolean streamedFeatures) {
                    if (document == null) {
                        return;
                    }
                    if (streamedFeatures) {
                        JsonNode type = document.get("type");
                        if (type != null && !"FeatureCollection".equals(type.asText())) {
                            throw new TriplifyException(file, "$", "a \"features\" array belongs in a FeatureCollection, not a "
                                    + type.asText());
                        }
                        return;
                    }
                    context.recordRead();
                    files.addAll(dispatch(document, "$", 0, file, context, features, stac, patches));
                }

                @Override
                public void progress(long records, long bytesRead) {
                    progress.progress(context.records(), bytesRead, size);
                }
            });
        }
        return context.summary();
    }

    private static List<Path> dispatch(JsonNode record, String path, long index, Path file, RecordContext context,
                                       GeoJsonFeatureMapper features, StacMapper stac, SarPatchMapper patches) {
        if (!record.isObject()) {
            throw new TriplifyException(file, path, "expected a GeoJSON Feature or STAC object, found " + record.getNodeType());
        }
        if (SarPatchMapper.isSarPatch(record)) {
            patches.map(record, path);
            return List.of();
        }
        if (StacMapper.isStac(record)) {
            return stac.map(record, path, file.getParent());
        }
        JsonNode typeNode = record.get("type");
        String type = typeNode == null ? null : typeNode.asText();
        if ("Feature".equals(type)) {
            features.map(record, path, index);
            return List.of();
        }
        if ("FeatureCollection".equals(type)) {
            throw new TriplifyException(file, path, "FeatureCollection has no \"features\" array");
        }
        if (type != null && record.has("coordinates") || "GeometryCollection".equals(type)) {
            throw new TriplifyException(file, path, "a bare " + type + " geometry; wrap it in a GeoJSON Feature");
        }
        throw new TriplifyException(file, path, "not a GeoJSON Feature or STAC object (\"type\": "
                + (typeNode == null ? "missing" : typeNode) + ")");
    }

    /** The dataset name a file gives when none is set: its name without .json/.geojson/.gz. */
    public static String datasetName(Path input) {
        String name = input.getFileName().toString();
        for (String ext : new String[] {".gz", ".geojson", ".json", ".geojsons", ".geojsonl", ".jsonl", ".ndjson", ".csv", ".tsv", ".gpkg", ".shp"}) {
            if (name.toLowerCase(Locale.ROOT).endsWith(ext)) {
                name = name.substring(0, name.length() - ext.length());
            }
        }
        return name;
    }

    private static long sizeForProgress(Path file) {
        try {
            return file.getFileName().toString().endsWith(".gz") ? -1 : Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Declares the prefixes floe's output uses, for readable Turtle. */
    public static void prefixes(StreamRDF stream) {
        stream.prefix("rdf", RDF.getURI());
        stream.prefix("rdfs", RDFS.getURI());
        stream.prefix("xsd", XSD.getURI());
        stream.prefix("geo", GeoSparql.NS);
        stream.prefix("floe", Floe.NS);
        stream.prefix("attr", Floe.ATTR);
        stream.prefix("dcat", DCAT.NS);
        stream.prefix("dct", DCTerms.NS);
    }
}
