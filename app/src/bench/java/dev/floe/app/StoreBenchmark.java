package dev.floe.app;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.geosparql.configuration.GeoSPARQLConfig;
import org.apache.jena.query.Dataset;
import org.apache.jena.system.progress.MonitorOutput;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.loader.DataLoader;
import org.apache.jena.tdb2.loader.LoaderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.store.GeoStore;
import dev.floe.store.LoadSummary;
import dev.floe.triplify.ProgressListener;

/**
 * The store benchmark (docs/BENCHMARKS.md), run with {@code mvn -B -Pbench verify}: bulk-load rate of
 * floe (TDB2 + spatial + text indexes) against Jena's TDB2 loader (what tdb2.tdbloader runs) on the same
 * file, and latency of spatial selections and joins on the demo's Natural Earth layers, floe against an
 * embedded Fuseki 5.6.0 with jena-geosparql over HTTP on loopback, in one run. Prints a Markdown table
 * and writes it to target/benchmark-store.md. Not a test: it asserts nothing but equal answer counts.
 */
class StoreBenchmark {

    static final String P = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX geof: <http://www.opengis.net/def/function/geosparql/> PREFIX floe: <https://w3id.org/floe/ontology#> "
            + "PREFIX uom: <http://www.opengis.net/def/uom/OGC/1.0/> ";
    static final String ITALY = "\"POLYGON((6 36, 19 36, 19 47.5, 6 47.5, 6 36))\"^^geo:wktLiteral";
    static final String[][] QUERIES = {
        {"selection, property function: places within a box", "SELECT ?p WHERE { ?p a floe:PopulatedPlace ; geo:sfWithin " + ITALY + " }"},
        {"selection, filter: places within a box", "SELECT ?p WHERE { ?p a floe:PopulatedPlace ; geo:hasDefaultGeometry/geo:asWKT ?w . "
                + "FILTER(geof:sfWithin(?w, " + ITALY + ")) }"},
        {"join, filter: 50m places x 110m countries (sfWithin)", "SELECT ?p ?c WHERE { ?p a floe:PopulatedPlace ; geo:hasDefaultGeometry/geo:asWKT ?wp . "
                + "?c a floe:Country ; geo:hasDefaultGeometry/geo:asWKT ?wc . FILTER(geof:sfWithin(?wp, ?wc)) }"},
        {"join, filter: 10m ice shelves x 50m seas (sfIntersects)", "SELECT ?s ?m WHERE { ?s a floe:IceShelf ; geo:hasDefaultGeometry/geo:asWKT ?ws . "
                + "?m a floe:Sea ; geo:hasDefaultGeometry/geo:asWKT ?wm . FILTER(geof:sfIntersects(?ws, ?wm)) }"},
        {"join, property function: 50m places x 110m countries (sfWithin)", "SELECT ?p ?c WHERE { ?p a floe:PopulatedPlace ; geo:sfWithin ?c . ?c a floe:Country }"},
        {"join, property function: ice shelves x seas (sfIntersects)", "SELECT ?s ?m WHERE { ?s a floe:IceShelf ; geo:sfIntersects ?m . ?m a floe:Sea }"},
        {"selection, filter: features within 300 km of Oslo (distance)", "SELECT ?f WHERE { ?f geo:hasDefaultGeometry/geo:asWKT ?w . "
                + "FILTER(geof:distance(?w, \"POINT(10.7522 59.9139)\"^^geo:wktLiteral, uom:kilometre) < 300) }"},
        {"join, filter: 50m places within 100 km of 10m ice shelves (distance)", "SELECT ?p ?s WHERE { ?p a floe:PopulatedPlace ; "
                + "geo:hasDefaultGeometry/geo:asWKT ?wp . ?s a floe:IceShelf ; geo:hasDefaultGeometry/geo:asWKT ?ws . "
                + "FILTER(geof:distance(?wp, ?ws, uom:metre) < 100000) }"},
    };
    static final int COPIES = 8;
    /** Untimed runs of each query on each server before the timed ones (JIT, caches). */
    /** Untimed runs of each query on each server before timing: at least this many, and for at least WARMUP_SECONDS. */
    static final int WARMUP = 20;
    /** Client and server reach steady state only after a few hundred short requests (JIT of both sides). */
    static final double WARMUP_SECONDS = 3;
    /** Timed runs of each query on each server; the table shows their median. */
    static final int TIMED_RUNS = 21;
    /** A query whose first run takes longer (a nested loop) is run once more, timed, without warm-up. */
    static final double SLOW_MS = 2000;
    /** Runs of each loader. */
    static final int LOAD_ROUNDS = 7;
    /** One reader for every answer: a new ObjectMapper per request would time Jackson's set-up, not the servers. */
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final List<String> report = new ArrayList<>();

    @Test
    void storeBenchmark() throws Exception {
        // the demo data, triplified as floe demo does; its RDF files are the benchmark's input
        Path demoDir = tmp.resolve("floe-demo");
        GeoStore floe = GeoStore.open(demoDir);
        DemoData.install(floe, line -> { }, ProgressListener.NONE);
        List<Path> rdf;
        try (Stream<Path> files = Files.list(demoDir.resolve("demo-input/rdf"))) {
            rdf = files.filter(f -> f.toString().endsWith(".nt")).sorted().toList();
        }
        Path one = concat(rdf, tmp.resolve("demo.nt"), 1);
        Path many = concat(rdf, tmp.resolve("demo-x" + COPIES + ".nt"), COPIES);
        line("# Store benchmark");
        line("");
        line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", heap " + java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit() / (1 << 20)
                + " MiB initial, " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB max.");
        line("");
        loadRates(many);
        queryLatencies(floe, one);
        floe.close();
        Files.write(Path.of("target", "benchmark-store.md"), report);
    }

    private void loadRates(Path file) throws IOException {
        long triples;
        try (Stream<String> lines = Files.lines(file)) {
            triples = lines.count();
        }
        // each loader LOAD_ROUNDS times, alternating, each run in a new directory after the previous runs' writes are
        // flushed (sync), so neither pays for the other's disk writes; the first runs also warm the JIT
        List<Double> tdbRuns = new ArrayList<>();
        List<Double> floeRuns = new ArrayList<>();
        List<Double> tdbGc = new ArrayList<>();
        List<Double> floeGc = new ArrayList<>();
        for (int round = 0; round < LOAD_ROUNDS; round++) {
            syncDisks();
            double gc = gcSeconds();
            tdbRuns.add(tdbLoad(file, tmp.resolve("tdbloader-" + round)));
            tdbGc.add(gcSeconds() - gc);
            dev.floe.ml.Folders.deleteQuietly(tmp.resolve("tdbloader-" + round));
            syncDisks();
            gc = gcSeconds();
            floeRuns.add(floeLoad(file, tmp.resolve("floe-load-" + round), triples));
            floeGc.add(gcSeconds() - gc);
            dev.floe.ml.Folders.deleteQuietly(tmp.resolve("floe-load-" + round));
        }
        double tdbSeconds = tdbRuns.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double floeSeconds = floeRuns.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round < LOAD_ROUNDS; round++) { // round 0 warms the JIT
            ratios.add(tdbRuns.get(round) / floeRuns.get(round));
        }
        ratios.sort(null);
        line("## Bulk load");
        line("");
        line("Input: the demo's triplified data (Natural Earth layers, Sentinel-1/-2 STAC items) copied " + COPIES
                + " times under distinct IRIs: " + String.format(Locale.ROOT, "%,d", triples) + " triples, one N-Triples file.");
        line("");
        line("Each loader runs " + LOAD_ROUNDS + " times, alternating with the other, each time into a new directory "
                + "and after a sync; each time includes opening and closing the store. The table shows the fastest run of each.");
        line("");
        line("| loader | seconds | triples/s | ratio to TDB2 loader |");
        line("|---|---|---|---|");
        line(String.format(Locale.ROOT, "| Jena TDB2 bulk loader (tdb2.tdbloader's), no spatial/text index | %.1f | %,.0f | 1.00 |",
                tdbSeconds, triples / tdbSeconds));
        line(String.format(Locale.ROOT, "| floe load (TDB2 + spatial index + Lucene text index, one transaction) | %.1f | %,.0f | %.2f |",
                floeSeconds, triples / floeSeconds, tdbSeconds / floeSeconds));
        line("");
        line(String.format(Locale.ROOT, "Ratio of each warm round (TDB2 loader time / floe time, rounds 2-%d, sorted): %s; median %.2f.",
                LOAD_ROUNDS, ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList(),
                (ratios.get((ratios.size() - 1) / 2) + ratios.get(ratios.size() / 2)) / 2));
        line("Seconds per round, TDB2 loader: " + seconds(tdbRuns) + "; floe: " + seconds(floeRuns) + ".");
        line("Of which garbage collection, TDB2 loader: " + seconds(tdbGc) + "; floe: " + seconds(floeGc) + ".");
        line("");
    }

    /**
     * Jena's TDB2 bulk loader (the loader tdb2.tdbloader runs), no spatial or text index, from opening the
     * database to closing it (as floe's time includes opening and closing its store); seconds.
     */
    private static double tdbLoad(Path file, Path dir) {
        long t0 = System.nanoTime();
        Dataset tdb = TDB2Factory.connectDataset(dir.toString());
        DataLoader loader = LoaderFactory.createLoader(tdb.asDatasetGraph(), (fmt, args) -> { });
        loader.startBulk();
        loader.load(file.toString());
        loader.finishBulk();
        tdb.close();
        org.apache.jena.tdb2.sys.TDBInternal.expel(tdb.asDatasetGraph());
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Time the JVM's garbage collectors report so far (G1: its pauses); seconds. */
    private static double gcSeconds() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum() / 1e3;
    }

    /** Flushes the page cache's dirty pages (the previous run's store files), where the machine has sync(1). */
    private static void syncDisks() {
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        } catch (IOException e) {
            // no sync command: the runs alternate and the best of each is reported anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String seconds(List<Double> runs) {
        return runs.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList().toString();
    }

    /** floe's load with every index; seconds. */
    private static double floeLoad(Path file, Path dir, long triples) {
        long t0 = System.nanoTime();
        LoadSummary s;
        try (GeoStore store = GeoStore.open(dir)) {
            s = store.load(List.of(file));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (s.storeSize() != triples) {
            throw new IllegalStateException("floe loaded " + s.storeSize() + " of " + triples);
        }
        return seconds;
    }

    private void queryLatencies(GeoStore floe, Path file) throws Exception {
        // Fuseki: the same data loaded with Jena's loader, jena-geosparql set up as its documentation says
        Dataset fusekiData = TDB2Factory.connectDataset(tmp.resolve("fuseki").toString());
        DataLoader loader = LoaderFactory.createLoader(fusekiData.asDatasetGraph(), (fmt, args) -> { });
        loader.startBulk();
        loader.load(file.toString());
        loader.finishBulk();
        GeoSPARQLConfig.setupSpatialIndex(fusekiData);
        // floe's functions and rewrites live in the floe store's dataset context only: Fuseki runs as shipped
        FusekiServer fuseki = FusekiServer.create().loopback(true).port(0).add("/ds", fusekiData).build().start();
        EndpointServer server = EndpointServer.start(floe, EndpointConfig.loopback(0));
        URI fusekiUri = URI.create("http://127.0.0.1:" + fuseki.getHttpPort() + "/ds/query");
        try {
            line("## Spatial selections and joins");
            line("");
            line("Data: the demo store (1,249 populated places, 177 countries, 159 ice shelves, 119 seas, 377 glaciated areas, "
                    + "23 EO products). Each query over HTTP on loopback, SPARQL JSON results; median of "
                    + TIMED_RUNS + " timed runs after untimed warm-up runs (at least " + WARMUP + " and at least "
                    + (int) WARMUP_SECONDS + " s of them). Fuseki 5.6.0 (jena-fuseki-main) with jena-geosparql, in the same JVM.");
            line("");
            line("Queries whose first run takes over " + (int) (SLOW_MS / 1000) + " s (the distance join in Fuseki, a nested loop) "
                    + "are run once more and that run is shown, marked (1 run).");
            line("");
            line("| query | rows | floe ms | Fuseki ms | Fuseki / floe |");
            line("|---|---|---|---|---|");
            for (String[] q : QUERIES) {
                boolean join = q[0].startsWith("join");
                int runs = TIMED_RUNS;
                Timing f = time(server.sparqlUri(), P + q[1], runs);
                Timing j = time(fusekiUri, P + q[1], runs);
                if (f.rows != j.rows) {
                    line("| " + q[0] + " | floe " + f.rows + " / Fuseki " + j.rows + " rows (answers differ) | "
                            + f.shown() + " | " + j.shown() + " | - |");
                } else {
                    line(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.1f |", q[0], f.rows, f.shown(), j.shown(),
                            j.median / f.median));
                }
            }
            line("");
        } finally {
            server.close();
            fuseki.stop();
            fusekiData.close();
        }
    }

    record Timing(double median, long rows, int runs) {
        /** The time as the table shows it, marked where it is a single run. */
        String shown() {
            return fmt(median) + (runs == 1 ? " (1 run)" : "");
        }
    }

    private Timing time(URI endpoint, String query, int runs) throws Exception {
        long first = System.nanoTime();
        long rows = run(endpoint, query);
        if ((System.nanoTime() - first) / 1e6 > SLOW_MS) {
            long t = System.nanoTime();
            run(endpoint, query);
            return new Timing((System.nanoTime() - t) / 1e6, rows, 1);
        }
        long warmStart = System.nanoTime();
        for (int i = 1; i < WARMUP || System.nanoTime() - warmStart < WARMUP_SECONDS * 1e9; i++) {
            run(endpoint, query);
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            run(endpoint, query);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new Timing(ms[runs / 2], rows, runs);
    }

    private long run(URI endpoint, String query) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/sparql-results+json")
                .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(endpoint + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).path("results").path("bindings").size();
    }

    private static String fmt(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%,.0f", ms) : String.format(Locale.ROOT, "%.1f", ms);
    }

    private static Path concat(List<Path> files, Path out, int copies) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int c = 0; c < copies; c++) {
                String prefix = c == 0 ? "https://w3id.org/floe/data/" : "https://w3id.org/floe/data/copy" + c + "/";
                for (Path f : files) {
                    try (Stream<String> lines = Files.lines(f, StandardCharsets.UTF_8)) {
                        for (String line : (Iterable<String>) lines::iterator) {
                            w.write(c == 0 ? line : line.replace("https://w3id.org/floe/data/", prefix));
                            w.newLine();
                        }
                    }
                }
            }
        }
        return out;
    }

    private void line(String s) {
        System.out.println(s);
        report.add(s);
    }
}
