package dev.floe.interlink;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.sedona.spark.SedonaContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.IntersectionMatrix;
import org.locationtech.jts.io.WKBWriter;

import dev.floe.geo.Relation;
import dev.floe.interlink.LinkRelations;
import dev.floe.interlink.spark.InterlinkJob;
import dev.floe.triplify.InvalidGeometryPolicy;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyOptions;
import scala.Tuple2;

/**
 * The interlinking benchmark (docs/BENCHMARKS.md), run with {@code mvn -B -Pbench verify}: for real Natural
 * Earth layers and generated points x polygons of growing size, the time, verified pairs/s and peak heap of
 * floe local (all nine relations), floe on Sedona local[2] (all nine), Sedona's own ST_Intersects join alone
 * (candidates only, no relations), and a brute-force all-pairs relate (measured on a sample of sources and
 * scaled where all pairs would take too long), in one run. Writes target/benchmark-interlink.md.
 */
class InterlinkBenchmark {

    static final long BRUTE_FORCE_PAIRS = 20_000_000L;

    @TempDir
    Path tmp;

    final List<String> report = new ArrayList<>();
    SparkSession spark;

    @Test
    void interlinkBenchmark() throws Exception {
        spark = SparkSession.builder().master("local[2]").appName("floe-interlink-bench")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "8")
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .config("spark.kryo.registrator", "org.apache.sedona.core.serde.SedonaKryoRegistrator")
                .getOrCreate();
        SedonaContext.create(spark);
        line("# Interlinking benchmark");
        line("");
        line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB; Spark local[2], Sedona 1.8.0.");
        line("");
        line("| data | engine | seconds | verified pairs/s | links | peak heap MiB |");
        line("|---|---|---|---|---|---|");
        real("110m populated places x 110m countries", "ne_110m_populated_places_simple.json", "ne_110m_admin_0_countries.json");
        real("110m rivers x 110m countries", "ne_110m_rivers_lake_centerlines.json", "ne_110m_admin_0_countries.json");
        real("110m lakes x 110m countries", "ne_110m_lakes.json", "ne_110m_admin_0_countries.json");
        for (int[] size : new int[][] {{100_000, 10_000}, {300_000, 30_000}, {1_000_000, 100_000}}) {
            generated(size[0], size[1]);
        }
        spark.stop();
        Files.write(Path.of("target", "benchmark-interlink.md"), report);
    }

    private void real(String name, String a, String b) throws URISyntaxException {
        FeatureReader reader = new FeatureReader(InvalidGeometryPolicy.REPAIR);
        compare(name, reader.read(List.of(triplify(a))).features(), reader.read(List.of(triplify(b))).features());
    }

    private void generated(int points, int polygons) {
        Random random = new Random(42);
        GeometryFactory gf = new GeometryFactory();
        // a 50 x 35 degree region; polygon size chosen so that they cover it about once on average
        double side = Math.sqrt(50.0 * 35.0 / polygons);
        List<SpatialFeature> a = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            a.add(new SpatialFeature("urn:p:" + i, gf.createPoint(new Coordinate(-10 + 50 * random.nextDouble(), 35 + 35 * random.nextDouble()))));
        }
        List<SpatialFeature> b = new ArrayList<>(polygons);
        for (int j = 0; j < polygons; j++) {
            double cx = -10 + 50 * random.nextDouble();
            double cy = 35 + 35 * random.nextDouble();
            double r = side * (0.5 + random.nextDouble()) / 2;
            Coordinate[] ring = new Coordinate[9];
            for (int k = 0; k < 8; k++) {
                double angle = Math.PI * 2 * k / 8 + random.nextDouble() * 0.3;
                ring[k] = new Coordinate(cx + r * Math.cos(angle), cy + r * Math.sin(angle));
            }
            ring[8] = ring[0];
            b.add(new SpatialFeature("urn:g:" + j, gf.createPolygon(ring)));
        }
        compare(String.format(Locale.ROOT, "generated %,d points x %,d octagons", points, polygons), a, b);
    }

    private void compare(String name, List<SpatialFeature> a, List<SpatialFeature> b) {
        long[] links = new long[1];
        Measured local = measure(() -> {
            InterlinkStats s = new Interlinker(LinkRelations.ALL).link(a, b, (x, r, y) -> { });
            links[0] = s.totalLinks();
            return s.candidates();
        });
        row(name, "floe local, 9 relations", local, links[0]);

        Dataset<Row> da = frame(a);
        Dataset<Row> db = frame(b);
        da.count();
        db.count();
        long[] sparkLinks = new long[1];
        Measured onSpark = measure(() -> {
            sparkLinks[0] = InterlinkJob.links(spark, da, db, LinkRelations.ALL).count();
            return local.pairs;
        });
        row(name, "floe on Sedona local[2], 9 relations", onSpark, sparkLinks[0]);

        Measured sedona = measure(() -> {
            da.createOrReplaceTempView("bench_a");
            db.createOrReplaceTempView("bench_b");
            return spark.sql("SELECT count(*) FROM (SELECT ST_GeomFromWKB(wkb) AS g FROM bench_a) a JOIN "
                    + "(SELECT ST_GeomFromWKB(wkb) AS g FROM bench_b) b ON ST_Intersects(a.g, b.g)").first().getLong(0);
        });
        row(name, "Sedona ST_Intersects join alone (intersects only)", sedona, sedona.pairs);

        long all = (long) a.size() * b.size();
        int sample = (int) Math.min(a.size(), Math.max(1, BRUTE_FORCE_PAIRS / Math.max(1, b.size())));
        AtomicLong bruteLinks = new AtomicLong();
        Measured brute = measure(() -> {
            for (int i = 0; i < sample; i++) {
                Geometry g = a.get(i).geometry();
                for (SpatialFeature t : b) {
                    IntersectionMatrix m = g.relate(t.geometry());
                    for (Relation r : LinkRelations.ALL) {
                        if (r.holds(m, g.getDimension(), t.geometry().getDimension())) {
                            bruteLinks.incrementAndGet();
                        }
                    }
                }
            }
            return (long) sample * b.size();
        });
        if (sample == a.size()) {
            row(name, "brute force, all pairs, 9 relations", brute, bruteLinks.get());
        } else {
            double scale = (double) all / brute.pairs;
            line(String.format(Locale.ROOT, "| %s | brute force, 9 relations (%,d of %,d sources timed, scaled) | %s | %,.0f | - | %,d |",
                    name, sample, a.size(), secondsText(brute.seconds * scale), brute.pairs / brute.seconds, brute.peakMiB));
        }
    }

    private Dataset<Row> frame(List<SpatialFeature> features) {
        WKBWriter wkb = new WKBWriter(2);
        List<Tuple2<String, byte[]>> rows = new ArrayList<>(features.size());
        for (SpatialFeature f : features) {
            rows.add(new Tuple2<>(f.iri(), wkb.write(f.geometry())));
        }
        return spark.createDataset(rows, Encoders.tuple(Encoders.STRING(), Encoders.BINARY())).toDF("iri", "wkb")
                .repartition(8).cache();
    }

    record Measured(double seconds, long pairs, long peakMiB) {
    }

    private static Measured measure(Supplier<Long> work) {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long t = System.nanoTime();
        long pairs = work.get();
        double seconds = (System.nanoTime() - t) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20;
        return new Measured(seconds, pairs, peak);
    }

    private void row(String data, String engine, Measured m, long links) {
        line(String.format(Locale.ROOT, "| %s | %s | %s | %,.0f | %,d | %,d |", data, engine, secondsText(m.seconds),
                m.pairs / m.seconds, links, m.peakMiB));
    }

    private static String secondsText(double s) {
        return s >= 10 ? String.format(Locale.ROOT, "%,.0f", s) : String.format(Locale.ROOT, "%.2f", s);
    }

    private Path triplify(String geojson) throws URISyntaxException {
        Path nt = tmp.resolve(geojson.replace(".json", ".nt"));
        if (!Files.exists(nt)) {
            // a fixture of floe-interlink's test-jar, copied out of the jar: the triplifier reads files by path
            Path in = tmp.resolve(geojson);
            try (var stream = InterlinkBenchmark.class.getResourceAsStream("/dev/floe/interlink/" + geojson)) {
                Files.copy(java.util.Objects.requireNonNull(stream, "no fixture " + geojson), in);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            new Triplifier(TriplifyOptions.defaults()).triplify(in, nt);
        }
        return nt;
    }

    private void line(String s) {
        System.out.println(s);
        report.add(s);
    }
}
