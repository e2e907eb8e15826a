package dev.floe.app;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;

import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;

import dev.floe.interlink.FeatureReader;
import dev.floe.interlink.InterlinkStats;
import dev.floe.interlink.Interlinker;
import dev.floe.interlink.Relation;
import dev.floe.store.GeoStore;
import dev.floe.triplify.RdfOutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe interlink}: the topological links between the features of two RDF files. */
@Command(name = "interlink", description = "Find the topological relations (DE-9IM) between the features of two RDF files.")
final class InterlinkCommand implements Callable<Integer> {

    @ParentCommand
    Floe floe;

    @Option(names = "--source", required = true, description = "RDF file with the source features (geo:hasDefaultGeometry/geo:asWKT)")
    List<Path> source;

    @Option(names = "--target", required = true, description = "RDF file with the target features")
    List<Path> target;

    @Option(names = "--relations", defaultValue = "all",
            description = "all, or some of contains,coveredBy,covers,crosses,equals,intersects,overlaps,touches,within (default: ${DEFAULT-VALUE})")
    String relations;

    @Option(names = "--out", description = "links file (.nt, .nq, .ttl, .trig, + .gz); default: N-Triples on stdout")
    Path out;

    @Option(names = "--load", description = "also load the links into --store")
    boolean load;

    @Option(names = "--store", defaultValue = "floe-data", description = "store for --load (default: ${DEFAULT-VALUE})")
    Path store;

    @Option(names = "--on-invalid", defaultValue = "repair", description = "invalid geometries: repair, skip or fail (default: ${DEFAULT-VALUE})")
    String onInvalid;

    @Option(names = "--quiet", description = "no statistics on stderr")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        Interlinker interlinker;
        try {
            interlinker = new Interlinker(Relation.parse(relations));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--relations: " + e.getMessage());
        }
        if (load && out == null) {
            throw new UsageException("--load needs --out: the links file is what gets loaded");
        }
        FeatureReader reader = new FeatureReader(TriplifyCommand.policy(onInvalid));
        FeatureReader.Layer a = reader.read(source);
        FeatureReader.Layer b = reader.read(target);
        for (FeatureReader.Layer layer : List.of(a, b)) {
            layer.repaired().forEach(n -> floe.err().println("repaired: " + n));
            layer.skipped().forEach(n -> floe.err().println("skipped: " + n));
        }
        InterlinkStats stats;
        if (out == null) {
            OutputStream stdout = new BufferedOutputStream(floe.out(), 1 << 16);
            stats = write(interlinker, a, b, stdout, RdfOutputFormat.NTRIPLES);
            stdout.flush();
        } else {
            Path dir = out.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + out.getFileName(), ".partial");
            try {
                try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                     OutputStream o = RdfOutputFormat.gzip(out) ? new GZIPOutputStream(file) : file) {
                    stats = write(interlinker, a, b, o, RdfOutputFormat.forFile(out));
                }
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        if (!quiet) {
            floe.err().println("interlink: " + stats.describe());
        }
        if (load) {
            try (GeoStore geoStore = GeoStore.open(store)) {
                geoStore.load(List.of(out));
            } catch (UncheckedIOException e) {
                throw e;
            }
        }
        return 0;
    }

    private static InterlinkStats write(Interlinker interlinker, FeatureReader.Layer a, FeatureReader.Layer b,
                                        OutputStream out, RdfOutputFormat format) {
        StreamRDF stream = StreamRDFWriter.getWriterStream(out, format.jena());
        stream.start();
        InterlinkStats stats = interlinker.link(a.features(), b.features(), (s, r, t) -> stream.triple(Triple.create(
                NodeFactory.createURI(s.iri()), r.predicate().asNode(), NodeFactory.createURI(t.iri()))));
        stream.finish();
        return stats;
    }
}
