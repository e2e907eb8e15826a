package dev.floe.interlink;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.apache.jena.graph.Triple;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.sparql.core.Quad;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;

import dev.floe.geo.Wkt;
import dev.floe.triplify.InvalidGeometryPolicy;
import dev.floe.triplify.geometry.GeometryCheck;

/**
 * Reads the features of RDF files (any RIOT syntax, gzip too): every subject with a geo:hasDefaultGeometry
 * (else a geo:hasGeometry) whose geometry has a geo:asWKT, in any CRS, transformed to CRS84. Invalid
 * geometries follow the same repair/skip/fail policy as triplify; each one is reported. N-Triples and N-Quads
 * files are read on all cores and only for those three statements ({@link NTriplesScanner}); the WKT literals
 * are read and checked in parallel. A feature that is a blank node is reported and left out: links need IRIs.
 */
public final class FeatureReader {

    /** The features of a layer and what was done to them. */
    public record Layer(List<SpatialFeature> features, List<String> repaired, List<String> skipped) {
    }

    /**
     * WKT characters per parallel slice, at least: slices are cut by text, not by records, so that a layer of a few
     * hundred large polygons (whose reading and validity check is the work) is spread over the cores too.
     */
    private static final long SLICE_CHARS = 1 << 16;

    private final GeometryCheck check;

    public FeatureReader(InvalidGeometryPolicy policy) {
        this.check = new GeometryCheck(policy);
    }

    public Layer read(List<Path> files) {
        List<List<GeometryStatement>> perFile = new ArrayList<>(files.size());
        int defaults = 0;
        int literals = 0;
        for (int i = 0; i < files.size(); i++) {
            List<GeometryStatement> found = statements(files.get(i), i);
            perFile.add(found);
            for (GeometryStatement s : found) {
                defaults += s.kind() == GeometryStatement.Kind.DEFAULT_GEOMETRY ? 1 : 0;
                literals += s.kind() == GeometryStatement.Kind.WKT ? 1 : 0;
            }
        }
        // the two large maps are independent: the geometries' WKT on another thread, the features' geometries on this
        // one (on 1,000,000 points they were a fifth of the run's CPU samples, on one core; docs/BENCHMARKS.md)
        int wktCapacity = literals;
        CompletableFuture<Map<String, String>> wktOf = CompletableFuture.supplyAsync(() -> {
            Map<String, String> wkt = new HashMap<>(capacity(wktCapacity));
            for (List<GeometryStatement> found : perFile) {
                for (GeometryStatement s : found) {
                    if (s.kind() == GeometryStatement.Kind.WKT) {
                        wkt.putIfAbsent(s.subject(), s.object());
                    }
                }
            }
            return wkt;
        });
        Map<String, Located> geometryOf = new LinkedHashMap<>(capacity(defaults));
        for (int i = 0; i < files.size(); i++) {
            String origin = files.get(i).toString();
            for (GeometryStatement s : perFile.get(i)) {
                if (s.kind() == GeometryStatement.Kind.DEFAULT_GEOMETRY) {
                    geometryOf.putIfAbsent(s.subject(), new Located(s.object(), origin));
                }
            }
        }
        // a feature without a default geometry takes its first geo:hasGeometry: after all the default ones
        for (int i = 0; i < files.size(); i++) {
            String origin = files.get(i).toString();
            for (GeometryStatement s : perFile.get(i)) {
                if (s.kind() == GeometryStatement.Kind.GEOMETRY && !geometryOf.containsKey(s.subject())) {
                    geometryOf.put(s.subject(), new Located(s.object(), origin));
                }
            }
        }
        Map<String, String> wkt = wktOf.join();
        List<Record> records = new ArrayList<>(geometryOf.size());
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Located> e : geometryOf.entrySet()) {
            String file = e.getValue().file();
            if (GeometryStatement.isBlank(e.getKey())) {
                missing.add(file + ": a feature without an IRI (blank node) cannot be linked");
                continue;
            }
            String literal = wkt.get(e.getValue().geometry());
            if (literal == null) {
                missing.add(file + ": <" + e.getKey() + ">: its geometry has no geo:asWKT");
                continue;
            }
            records.add(new Record(e.getKey(), literal, file));
        }
        Layer layer = layer(records);
        List<String> skipped = new ArrayList<>(missing);
        skipped.addAll(layer.skipped());
        return new Layer(layer.features(), layer.repaired(), skipped);
    }

    /**
     * The geometry statements of one file, in file order: N-Triples and N-Quads (plain or gzipped) through the
     * parallel {@link NTriplesScanner}, any other RIOT syntax through RIOT's parser on the whole file.
     */
    private static List<GeometryStatement> statements(Path file, int index) {
        if (!Files.isRegularFile(file)) {
            throw new InterlinkException(file + ": no such file");
        }
        // by name, as RIOT does (RDFLanguages would start Jena, which a read of plain N-Triples does without)
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        name = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        boolean quads = name.endsWith(".nq");
        if (quads || name.endsWith(".nt")) {
            try {
                return new NTriplesScanner().scan(file, quads, "f" + index + "/");
            } catch (UncheckedIOException e) {
                throw new InterlinkException(e.getMessage(), e);
            }
        }
        List<GeometryStatement> found = new ArrayList<>();
        StreamRDFBase sink = new StreamRDFBase() {
            @Override
            public void triple(Triple t) {
                GeometryStatement s = GeometryStatement.of(t, "");
                if (s != null) {
                    found.add(s);
                }
            }

            @Override
            public void quad(Quad q) {
                triple(q.asTriple());
            }
        };
        try {
            RDFParser.source(file).parse(sink);
        } catch (RiotException e) {
            throw new InterlinkException(file + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** A hash map's initial capacity for {@code n} entries at the default load factor: no rehashing while filled. */
    private static int capacity(int n) {
        return (int) Math.min(1 << 30, n / 0.75 + 1);
    }

    /** A feature's geometry node and the file that gave the feature it (the first file that did). */
    private record Located(String geometry, String file) {
    }

    /** A feature as found in some source: its IRI, its WKT literal's lexical form, and where it came from. */
    public record Record(String iri, String wkt, String origin) {
    }

    /**
     * Turns records (from files or a store query) into a layer, applying the invalid-geometry policy. The WKT
     * is read and checked in parallel slices; features, reports and the first error come in record order.
     */
    public Layer layer(Iterable<Record> records) {
        List<Record> all = new ArrayList<>();
        records.forEach(all::add);
        long chars = 0;
        for (Record r : all) {
            chars += r.wkt().length();
        }
        int slices = (int) Math.max(1, Math.min(Math.min(4 * Runtime.getRuntime().availableProcessors(), all.size()),
                chars / SLICE_CHARS));
        // slice k ends at the first record where the text read so far reaches k+1 slices' share
        int[] ends = new int[slices];
        long sum = 0;
        for (int i = 0, k = 0; i < all.size() && k < slices; i++) {
            sum += all.get(i).wkt().length();
            while (k < slices && sum * slices >= chars * (k + 1)) {
                ends[k++] = i + 1;
            }
        }
        ends[slices - 1] = all.size();
        Layer[] done = new Layer[slices];
        RuntimeException[] failed = new RuntimeException[slices];
        IntStream.range(0, slices).parallel().forEach(k -> {
            try {
                done[k] = layer(all.subList(k == 0 ? 0 : ends[k - 1], ends[k]));
            } catch (RuntimeException e) {
                failed[k] = e;
            }
        });
        List<SpatialFeature> features = new ArrayList<>(all.size());
        List<String> repaired = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int k = 0; k < slices; k++) {
            if (failed[k] != null) {
                throw failed[k];
            }
            features.addAll(done[k].features());
            repaired.addAll(done[k].repaired());
            skipped.addAll(done[k].skipped());
        }
        return new Layer(features, repaired, skipped);
    }

    private Layer layer(List<Record> records) {
        List<SpatialFeature> features = new ArrayList<>(records.size());
        List<String> repaired = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Record r : records) {
            Geometry g;
            try {
                g = Wkt.readCrs84(r.wkt());
            } catch (ParseException e) {
                throw new InterlinkException(where(r) + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new InterlinkException(where(r) + ": unreadable WKT \"" + abbreviate(r.wkt()) + "\": " + e.getMessage(), e);
            }
            GeometryCheck.Outcome outcome = check.check(g);
            switch (outcome.action()) {
                case KEPT -> features.add(new SpatialFeature(r.iri(), g));
                case REPAIRED -> {
                    repaired.add(where(r) + ": " + outcome.reason());
                    features.add(new SpatialFeature(r.iri(), outcome.geometry()));
                }
                case SKIPPED -> skipped.add(where(r) + ": " + outcome.reason());
                default -> throw new InterlinkException(where(r) + ": " + outcome.reason()
                        + " (use --on-invalid repair or skip to go on)");
            }
        }
        return new Layer(features, repaired, skipped);
    }

    /** Where a record comes from, for messages: "file: <iri>". */
    private static String where(Record r) {
        return r.origin() + ": <" + r.iri() + ">";
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
