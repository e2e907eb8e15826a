package dev.floe.store.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.system.Txn;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import dev.floe.store.GeoStore;

/**
 * Issue 22, "GeoSPARQL at cluster scale": floe's Spark store (local[2]) against its TDB2 store on the same data at
 * growing sizes ({@link ScaleData}: the demo data replicated and shifted, and Geographica-style synthetic points,
 * lines and polygons). Per size: generation (cached), the load into each store, and a fixed set of spatial
 * selections, spatial joins and aggregates on both, each the median of a few runs after a warm-up run (a first run
 * over {@value #SLOW_MS} ms is the figure itself); the answers must be the same row for row, or the benchmark fails
 * after writing its report. For each query on Spark, the stage with the longest task gives the skew (largest task
 * against the median task). The report adds each query's growth per size step, the smallest size at which Spark is
 * faster, and a linear extrapolation of the load and query times to a billion triples with the cores it implies.
 *
 * <p>Run: {@code mvn -B -o -Pbench -pl sparql-endpoint/spark -am test -Denforcer.skip -Dtest=SparkScaleBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dscale.sizes=200k,1m -Dscale.tdb2.max=1m}. Properties: {@code scale.sizes}
 * (total triples, about; default 1m,5m,20m,50m), {@code scale.dir} (the generated data, reused; and the stores, deleted
 * after each size; default target/scale), {@code scale.tdb2.max} (the largest size loaded into TDB2; default 20m),
 * {@code scale.runs} (timed runs; default 3), {@code scale.links.max} (the largest size at which the relation query is also
 * answered from precomputed links, after timing floe spark links; default 200k), {@code scale.partitions} (Spark's shuffle partitions; default 16),
 * {@code scale.tdb2.timeout} (seconds per TDB2 query; default 300), {@code scale.spark.timeout} (seconds per query on
 * Spark, all its runs; default 900), {@code scale.seed}, {@code scale.keep} (keep the stores), {@code scale.heap}
 * (the test JVM's heap, a Maven property; default 6g). The report goes to
 * target/benchmark-spark-scale.md.
 */
class SparkScaleBenchmark {

    static final String PREFIXES = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX geof: <http://www.opengis.net/def/function/geosparql/> PREFIX uom: <http://www.opengis.net/def/uom/OGC/1.0/> "
            + "PREFIX floe: <https://w3id.org/floe/ontology#> PREFIX scale: <" + ScaleData.NS + "> ";

    /** A query of the fixed set; a join's skew is reported. */
    record Query(String name, String sparql, boolean join) {
    }

    static final String RELATION_QUERY_NAME = "join: point geometries geo:sfWithin area geometries (relation pattern, count)";

    static final String BOX = "\"POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))\"^^geo:wktLiteral";

    static final List<Query> QUERIES = List.of(
            new Query("selection: features in a 1-degree box",
                    "SELECT ?f WHERE { ?f geo:hasGeometry/geo:asWKT ?w . FILTER(geof:sfWithin(?w, " + BOX + ")) }", false),
            new Query("distance: points within 50 km of a point",
                    "SELECT ?f WHERE { ?f a scale:PointOfInterest ; geo:hasGeometry/geo:asWKT ?w . "
                            + "FILTER(geof:distance(?w, \"POINT(0.5 0.5)\"^^geo:wktLiteral, uom:metre) < 50000) }", false),
            new Query("join: points within areas (count)",
                    "SELECT (COUNT(*) AS ?n) WHERE { ?p a scale:PointOfInterest ; geo:hasGeometry/geo:asWKT ?wp . "
                            + "?a a scale:Area ; geo:hasGeometry/geo:asWKT ?wa . FILTER(geof:sfWithin(?wp, ?wa)) }", true),
            // per class as a type pattern: with the classes in VALUES, or a BIND in the group, the FILTER no longer sits
            // on the BGP and the Spark engine runs the relation as a Cartesian product (TDB2's join rewrite does not
            // apply either)
            new Query("join: points within areas per point class",
                    "SELECT ?c (COUNT(*) AS ?n) WHERE { ?p a scale:PointOfInterest ; a ?c ; geo:hasGeometry/geo:asWKT ?wp . "
                            + "?a a scale:Area ; geo:hasGeometry/geo:asWKT ?wa . FILTER(geof:sfWithin(?wp, ?wa)) } GROUP BY ?c", true),
            new Query("join: lines meeting areas (count)",
                    "SELECT (COUNT(*) AS ?n) WHERE { ?l a scale:Line ; geo:hasGeometry/geo:asWKT ?wl . "
                            + "?a a scale:Area ; geo:hasGeometry/geo:asWKT ?wa . FILTER(geof:sfIntersects(?wl, ?wa)) }", true),
            new Query("join: demo places within demo countries (count)",
                    "SELECT (COUNT(*) AS ?n) WHERE { ?p a floe:PopulatedPlace ; geo:hasDefaultGeometry/geo:asWKT ?wp . "
                            + "?c a floe:Country ; geo:hasDefaultGeometry/geo:asWKT ?wc . FILTER(geof:sfWithin(?wp, ?wc)) }", true),
            // the same join as a relation pattern between the geometries: what floe spark links can precompute
            new Query(RELATION_QUERY_NAME,
                    "SELECT (COUNT(*) AS ?n) WHERE { ?p a scale:PointOfInterest ; geo:hasGeometry ?gp . "
                            + "?a a scale:Area ; geo:hasGeometry ?ga . ?gp geo:sfWithin ?ga }", true),
            new Query("aggregate: features and average value per class",
                    "SELECT ?c (COUNT(?f) AS ?n) (AVG(?v) AS ?avg) WHERE { ?f a ?c ; scale:value ?v } GROUP BY ?c", false));

    static final long SLOW_MS = 20_000;
    static final long BILLION = 1_000_000_000L;

    /** One query's figures at one size; TDB2's are null where TDB2 did not run it. */
    record Result(long rows, Timing spark, Timing tdb, TaskTimes.Stage skew, boolean same) {
    }

    /** A median over {@code runs} timed runs; {@code timedOut} when a timeout stopped it (then {@code ms} is the timeout). */
    record Timing(double ms, int runs, boolean timedOut) {
        String shown() {
            return timedOut ? "> " + fmt(ms) + " (timeout)" : fmt(ms) + (runs == 1 ? " (1 run)" : "");
        }
    }

    /** One size's figures. */
    record Size(String name, ScaleData.Generated data, double generateS, double dataGb, double sparkLoadS, double sparkGb,
            Double tdbLoadS, Double tdbGb, Map<Query, Result> results) {
    }

    /** One run of a query (its answer kept by the caller). */
    interface Run {
        void run();
    }

    final List<String> report = new ArrayList<>();
    final List<String> mismatches = new ArrayList<>();
    final int runs = Integer.getInteger("scale.runs", 3);
    /** The largest size at which floe spark links runs (it relates every pair of spatial objects: long at large sizes). */
    final long linksMax = ScaleData.parseSize(System.getProperty("scale.links.max", "200k"));
    final long tdbTimeoutS = Long.getLong("scale.tdb2.timeout", 300);
    final long sparkTimeoutS = Long.getLong("scale.spark.timeout", 900);
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "scale-benchmark-spark-timeout");
        t.setDaemon(true);
        return t;
    });

    @Test
    void sparkStoreAgainstTdb2AtGrowingSizes() throws Exception {
        List<String> sizes = Arrays.stream(System.getProperty("scale.sizes", "1m,5m,20m,50m").split(",")).map(String::strip).toList();
        Path dir = Path.of(System.getProperty("scale.dir", "target/scale")).toAbsolutePath();
        long tdbMax = ScaleData.parseSize(System.getProperty("scale.tdb2.max", "20m"));
        long seed = Long.getLong("scale.seed", 22);
        int partitions = Integer.getInteger("scale.partitions", 16);
        SparkSession spark = LocalSpark.start("floe-spark-scale-benchmark");
        spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(partitions));
        spark.sparkContext().setLogLevel("ERROR"); // Parquet logs each file's schema, Sedona each scan, at INFO and WARN
        TaskTimes tasks = TaskTimes.on(spark);
        say("# Spark store at scale: Spark (local[2]) against TDB2 (issue 22)");
        say("");
        say("Machine: %d cores, Java %s, heap %d MiB; Spark %s, master %s, %d shuffle partitions; seed %d; %d timed runs "
                + "after a warm-up run (a first run over %d s is the figure, marked 1 run).", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, spark.version(),
                spark.sparkContext().master(), partitions, seed, runs, SLOW_MS / 1000);
        List<Size> measured = new ArrayList<>();
        try {
            for (String name : sizes) {
                measured.add(size(spark, tasks, dir, name, ScaleData.parseSize(name), seed, tdbMax));
            }
        } finally {
            spark.stop();
            summary(measured);
            Path out = Path.of("target", "benchmark-spark-scale.md");
            Files.createDirectories(out.getParent());
            Files.write(out, report);
        }
        if (!mismatches.isEmpty()) {
            throw new AssertionError("the Spark engine and TDB2 answered differently: " + String.join("; ", mismatches));
        }
    }

    private Size size(SparkSession spark, TaskTimes tasks, Path dir, String name, long target, long seed, long tdbMax) throws Exception {
        long t0 = System.nanoTime();
        ScaleData.Generated data = ScaleData.prepare(dir, "data-" + name, target, seed);
        double generateS = seconds(t0);
        double dataGb = gb(dir.resolve("data-" + name));
        say("");
        say("## %s: %,d triples (demo x %d: %,d; synthetic features: %,d), %.3f GB gzip N-Triples in %d files",
                name, data.triples(), data.demoCopies(), data.demoTriples(), data.features(), dataGb, data.files().size());
        say("");
        Path sparkDir = dir.resolve("store-" + name + "-spark");
        Path tdbDir = dir.resolve("store-" + name + "-tdb2");
        delete(sparkDir);
        delete(tdbDir);
        t0 = System.nanoTime();
        new SparkStoreLoader(spark).load(sparkDir.toString(), data.files().stream().map(Path::toString).toList());
        double sparkLoadS = seconds(t0);
        double sparkGb = gb(sparkDir);
        SparkSparqlEngine engine = new SparkSparqlEngine(SparkStore.open(spark, sparkDir.toString()));
        GeoStore tdb = null;
        Double tdbLoadS = null;
        Double tdbGb = null;
        if (data.triples() <= tdbMax * 1.05) {
            t0 = System.nanoTime();
            tdb = GeoStore.open(tdbDir);
            tdb.load(data.files());
            tdbLoadS = seconds(t0);
            tdbGb = gb(tdbDir);
        }
        say("Generate %.1f s%s; load: Spark %.1f s (store %.3f GB), TDB2 %s.", generateS, generateS < 1 ? " (cached)" : "",
                sparkLoadS, sparkGb, tdbLoadS == null ? "not loaded (over scale.tdb2.max)"
                        : String.format(Locale.ROOT, "%.1f s (store %.3f GB)", tdbLoadS, tdbGb));
        say("");
        say("| query | rows | Spark ms | TDB2 ms | Spark / TDB2 | Spark: slowest stage's tasks, median ms, largest ms, largest / median |");
        say("|---|---|---|---|---|---|");
        Map<Query, Result> results = new LinkedHashMap<>();
        try {
            for (Query q : QUERIES) {
                String sparql = PREFIXES + q.sparql();
                AtomicReference<List<String>> sparkRows = new AtomicReference<>();
                Timing s = timeSpark(spark, () -> sparkRows.set(SameAnswersAsTdb2Test.normalised(sparql, Answers.rows(engine.select(sparql)))), tasks);
                TaskTimes.Stage skew = tasks.slowest(spark);
                Timing t = null;
                boolean same = true;
                if (tdb != null) {
                    GeoStore store = tdb;
                    AtomicReference<List<String>> tdbRows = new AtomicReference<>();
                    t = timeTdb(() -> tdbRows.set(onTdb(store, sparql)));
                    if (!t.timedOut() && !s.timedOut()) {
                        same = sparkRows.get().equals(tdbRows.get()) || Answers.sameRows(tdbRows.get(), sparkRows.get(), 1e-9);
                        if (!same) {
                            mismatches.add(name + ", " + q.name() + ": TDB2 " + head(tdbRows.get()) + ", Spark " + head(sparkRows.get()));
                        }
                    }
                }
                Result r = new Result(sparkRows.get() != null ? rows(sparkRows.get()) : -1, s, t, skew, same);
                results.put(q, r);
                say("| %s | %s%s | %s | %s | %s | %s |", q.name(), r.rows() < 0 ? "-" : String.format(Locale.ROOT, "%,d", r.rows()), same ? "" : " DIFFERENT", s.shown(),
                        t == null ? "-" : t.shown(), t == null || t.timedOut() ? "-" : ratio(s.ms() / t.ms()),
                        skew == null ? "-" : String.format(Locale.ROOT, "%d, %,d, %,d, %.1f", skew.tasks(), skew.medianMs(), skew.maxMs(), skew.skew()));
            }
            if (data.triples() <= linksMax * 1.05) {
                precomputed(spark, tasks, sparkDir.toString(), results);
            }
        } finally {
            if (tdb != null) {
                tdb.close();
            }
            if (!Boolean.getBoolean("scale.keep")) {
                delete(sparkDir);
                delete(tdbDir);
            }
        }
        return new Size(name, data, generateS, dataGb, sparkLoadS, sparkGb, tdbLoadS, tdbGb, results);
    }

    /**
     * floe spark links at this size: the time to compute and store geo:sfWithin between all spatial objects, then the
     * relation-pattern query answered from the stored pairs against the same query computing the relation (above),
     * with the same answer.
     */
    private void precomputed(SparkSession spark, TaskTimes tasks, String store, Map<Query, Result> results) {
        Query q = QUERIES.stream().filter(x -> x.name().equals(RELATION_QUERY_NAME)).findFirst().orElseThrow();
        Result computed = results.get(q);
        long t0 = System.nanoTime();
        PrecomputedRelations.Result made = PrecomputedRelations.store(spark, store, List.of(dev.floe.geo.Relation.WITHIN));
        double linksS = seconds(t0);
        SparkSparqlEngine engine = new SparkSparqlEngine(SparkStore.open(spark, store));
        String sparql = PREFIXES + q.sparql();
        AtomicReference<List<String>> rows = new AtomicReference<>();
        Timing stored = timeSpark(spark, () -> rows.set(SameAnswersAsTdb2Test.normalised(sparql, Answers.rows(engine.select(sparql)))), tasks);
        long n = rows.get() == null ? -1 : rows(rows.get());
        if (computed != null && !computed.spark().timedOut() && !stored.timedOut() && n != computed.rows()) {
            mismatches.add("precomputed sfWithin: " + n + " rows, computed " + computed.rows());
        }
        say("");
        say("floe spark links (geo:sfWithin, %,d pairs of spatial objects) took %.1f s; the relation query then answered in %s ms "
                + "from the stored pairs (%,d rows) against %s ms computing the relation: %s.", made.pairs().values().iterator().next(),
                linksS, stored.shown(), n, computed == null ? "-" : computed.spark().shown(),
                computed == null || computed.spark().timedOut() || stored.timedOut() ? "-" : ratio(stored.ms() / computed.spark().ms()));
    }

    /** The number of solutions, or the count of a single COUNT row. */
    private static long rows(List<String> rows) {
        if (rows.size() == 1 && rows.get(0).matches("\\{n=\"\\d+\"\\^\\^<http://www.w3.org/2001/XMLSchema#integer>}")) {
            return Long.parseLong(rows.get(0).replaceAll("\\D*(\\d+).*", "$1"));
        }
        return rows.size();
    }

    private List<String> onTdb(GeoStore tdb, String query) {
        return Txn.calculateRead(tdb.dataset(), () -> {
            try (QueryExecution qe = QueryExecution.dataset(tdb.dataset()).query(query)
                    .timeout(tdbTimeoutS, TimeUnit.SECONDS).build()) {
                return SameAnswersAsTdb2Test.normalised(query, Answers.rows(qe.execSelect()));
            }
        });
    }

    /**
     * A query's timing on Spark; past {@code scale.spark.timeout} seconds its jobs are cancelled and the timing is a
     * timeout (a join that Spark runs as a nested loop would otherwise hold the run for hours at the largest sizes).
     */
    private Timing timeSpark(SparkSession spark, Run r, TaskTimes tasks) {
        AtomicBoolean cancelled = new AtomicBoolean();
        ScheduledFuture<?> stop = timer.schedule(() -> {
            cancelled.set(true);
            spark.sparkContext().cancelAllJobs();
        }, sparkTimeoutS, TimeUnit.SECONDS);
        try {
            return time(r, tasks);
        } catch (RuntimeException e) {
            if (cancelled.get()) {
                return new Timing(sparkTimeoutS * 1000.0, 1, true);
            }
            throw e;
        } finally {
            stop.cancel(false);
        }
    }

    private Timing time(Run r, TaskTimes tasks) {
        tasks.clear();
        long t = System.nanoTime();
        r.run();
        double first = (System.nanoTime() - t) / 1e6;
        if (first > SLOW_MS) {
            return new Timing(first, 1, false);
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            tasks.clear();
            t = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new Timing(ms[runs / 2], runs, false);
    }

    private Timing timeTdb(Run r) {
        try {
            return time(r, new TaskTimes());
        } catch (QueryCancelledException e) {
            return new Timing(tdbTimeoutS * 1000.0, 1, true);
        }
    }

    private void summary(List<Size> sizes) {
        if (sizes.isEmpty()) {
            return;
        }
        say("");
        say("## Loads");
        say("");
        say("| size | triples | generate s | gzip GB | Spark load s | Spark store GB | TDB2 load s | TDB2 store GB "
                + "| per million triples: generate s, gzip GB, Spark load s, Spark GB, TDB2 load s, TDB2 GB |");
        say("|---|---|---|---|---|---|---|---|---|");
        for (Size s : sizes) {
            double m = s.data().triples() / 1e6;
            say("| %s | %,d | %.1f | %.3f | %.1f | %.3f | %s | %s | %.1f, %.4f, %.1f, %.4f, %s |", s.name(), s.data().triples(),
                    s.generateS(), s.dataGb(), s.sparkLoadS(), s.sparkGb(),
                    s.tdbLoadS() == null ? "-" : String.format(Locale.ROOT, "%.1f", s.tdbLoadS()),
                    s.tdbGb() == null ? "-" : String.format(Locale.ROOT, "%.3f", s.tdbGb()),
                    s.generateS() / m, s.dataGb() / m, s.sparkLoadS() / m, s.sparkGb() / m,
                    s.tdbLoadS() == null ? "-" : String.format(Locale.ROOT, "%.1f, %.4f", s.tdbLoadS() / m, s.tdbGb() / m));
        }
        say("");
        say("## Growth per size step (time at the larger size / time at the smaller) and where Spark overtakes");
        say("");
        StringBuilder head = new StringBuilder("| query |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int i = 1; i < sizes.size(); i++) {
            double f = (double) sizes.get(i).data().triples() / sizes.get(i - 1).data().triples();
            head.append(String.format(Locale.ROOT, " %s -> %s (data x %.1f): Spark, TDB2 |", sizes.get(i - 1).name(), sizes.get(i).name(), f));
            rule.append("---|");
        }
        head.append(" Spark faster from |");
        rule.append("---|");
        say("%s", head);
        say("%s", rule);
        for (Query q : QUERIES) {
            StringBuilder row = new StringBuilder("| " + q.name() + " |");
            for (int i = 1; i < sizes.size(); i++) {
                Result a = sizes.get(i - 1).results().get(q);
                Result b = sizes.get(i).results().get(q);
                row.append(' ').append(growth(a == null ? null : a.spark(), b == null ? null : b.spark())).append(", ")
                        .append(growth(a == null ? null : a.tdb(), b == null ? null : b.tdb())).append(" |");
            }
            row.append(' ').append(overtake(sizes, q)).append(" |");
            say("%s", row);
        }
        say("");
        say("## Skew of the spatial joins on Spark (the stage with the longest task: largest task / median task)");
        say("");
        say("| query | %s |", String.join(" | ", sizes.stream().map(Size::name).toList()));
        say("|---|%s", "---|".repeat(sizes.size()));
        for (Query q : QUERIES) {
            if (q.join()) {
                say("| %s | %s |", q.name(), String.join(" | ", sizes.stream().map(s -> {
                    Result r = s.results().get(q);
                    return r == null || r.skew() == null ? "-" : String.format(Locale.ROOT, "%.1f (%,d / %,d ms, %d task%s)",
                            r.skew().skew(), r.skew().maxMs(), r.skew().medianMs(), r.skew().tasks(), r.skew().tasks() == 1 ? "" : "s");
                }).toList()));
            }
        }
        extrapolation(sizes);
    }

    /**
     * A linear extrapolation to a billion triples through the two largest sizes (or through the origin from one),
     * and the cores that bring it to a target wall time, assuming the work spreads evenly over cores (it does not
     * quite: the skew above is a lower bound on the loss).
     */
    private void extrapolation(List<Size> sizes) {
        Size last = sizes.get(sizes.size() - 1);
        Size before = sizes.size() > 1 ? sizes.get(sizes.size() - 2) : null;
        int cores = 2;
        say("");
        say("## Extrapolation to 1 billion triples (linear, from %s; an extrapolation, not a measurement)", before == null
                ? last.name() + " through the origin" : before.name() + " and " + last.name());
        say("");
        double gzipGb = linear(before == null ? null : before.dataGb(), last.dataGb(), before, last);
        double storeGb = linear(before == null ? null : before.sparkGb(), last.sparkGb(), before, last);
        double loadS = linear(before == null ? null : before.sparkLoadS(), last.sparkLoadS(), before, last);
        say("Fixed costs (session, per-table work) dominate small sizes: extrapolate from the two largest sizes measured.");
        say("");
        say("Data: %.0f GB gzip N-Triples, Spark store %.0f GB. Load on local[%d]: %.1f h; in 30 minutes it needs about %d cores "
                + "(%d executors of 4 cores).", gzipGb, storeGb, cores, loadS / 3600, coresFor(loadS, cores, 1800), (coresFor(loadS, cores, 1800) + 3) / 4);
        say("");
        say("| query | Spark on local[%d], s | cores for 60 s | executors of 4 cores |", cores);
        say("|---|---|---|---|");
        for (Query q : QUERIES) {
            Result a = before == null ? null : before.results().get(q);
            Result b = last.results().get(q);
            if (b == null) {
                continue;
            }
            if (b.spark().timedOut() || a != null && a.spark().timedOut()) {
                say("| %s | - (timed out at %s) | - | - |", q.name(), b.spark().timedOut() ? last.name() : before.name());
                continue;
            }
            double s = linear(a == null ? null : a.spark().ms() / 1000, b.spark().ms() / 1000, before, last);
            int c = coresFor(s, cores, 60);
            say("| %s | %,.0f | %d | %d |", q.name(), s, c, (c + 3) / 4);
        }
    }

    /** The value at a billion triples on the line through the two sizes' values (or through the origin and the last). */
    private static double linear(Double before, double last, Size b, Size l) {
        double x1 = l.data().triples();
        if (before == null || b == null) {
            return last * BILLION / x1;
        }
        double x0 = b.data().triples();
        double slope = (last - before) / (x1 - x0);
        return Math.max(last, last + slope * (BILLION - x1));
    }

    private static int coresFor(double seconds, int cores, double targetS) {
        return (int) Math.max(cores, Math.ceil(seconds * cores / targetS));
    }

    private static String growth(Timing a, Timing b) {
        if (a == null || b == null) {
            return "-";
        }
        return (a.timedOut() || b.timedOut() ? "~" : "x") + String.format(Locale.ROOT, "%.1f", b.ms() / a.ms());
    }

    /** The smallest size at which Spark answered faster than TDB2, else a note on where TDB2 was measured. */
    private static String overtake(List<Size> sizes, Query q) {
        String lastBoth = null;
        for (Size s : sizes) {
            Result r = s.results().get(q);
            if (r != null && r.tdb() != null) {
                if (r.spark().ms() < r.tdb().ms()) {
                    return s.name();
                }
                lastBoth = s.name();
            }
        }
        return lastBoth == null ? "TDB2 not measured" : "not within the sizes measured (TDB2 up to " + lastBoth + ")";
    }

    private static String head(List<String> rows) {
        return rows.size() + " rows " + (rows.size() <= 3 ? rows : rows.subList(0, 3) + "...");
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f", r);
    }

    static String fmt(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%,.0f", ms) : String.format(Locale.ROOT, "%.1f", ms);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double gb(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum() / 1e9;
        }
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private void say(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        report.add(line);
    }
}
