package dev.floe.app;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.jena.rdf.model.ResourceFactory;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;

import dev.floe.geo.AtomicFiles;
import dev.floe.triplify.InvalidGeometryPolicy;
import dev.floe.triplify.RdfOutputFormat;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyOptions;
import dev.floe.triplify.TriplifySummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe triplify}: GeoJSON or STAC JSON to GeoSPARQL RDF. */
@Command(name = "triplify", mixinStandardHelpOptions = true, description = {"Turn a GeoJSON (or GeoJSON sequence), STAC (Item, ItemCollection, Collection, Catalog), CSV/TSV, GeoPackage, ESRI Shapefile,",
        "raster (GeoTIFF; JPEG 2000 with a GDAL .aux.xml) or SAR patch JSON file into GeoSPARQL RDF,",
        "by floe's default mapping or by a W3C RML mapping (--mapping); --print-mapping writes the default mapping as RML to edit."})
final class TriplifyCommand implements Callable<Integer> {

    @ParentCommand
    Floe floe;

    @Option(names = "--input", arity = "1..*", paramLabel = "FILE",
            description = "GeoJSON FeatureCollection/Feature/sequence, STAC JSON, CSV/TSV, GeoPackage, Shapefile (.shp), raster (.tif/.jp2) or SAR patch JSON file (.gz allowed for text); "
                    + "several (--input A --input B, or --input A B) go into one output; not with --mapping, whose logical sources name their files")
    List<Path> inputs;

    @Option(names = "--out", description = "output file; the extension picks the syntax: .nt .nq .ttl .trig, + .gz (default: N-Triples on stdout)")
    Path out;

    @Option(names = "--dataset", description = "dataset name used in feature IRIs (default: the input file name)")
    String dataset;

    @Option(names = "--class", description = "extra class IRI for every plain GeoJSON feature, e.g. https://w3id.org/floe/ontology#Country")
    String featureClass;

    @Option(names = "--label-property", description = "GeoJSON property that also becomes rdfs:label")
    String labelProperty;

    @Option(names = "--id-property", description = "GeoJSON property that identifies features without an \"id\"")
    String idProperty;

    @Option(names = "--wkt-column", description = "CSV: the column holding WKT geometries (default: found in the header)")
    String wktColumn;

    @Option(names = "--lon-column", description = "CSV: the longitude column, with --lat-column (default: found in the header)")
    String lonColumn;

    @Option(names = "--lat-column", description = "CSV: the latitude column, with --lon-column")
    String latColumn;

    @Option(names = "--crs", description = "CSV and Shapefile: the EPSG CRS of the coordinates, e.g. EPSG:32633 (default: CSV CRS84 lon/lat; Shapefile its .prj)")
    String crs;

    @Option(names = "--on-invalid", defaultValue = "repair",
            description = "invalid geometries: repair (JTS GeometryFixer), skip the record, or fail (default: ${DEFAULT-VALUE})")
    String onInvalid;

    @Option(names = "--mapping", description = "run this RML mapping (Turtle; RML-Core or legacy rr:/rml: terms) instead of the default mapping")
    Path mapping;

    @Option(names = "--print-mapping", description = "write the default mapping of --input as RML (Turtle) to --out or stdout, and stop")
    boolean printMapping;

    @Option(names = "--max-join-keys", defaultValue = "2000000",
            description = "RML joins: the most join keys of one parent source held in memory (default: ${DEFAULT-VALUE})")
    int maxJoinKeys;

    @Option(names = "--load", description = "also load the result into --store (one transaction)")
    boolean load;

    @Option(names = "--store", defaultValue = "floe-data", description = "store for --load (default: ${DEFAULT-VALUE})")
    Path store;

    @Option(names = "--quiet", description = "no progress or summary on stderr")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (load) {
            Stores.checkNotServed(store, "write the triples to a file (--out FILE.nt.gz, without --load) and add them through the "
                    + "server: floe load --endpoint {URL} --api-key KEY FILE.nt.gz");
        }
        if (mapping != null && (inputs != null || printMapping)) {
            throw new UsageException(printMapping ? "--print-mapping prints the default mapping of --input; not with --mapping"
                    : "--mapping: the mapping's logical sources name their files (rml:source); drop --input");
        }
        if (mapping == null && inputs == null) {
            throw new UsageException("give --input FILE (default mapping) or --mapping MAPPING.ttl");
        }
        if (maxJoinKeys < 1) {
            throw new UsageException("--max-join-keys must be positive");
        }
        if (printMapping && inputs.size() > 1) {
            throw new UsageException("--print-mapping prints the default mapping of one --input, not " + inputs.size());
        }
        for (Path input : inputs == null ? List.<Path>of() : inputs) {
            if ((wktColumn != null || lonColumn != null || latColumn != null) && !dev.floe.triplify.csv.CsvSource.accepts(input)) {
                throw new UsageException("the --*-column options are for CSV/TSV input, not " + input.getFileName());
            }
            if (crs != null && !dev.floe.triplify.csv.CsvSource.accepts(input) && !dev.floe.triplify.shapefile.ShapefileSource.accepts(input)) {
                throw new UsageException("--crs is for CSV/TSV and Shapefile input, not " + input.getFileName());
            }
        }
        TriplifyOptions options = new TriplifyOptions(dataset,
                featureClass == null ? null : ResourceFactory.createResource(featureClass),
                labelProperty, idProperty, policy(onInvalid),
                wktColumn == null && lonColumn == null && latColumn == null ? null
                        : new TriplifyOptions.CsvColumns(wktColumn, lonColumn, latColumn), crs, maxJoinKeys);
        if (printMapping) {
            Path input = inputs.get(0);
            org.apache.jena.rdf.model.Model generated = dev.floe.triplify.rml.DefaultMapping.generate(input, options);
            if (out == null) {
                dev.floe.triplify.rml.DefaultMapping.write(generated, input, floe.out());
                floe.out().flush();
            } else {
                AtomicFiles.write(out, o -> {
                    dev.floe.triplify.rml.DefaultMapping.write(generated, input, o);
                    return null;
                });
            }
            return 0;
        }
        if (mapping == null && inputs.size() > 1) {
            return triplifyAll(options);
        }
        Path input = mapping == null ? inputs.get(0) : null;
        ProgressPrinter progress = new ProgressPrinter(floe.err(), quiet, "triplify "
                + (mapping != null ? mapping.getFileName() : input.getFileName()));
        Triplifier triplifier = new Triplifier(options, progress);
        TriplifySummary summary;
        if (load && out == null) {
            Path tmp = temporaryBesideStore(mapping != null ? ".nq" : ".nt");
            try {
                summary = mapping != null ? triplifier.triplifyMapping(mapping, tmp) : triplifier.triplify(input, tmp);
                progress.done();
                report(floe, summary, quiet, "store " + store);
                loadInto(tmp);
            } finally {
                java.nio.file.Files.deleteIfExists(tmp);
            }
            return 0;
        }
        if (out == null) {
            OutputStream stdout = new BufferedOutputStream(floe.out(), 1 << 16);
            if (mapping != null) {
                // named graphs need quads; plain triples stay N-Triples
                RdfOutputFormat format = dev.floe.triplify.rml.MappingRunner.usesNamedGraphs(dev.floe.triplify.rml.MappingReader.read(mapping))
                        ? RdfOutputFormat.NQUADS : RdfOutputFormat.NTRIPLES;
                summary = triplifier.triplifyMapping(mapping, stdout, format);
            } else {
                summary = triplifier.triplify(input, stdout, RdfOutputFormat.NTRIPLES);
            }
            stdout.flush();
        } else {
            summary = mapping != null ? triplifier.triplifyMapping(mapping, out) : triplifier.triplify(input, out);
        }
        progress.done();
        report(floe, summary, quiet, out == null ? "stdout" : out.toString());
        if (load) {
            loadInto(out);
        }
        return 0;
    }

    /**
     * Several inputs into one output (a file, written all or nothing; stdout; or a temporary file for --load), one
     * after the other in the order given, each with the progress and the summary a single-input run prints. Each
     * input's sidecar files (SAR patches) go to a folder of its own, {@code OUT.patches/NAME/} ({@code NAME.patches/}
     * on stdout, as for one input), so that one input's do not replace another's.
     */
    private int triplifyAll(TriplifyOptions options) throws Exception {
        Path target = out != null ? out : load ? temporaryBesideStore(".nt") : null;
        try {
            if (target == null) {
                OutputStream stdout = new BufferedOutputStream(floe.out(), 1 << 16);
                writeAll(options, stdout, RdfOutputFormat.NTRIPLES, null);
                stdout.flush();
            } else {
                RdfOutputFormat.writeAtomically(target, (o, format) -> {
                    writeAll(options, o, format, Triplifier.sidecarFor(target));
                    return null;
                });
            }
            if (load) {
                loadInto(target);
            }
        } finally {
            if (load && out == null) {
                java.nio.file.Files.deleteIfExists(target);
            }
        }
        return 0;
    }

    /** Writes every input into one stream; {@code sidecars} is the folder of their sidecar folders (null: the working directory). */
    private void writeAll(TriplifyOptions options, OutputStream o, RdfOutputFormat format, Path sidecars) {
        String where = out != null ? out.toString() : load ? "store " + store : "stdout";
        StreamRDF stream = StreamRDFWriter.getWriterStream(o, format.jena());
        stream.start();
        Triplifier.prefixes(stream);
        Map<String, Integer> names = new HashMap<>();
        for (Path input : inputs) {
            String name = Triplifier.datasetName(input);
            int seen = names.merge(name, 1, Integer::sum);
            ProgressPrinter progress = new ProgressPrinter(floe.err(), quiet, "triplify " + input.getFileName());
            String folder = seen == 1 ? name : name + "-" + seen;
            TriplifySummary summary = new Triplifier(options, progress)
                    .triplify(input, stream, sidecars == null ? Path.of(folder + ".patches") : sidecars.resolve(folder));
            progress.done();
            report(floe, summary, quiet, input + ": ", where);
        }
        stream.finish();
    }

    /** A temporary file beside the store, for --load without --out: loaded, then removed. */
    private Path temporaryBesideStore(String suffix) throws java.io.IOException {
        java.nio.file.Files.createDirectories(store.toAbsolutePath());
        return java.nio.file.Files.createTempFile(store.toAbsolutePath(), ".triplify-", suffix);
    }

    private void loadInto(Path file) {
        try (dev.floe.store.GeoStore geoStore = Stores.openOrCreate(store, null)) {
            dev.floe.store.LoadSummary s = geoStore.load(java.util.List.of(file));
            if (!quiet) {
                floe.err().printf("load: %,d triples into %s, which now holds %,d triples%n", s.quads(), geoStore.directory(),
                        s.storeSize());
            }
        }
    }

    static InvalidGeometryPolicy policy(String name) {
        switch (name) {
            case "repair": return InvalidGeometryPolicy.REPAIR;
            case "skip": return InvalidGeometryPolicy.SKIP;
            case "fail": return InvalidGeometryPolicy.FAIL;
            default: throw new UsageException("--on-invalid must be repair, skip or fail, not '" + name + "'");
        }
    }

    /** Prints the summary and every repaired or skipped record on stderr. */
    static void report(Floe floe, TriplifySummary summary, boolean quiet, String where) {
        report(floe, summary, quiet, "", where);
    }

    /** As {@link #report(Floe, TriplifySummary, boolean, String)}, the summary line starting with {@code input}. */
    static void report(Floe floe, TriplifySummary summary, boolean quiet, String input, String where) {
        if (!summary.skipped().isEmpty() || !summary.repaired().isEmpty() || !quiet) {
            summary.repaired().forEach(n -> floe.err().println("repaired: " + n));
            summary.skipped().forEach(n -> floe.err().println("skipped: " + n));
        }
        if (!quiet) {
            summary.linksNotFollowed().forEach(l -> floe.err().println("not followed: " + l));
            floe.err().println("triplify: " + input + summary.describe() + " -> " + where);
        }
    }
}
