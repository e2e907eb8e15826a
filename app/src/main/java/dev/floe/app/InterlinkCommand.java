package dev.floe.app;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;

import dev.floe.interlink.Blocking;
import dev.floe.interlink.FeatureReader;
import dev.floe.interlink.InterlinkProvenance;
import dev.floe.interlink.InterlinkStats;
import dev.floe.interlink.Interlinker;
import dev.floe.interlink.LinkRelations;
import dev.floe.interlink.NTriplesLinks;
import dev.floe.store.GeoStore;
import dev.floe.triplify.InvalidGeometryPolicy;
import dev.floe.triplify.RdfOutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe interlink}: the topological links between the features of two RDF files. */
@Command(name = "interlink", mixinStandardHelpOptions = true, description = "Find the topological relations (DE-9IM) between the features of two RDF files.")
final class InterlinkCommand implements Callable<Integer> {

    @ParentCommand
    Floe floe;

    @Option(names = "--source", description = "RDF file(s) with the source features (geo:hasDefaultGeometry/geo:asWKT)")
    List<Path> source;

    @Option(names = "--target", description = "RDF file(s) with the target features")
    List<Path> target;

    @Option(names = "--source-query", paramLabel = "PATTERN",
            description = "instead of --source: a SPARQL graph pattern over --store binding ?feature, e.g. '?feature a floe:Country'")
    String sourceQuery;

    @Option(names = "--target-query", paramLabel = "PATTERN", description = "instead of --target: a graph pattern binding ?feature")
    String targetQuery;

    @Option(names = "--blocking", defaultValue = "rtree",
            description = "candidate search: rtree (packed R-tree over the target; strtree, its earlier name, is the same) or "
                    + "grid (GIA.nt-style equigrid over the source) (default: ${DEFAULT-VALUE})")
    String blocking;

    @Option(names = "--provenance", description = "add the run's PROV-O record (inputs, parameters, times, counts) to the output")
    boolean provenance;

    @Option(names = "--relations", defaultValue = "all",
            description = "all, or some of contains,coveredBy,covers,crosses,equals,intersects,overlaps,touches,within (default: ${DEFAULT-VALUE})")
    String relations;

    @Option(names = "--out", description = "links file (.nt, .nq, .ttl, .trig, + .gz); default: N-Triples on stdout")
    Path out;

    @Option(names = "--load", description = "also load the links into --store")
    boolean load;

    @Option(names = "--store", defaultValue = "floe-data", description = "store for --load and the --*-query options (default: ${DEFAULT-VALUE})")
    Path store;

    @Option(names = "--on-invalid", defaultValue = "repair", description = "invalid geometries: repair, skip or fail (default: ${DEFAULT-VALUE})")
    String onInvalid;

    @Option(names = "--quiet", description = "no statistics on stderr")
    boolean quiet;

    /** Whether this run opens the store: to load the links or to select features with a graph pattern. */
    boolean usesStore() {
        return load || sourceQuery != null || targetQuery != null;
    }

    @Override
    public Integer call() throws IOException {
        Interlinker interlinker;
        Blocking strategy = switch (blocking) {
            case "rtree", "strtree" -> Blocking.R_TREE;
            case "grid" -> Blocking.GRID;
            default -> throw new UsageException("--blocking must be rtree or grid, not '" + blocking + "'");
        };
        try {
            interlinker = new Interlinker(LinkRelations.parse(relations), strategy);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--relations: " + e.getMessage());
        }
        if (load && out == null) {
            throw new UsageException("--load needs --out: the links file is what gets loaded");
        }
        if (load) {
            Stores.checkNotServed(store, "write the links without --load, then add them through the server: "
                    + "floe load --endpoint {URL} --api-key KEY " + out);
        }
        if ((source == null) == (sourceQuery == null) || (target == null) == (targetQuery == null)) {
            throw new UsageException("give each side as a file (--source/--target) or a store pattern (--source-query/--target-query)");
        }
        InvalidGeometryPolicy policy = TriplifyCommand.policy(onInvalid);
        FeatureReader reader = new FeatureReader(policy);
        Instant started = Instant.now();
        FeatureReader.Layer a = source != null ? reader.read(source) : reader.layer(StoreFeatures.select(store, sourceQuery));
        FeatureReader.Layer b = target != null ? reader.read(target) : reader.layer(StoreFeatures.select(store, targetQuery));
        List<String> inputs = new ArrayList<>();
        for (List<Path> files : java.util.Arrays.asList(source, target)) {
            if (files != null) {
                files.forEach(f -> inputs.add(f.toAbsolutePath().toUri().toString()));
            }
        }
        if (sourceQuery != null || targetQuery != null) {
            inputs.add(store.toAbsolutePath().toUri().toString());
        }
        for (FeatureReader.Layer layer : List.of(a, b)) {
            layer.repaired().forEach(n -> floe.err().println("repaired: " + n));
            layer.skipped().forEach(n -> floe.err().println("skipped: " + n));
        }
        Provenance record = provenance ? new Provenance(inputs, strategy, policy, started) : null;
        InterlinkStats stats;
        if (out == null) {
            OutputStream stdout = new BufferedOutputStream(floe.out(), 1 << 16);
            stats = write(interlinker, a, b, stdout, RdfOutputFormat.NTRIPLES, record);
            stdout.flush();
        } else {
            stats = RdfOutputFormat.writeAtomically(out, (o, format) -> write(interlinker, a, b, o, format, record));
        }
        if (!quiet) {
            floe.err().println("interlink: " + stats.describe());
        }
        if (load) {
            try (GeoStore geoStore = Stores.openOrCreate(store, null)) {
                geoStore.load(List.of(out));
            }
        }
        return 0;
    }

    /** What the provenance record needs besides the statistics. */
    private record Provenance(List<String> inputs, Blocking blocking, InvalidGeometryPolicy policy, Instant started) {
    }

    /**
     * Writes the links, then the provenance record if asked for. N-Triples and N-Quads (the links are in the
     * default graph) are written line by line ({@link NTriplesLinks}), the other syntaxes through Jena's writer.
     */
    private static InterlinkStats write(Interlinker interlinker, FeatureReader.Layer a, FeatureReader.Layer b,
                                        OutputStream out, RdfOutputFormat format, Provenance provenance) {
        if (format == RdfOutputFormat.NTRIPLES || format == RdfOutputFormat.NQUADS) {
            NTriplesLinks lines = new NTriplesLinks(out);
            InterlinkStats stats = interlinker.link(a.features(), b.features(), lines);
            lines.flush();
            if (provenance != null) {
                StreamRDF stream = StreamRDFWriter.getWriterStream(out, format.jena());
                stream.start();
                InterlinkProvenance.write(stream, provenance.inputs(), provenance.blocking(), provenance.policy(), stats,
                        provenance.started(), Instant.now());
                stream.finish();
            }
            return stats;
        }
        StreamRDF stream = StreamRDFWriter.getWriterStream(out, format.jena());
        stream.start();
        InterlinkStats stats = interlinker.link(a.features(), b.features(), (s, r, t) -> stream.triple(Triple.create(
                NodeFactory.createURI(s.iri()), NodeFactory.createURI(r.propertyIri()), NodeFactory.createURI(t.iri()))));
        if (provenance != null) {
            InterlinkProvenance.write(stream, provenance.inputs(), provenance.blocking(), provenance.policy(), stats,
                    provenance.started(), Instant.now());
        }
        stream.finish();
        return stats;
    }
}
