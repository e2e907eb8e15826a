package dev.floe.triplify;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.junit.jupiter.api.Test;

import dev.floe.triplify.rml.DefaultMapping;

/**
 * Local triplify speed against the practical limit, in one run: for real Natural Earth layers (GeoJSON, Shapefile,
 * GeoPackage) and generated GeoJSON of 100,000 and 1,000,000 features, the triples/s of the default run and of the
 * same run through its printed RML mapping, against the triples/s of RIOT writing the very same triples (held in
 * memory, so only serialisation is timed). Output goes to a discarding stream on all sides. Memory: the heap's peak
 * during each run at both sizes, and the 1,000,000-feature file triplified by a separate JVM limited to a 96 MiB heap.
 * Writes target/benchmark-triplify.md.
 */
class TriplifyBenchmark {

    static final Path SHARED = Path.of("..", "..", "..", "shared", "data");
    final StringBuilder report = new StringBuilder();

    @Test
    void triplifySpeedAgainstRiotAndMemoryAtTwoSizes() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "bench-triplify"));
        line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB. One thread: triples/s is per core.");
        line("");
        line("| input | features | triples | default run triples/s | RML mapping triples/s | RIOT write triples/s | default / RIOT | peak heap MiB (default) |");
        line("|---|---|---|---|---|---|---|---|");
        List<Path> inputs = new ArrayList<>();
        for (String layer : new String[] {"50m/ne_50m_populated_places_simple.json", "110m/ne_110m_admin_0_countries.json",
                "10m/ne_10m_antarctic_ice_shelves_polys.json", "50m/ne_50m_geography_marine_polys.json"}) {
            Path p = SHARED.resolve("natural-earth").resolve(layer);
            if (Files.isRegularFile(p)) {
                inputs.add(p);
            }
        }
        Path shp = SHARED.resolve("vector-formats/shapefile-naturalearth/naturalearth_lowres/naturalearth_lowres.shp");
        if (Files.isRegularFile(shp)) {
            inputs.add(shp);
        }
        Path gpkg = SHARED.resolve("vector-formats/geopackage/world_map.gpkg");
        if (Files.isRegularFile(gpkg)) {
            inputs.add(gpkg);
        }
        for (Path in : inputs) {
            measure(in, in.getFileName().toString(), work, 5);
        }
        Path small = generate(work.resolve("generated-100k.geojson"), 100_000);
        measure(small, "generated GeoJSON", work, 4);
        Path large = generate(work.resolve("generated-1m.geojson"), 1_000_000);
        measure(large, "generated GeoJSON", work, 1);
        line("");
        line(forkedSmallHeap(large, work));
        Files.writeString(Path.of("target", "benchmark-triplify.md"), report);
        System.out.println(report);
    }

    /** Best of {@code runs} runs each: default, mapping, RIOT on the same triples. */
    void measure(Path input, String name, Path work, int runs) throws Exception {
        Triplifier triplifier = new Triplifier(TriplifyOptions.defaults());
        Path mapping = work.resolve(input.getFileName() + ".rml.ttl");
        try (OutputStream o = Files.newOutputStream(mapping)) {
            DefaultMapping.write(DefaultMapping.generate(input, TriplifyOptions.defaults()), input, o);
        }
        double bestDefault = Double.MAX_VALUE;
        double bestMapping = Double.MAX_VALUE;
        long triples = 0;
        long records = 0;
        long peak = 0;
        for (int r = 0; r < runs; r++) {
            resetPeak();
            long t0 = System.nanoTime();
            TriplifySummary s = triplifier.triplify(input, OutputStream.nullOutputStream(), RdfOutputFormat.NTRIPLES);
            bestDefault = Math.min(bestDefault, (System.nanoTime() - t0) / 1e9);
            peak = Math.max(peak, peakMiB());
            triples = s.triples();
            records = s.records();
            long t1 = System.nanoTime();
            TriplifySummary m = triplifier.triplifyMapping(mapping, OutputStream.nullOutputStream(), RdfOutputFormat.NTRIPLES);
            bestMapping = Math.min(bestMapping, (System.nanoTime() - t1) / 1e9);
            if (m.triples() != triples) {
                throw new IllegalStateException(name + ": the mapping wrote " + m.triples() + " triples, the default run " + triples);
            }
        }
        double riot = riotRate(input, triplifier, triples, work);
        double def = triples / bestDefault;
        line(String.format(Locale.ROOT, "| %s | %,d | %,d | %,.0f | %,.0f | %,.0f | %.2f | %d |", name, records, triples, def,
                triples / bestMapping, riot, def / riot, peak));
    }

    /**
     * RIOT's rate writing the same triples as N-Triples: the default run's output is parsed into memory (for the largest
     * input, its first 2,000,000 triples, which have the same shape), then written to a discarding stream, best of 3.
     */
    double riotRate(Path input, Triplifier triplifier, long triples, Path work) throws IOException {
        Path nt = work.resolve("riot-input.nt");
        triplifier.triplify(input, nt);
        List<Triple> held = new ArrayList<>((int) Math.min(triples, 2_000_000));
        try {
            RDFParser.source(nt).lang(Lang.NTRIPLES).parse(new StreamRDFBase() {
                @Override
                public void triple(Triple t) {
                    if (held.size() >= 2_000_000) {
                        throw new StopParsing();
                    }
                    held.add(t);
                }
            });
        } catch (StopParsing enough) {
            // a large enough sample
        }
        Files.delete(nt);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < 3; r++) {
            long t0 = System.nanoTime();
            StreamRDF w = StreamRDFWriter.getWriterStream(OutputStream.nullOutputStream(), RDFFormat.NTRIPLES);
            w.start();
            for (Triple t : held) {
                w.triple(t);
            }
            w.finish();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return held.size() / best;
    }

    static final class StopParsing extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** A FeatureCollection of n features: points and small pentagons alternately, four typed properties each. */
    static Path generate(Path file, int n) throws IOException {
        if (Files.isRegularFile(file)) {
            return file;
        }
        java.util.Random random = new java.util.Random(42);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("{\"type\":\"FeatureCollection\",\"features\":[\n");
            for (int i = 0; i < n; i++) {
                double x = -170 + random.nextDouble() * 340;
                double y = -80 + random.nextDouble() * 160;
                String geometry;
                if (i % 2 == 0) {
                    geometry = String.format(Locale.ROOT, "{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}", x, y);
                } else {
                    StringBuilder ring = new StringBuilder();
                    for (int k = 0; k <= 5; k++) {
                        double a = 2 * Math.PI * (k % 5) / 5;
                        ring.append(k == 0 ? "" : ",").append(String.format(Locale.ROOT, "[%.6f,%.6f]", x + 0.1 * Math.cos(a), y + 0.1 * Math.sin(a)));
                    }
                    geometry = "{\"type\":\"Polygon\",\"coordinates\":[[" + ring + "]]}";
                }
                w.write(String.format(Locale.ROOT, "%s{\"type\":\"Feature\",\"id\":\"f%d\",\"properties\":{\"name\":\"feature %d\","
                        + "\"class\":%d,\"value\":%.3f,\"flag\":%b},\"geometry\":%s}\n", i == 0 ? "" : ",", i, i, i % 7,
                        random.nextDouble() * 1000, i % 3 == 0, geometry));
            }
            w.write("]}\n");
        }
        return file;
    }

    /** Triplifies {@code input} in a separate JVM with a 96 MiB heap, by default and by mapping. */
    String forkedSmallHeap(Path input, Path work) throws Exception {
        long size = Files.size(input) >> 20;
        StringBuilder out = new StringBuilder();
        for (boolean mapping : new boolean[] {false, true}) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m",
                    "-cp", System.getProperty("java.class.path"), SmallHeapRun.class.getName(), input.toString(),
                    work.resolve("smallheap.nt").toString(), Boolean.toString(mapping), work.resolve("smallheap.rml.ttl").toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            boolean done = p.waitFor(20, TimeUnit.MINUTES);
            int exit = done ? p.exitValue() : -1;
            out.append(String.format(Locale.ROOT, "Memory: the 1,000,000-feature file (%,d MiB) triplified %s in a JVM with -Xmx96m: %s (%s).%n",
                    size, mapping ? "through its RML mapping" : "by the default mapping", exit == 0 ? "completed" : "FAILED, exit " + exit,
                    log.lines().reduce((a, b) -> b).orElse("")));
        }
        Files.deleteIfExists(work.resolve("smallheap.nt"));
        return out.toString();
    }

    /** The main class the forked JVM runs. */
    public static final class SmallHeapRun {
        public static void main(String[] args) throws Exception {
            Path in = Path.of(args[0]);
            Path out = Path.of(args[1]);
            TriplifySummary s;
            long t0 = System.nanoTime();
            if (Boolean.parseBoolean(args[2])) {
                Path mapping = Path.of(args[3]);
                try (OutputStream o = Files.newOutputStream(mapping)) {
                    DefaultMapping.write(DefaultMapping.generate(in, TriplifyOptions.defaults()), in, o);
                }
                s = new Triplifier(TriplifyOptions.defaults()).triplifyMapping(mapping, out);
            } else {
                s = new Triplifier(TriplifyOptions.defaults()).triplify(in, out);
            }
            System.out.printf(Locale.ROOT, "%,d triples in %.1f s%n", s.triples(), (System.nanoTime() - t0) / 1e9);
        }
    }

    static void resetPeak() {
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    static long peakMiB() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20;
    }

    static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    void line(String s) {
        report.append(s).append('\n');
    }
}
