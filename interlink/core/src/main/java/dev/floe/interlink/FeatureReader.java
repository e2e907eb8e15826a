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

    /** Records per parallel slice, at least: fewer are read on the calling thread. */
    private static final int SLICE = 2048;

    private final GeometryCheck check;

    public FeatureReader(InvalidGeometryPolicy policy) {
        this.check = new GeometryCheck(policy);
    }

    public Layer read(List<Path> files) {
        Map<String, Located> geometryOf = new LinkedHashMap<>();
        Map<String, Located> anyGeometry = new LinkedHashMap<>();
        Map<String, String> wkt = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            String origin = files.get(i).toString();
            for (GeometryStatement s : statements(files.get(i), i)) {
                switch (s.kind()) {
                    case DEFAULT_GEOMETRY -> geometryOf.putIfAbsent(s.subject(), new Located(s.object(), origin));
                    case GEOMETRY -> anyGeometry.putIfAbsent(s.subject(), new Located(s.object(), origin));
                    case WKT -> wkt.putIfAbsent(s.subject(), s.object());
                    default -> throw new IllegalStateException(s.kind().name());
                }
            }
        }
        // a feature without a default geometry takes its first geo:hasGeometry, after all the default ones
        anyGeometry.forEach(geometryOf::putIfAbsent);
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
        int slices = Math.max(1, Math.min(4 * Runtime.getRuntime().availableProcessors(), all.size() / SLICE));
        Layer[] done = new Layer[slices];
        RuntimeException[] failed = new RuntimeException[slices];
        IntStream.range(0, slices).parallel().forEach(k -> {
            try {
                done[k] = layer(all.subList((int) ((long) all.size() * k / slices), (int) ((long) all.size() * (k + 1) / slices)));
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
