package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.io.WKTWriter;

import dev.floe.geo.Relation;
import dev.floe.interlink.FeatureReader;
import dev.floe.interlink.LinkRelations;
import dev.floe.interlink.SpatialFeature;
import dev.floe.triplify.InvalidGeometryPolicy;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyOptions;

/**
 * The whole {@code floe interlink} run as a user starts it, through the {@code floe} launcher at the repository root
 * (a new JVM on the runnable jar with the launcher's class-data archive: start-up, reading both N-Triples files,
 * the join, writing the links; the launcher builds the jar and the archive first if they are missing or stale,
 * before anything is timed) against the whole run of JedAI-spatial's GIA.nt (a new JVM reading the same geometries from TSV files,
 * WKT in the first column, as its own experiments do, and writing its links; source and target swapped, see
 * {@link #giantCounts}), on seven real Natural Earth pairs
 * and a seeded 1,000,000 points x 100,000 polygons, with the nine relations of each system counted and compared.
 * Wall and CPU times come from {@code /usr/bin/time}. Writes {@code target/benchmark-interlink-e2e.md}.
 *
 * <p>GIA.nt is not part of floe: build it under /tmp first (docs/BENCHMARKS.md says how); without
 * {@code /tmp/jedai-spatial/serial/target/*-jar-with-dependencies.jar} (or {@code -Dfloe.bench.giant=JAR}) the
 * GIA.nt column says so and only floe is measured. PostGIS, where installed, counts the links of the same TSV
 * files (src/bench/sh/postgis-links.sh, a throw-away cluster under /tmp on 127.0.0.1).
 * {@code -Dfloe.bench.runs=N} (default 3; {@code floe.bench.generated.runs}, default 1) sets the runs of each,
 * {@code -Dfloe.bench.points=N} the generated points (default 1,000,000; a tenth as many polygons).
 */
class InterlinkEndToEndBenchmark {

    static final Path DATA = Path.of("..", "..", "shared", "data", "natural-earth").toAbsolutePath().normalize();
    static final Path FLOE = Path.of("..", "floe").toAbsolutePath().normalize();
    static final Path WORK = Path.of("target", "bench-interlink-e2e").toAbsolutePath();
    static final Path GIANT_JAR = Path.of(System.getProperty("floe.bench.giant",
            "/tmp/jedai-spatial/serial/target/geospatialinterlinking-1.0-SNAPSHOT-jar-with-dependencies.jar"));
    static final int RUNS = Integer.getInteger("floe.bench.runs", 3);
    static final int GENERATED_RUNS = Integer.getInteger("floe.bench.generated.runs", 1);
    static final int POINTS = Integer.getInteger("floe.bench.points", 1_000_000);
    static final Path POSTGIS = Path.of("src", "bench", "sh", "postgis-links.sh").toAbsolutePath();

    /** GIA.nt's driver: this benchmark's own few lines, compiled against the GIA.nt jar at run time. */
    static final String DRIVER = """
            import batch.tilebased.GIAnt;
            import datareader.GeometryCSVReader;
            public class GiantRun {
                public static void main(String[] args) {
                    GIAnt giant = new GIAnt(0, new GeometryCSVReader(false, '\\t', 0, new int[] {1}, args[0]),
                            new GeometryCSVReader(false, '\\t', 0, new int[] {1}, args[1]), args[2]);
                    giant.applyProcessing();
                    System.out.println(giant.getResults().print());
                }
            }
            """;

    final List<String> report = new ArrayList<>();
    boolean postgis;

    @Test
    void interlinkEndToEnd() throws Exception {
        Files.createDirectories(WORK);
        boolean giant = Files.isRegularFile(GIANT_JAR) && compileDriver();
        postgis = runScript("start").exitCode() == 0;
        run(List.of(FLOE.toString(), "--version")); // untimed: builds the jar and the class-data archive when stale
        line("# Interlinking end to end: floe interlink against GIA.nt");
        line("");
        line(String.format(Locale.ROOT, "Machine: %d cores, Java %s. Each run is a new JVM with default options (floe: its launcher,"
                + " ./floe, as users run it); best of %d"
                + " runs (wall; %d for the generated data), its CPU time (user + system) beside it. PostGIS: the join query"
                + " alone (tables loaded and indexed before), as a check of the links.", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), RUNS, GENERATED_RUNS));
        if (!giant) {
            line("");
            line("GIA.nt not found at " + GIANT_JAR + ": only floe was measured (see docs/BENCHMARKS.md to build it).");
        }
        if (!postgis) {
            line("");
            line("PostgreSQL with PostGIS not found: its link counts are not compared (" + POSTGIS + ").");
        }
        line("");
        line("| source x target | features | floe wall s | floe CPU s | GIA.nt wall s | GIA.nt CPU s | GIA.nt / floe (wall) | PostGIS join s | links (9 relations) | same links |");
        line("|---|---|---|---|---|---|---|---|---|---|");
        pair("50m populated places", "50m/ne_50m_populated_places_simple.json", "110m countries", "110m/ne_110m_admin_0_countries.json", giant);
        pair("110m rivers", "110m/ne_110m_rivers_lake_centerlines.json", "110m countries", "110m/ne_110m_admin_0_countries.json", giant);
        pair("50m lakes", "50m/ne_50m_lakes.json", "110m countries", "110m/ne_110m_admin_0_countries.json", giant);
        pair("50m glaciated areas", "50m/ne_50m_glaciated_areas.json", "110m countries", "110m/ne_110m_admin_0_countries.json", giant);
        pair("10m ice shelves", "10m/ne_10m_antarctic_ice_shelves_polys.json", "50m seas", "50m/ne_50m_geography_marine_polys.json", giant);
        pair("110m coastline", "110m/ne_110m_coastline.json", "50m ocean", "50m/ne_50m_ocean.json", giant);
        pair("50m populated places", "50m/ne_50m_populated_places_simple.json", "50m ocean", "50m/ne_50m_ocean.json", giant);
        generated(POINTS, POINTS / 10, giant);
        if (postgis) {
            runScript("stop");
        }
        Files.write(Path.of("target", "benchmark-interlink-e2e.md"), report);
    }

    private void pair(String sourceName, String source, String targetName, String target, boolean giant) throws Exception {
        Input a = naturalEarth(source);
        Input b = naturalEarth(target);
        compare(sourceName + " x " + targetName, a, b, giant);
    }

    /** Triplifies a layer as {@code floe triplify} does, and writes the very same geometries as GIA.nt's TSV. */
    private Input naturalEarth(String layer) throws IOException {
        String name = Path.of(layer).getFileName().toString().replace(".json", "");
        Path nt = WORK.resolve(name + ".nt");
        Path tsv = WORK.resolve(name + ".tsv");
        if (!Files.exists(nt)) {
            new Triplifier(TriplifyOptions.defaults()).triplify(DATA.resolve(layer), nt);
        }
        List<SpatialFeature> features = new FeatureReader(InvalidGeometryPolicy.REPAIR).read(List.of(nt)).features();
        if (!Files.exists(tsv)) {
            WKTWriter wkt = new WKTWriter();
            try (BufferedWriter out = Files.newBufferedWriter(tsv, StandardCharsets.UTF_8)) {
                for (SpatialFeature f : features) {
                    out.write(wkt.write(f.geometry()) + "\t" + f.iri() + "\n");
                }
            }
        }
        return new Input(nt, tsv, features.size());
    }

    /**
     * Seeded points and octagons over a 50 x 35 degree region (the octagons cover it about once), written as
     * GIA.nt's TSV and triplified from it as {@code floe triplify --wkt-column wkt} would.
     */
    private void generated(int points, int polygons, boolean giant) throws Exception {
        Random random = new Random(42);
        double side = Math.sqrt(50.0 * 35.0 / polygons);
        Path pointsTsv = WORK.resolve("points-" + points + ".tsv");
        Path polygonsTsv = WORK.resolve("octagons-" + polygons + ".tsv");
        try (BufferedWriter out = Files.newBufferedWriter(pointsTsv)) {
            for (int i = 0; i < points; i++) {
                out.write(String.format(Locale.ROOT, "POINT (%.6f %.6f)\tp%d%n", -10 + 50 * random.nextDouble(),
                        35 + 35 * random.nextDouble(), i));
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(polygonsTsv)) {
            for (int j = 0; j < polygons; j++) {
                double cx = -10 + 50 * random.nextDouble();
                double cy = 35 + 35 * random.nextDouble();
                double r = side * (0.5 + random.nextDouble()) / 2;
                StringBuilder ring = new StringBuilder("POLYGON ((");
                String first = null;
                for (int k = 0; k < 8; k++) {
                    double angle = Math.PI * 2 * k / 8 + random.nextDouble() * 0.3;
                    String c = String.format(Locale.ROOT, "%.6f %.6f", cx + r * Math.cos(angle), cy + r * Math.sin(angle));
                    first = first == null ? c : first;
                    ring.append(c).append(", ");
                }
                out.write(ring.append(first).append("))\tg").append(j).append('\n').toString());
            }
        }
        Input a = generatedInput(pointsTsv, points);
        Input b = generatedInput(polygonsTsv, polygons);
        compare(String.format(Locale.ROOT, "generated %,d points x %,d octagons", points, polygons), a, b, giant, GENERATED_RUNS);
    }

    private Input generatedInput(Path tsv, int count) throws IOException {
        Path withHeader = WORK.resolve(tsv.getFileName().toString().replace(".tsv", "-header.tsv"));
        try (BufferedWriter out = Files.newBufferedWriter(withHeader)) {
            out.write("wkt\tid\n");
            try (var lines = Files.lines(tsv)) {
                for (String l : (Iterable<String>) lines::iterator) {
                    out.write(l);
                    out.write('\n');
                }
            }
        }
        Path nt = WORK.resolve(tsv.getFileName().toString().replace(".tsv", ".nt"));
        new Triplifier(TriplifyOptions.defaults().withIdProperty("id")
                .withCsvColumns(new TriplifyOptions.CsvColumns("wkt", null, null))).triplify(withHeader, nt);
        Files.delete(withHeader);
        return new Input(nt, tsv, count);
    }

    private record Input(Path nt, Path tsv, int features) {
    }

    private record Timed(double wall, double cpu, String output) {
    }

    private void compare(String name, Input a, Input b, boolean giant) throws Exception {
        compare(name, a, b, giant, RUNS);
    }

    private void compare(String name, Input a, Input b, boolean giant, int runs) throws Exception {
        Path links = WORK.resolve("links.nt");
        Timed floe = null;
        Timed gia = null;
        for (int run = 0; run < runs; run++) {
            Timed f = run(List.of(FLOE.toString(), "interlink", "--source", a.nt().toString(),
                    "--target", b.nt().toString(), "--out", links.toString()));
            floe = floe == null || f.wall() < floe.wall() ? f : floe;
            if (giant) {
                Timed g = run(List.of(java(), "-cp", GIANT_JAR + java.io.File.pathSeparator + WORK.resolve("driver"),
                        "GiantRun", b.tsv().toString(), a.tsv().toString(), WORK.resolve("giant-links.nt").toString()));
                gia = gia == null || g.wall() < gia.wall() ? g : gia;
            }
        }
        Map<Relation, Long> floeCounts = floeCounts(links);
        long total = floeCounts.values().stream().mapToLong(Long::longValue).sum();
        List<String> differences = new ArrayList<>();
        if (gia != null) {
            differences.addAll(differences("GIA.nt", giantCounts(gia.output()), floeCounts));
        }
        String postgisSeconds = "-";
        if (postgis) {
            Script counted = runScript("count", a.tsv().toString(), b.tsv().toString());
            Map<Relation, Long> postgisCounts = new EnumMap<>(Relation.class);
            for (String kv : counted.output().trim().split("\\s+")) {
                String[] p = kv.split("=");
                if (p[0].equals("seconds")) {
                    postgisSeconds = String.format(Locale.ROOT, "%.2f", Double.parseDouble(p[1]));
                } else if (Long.parseLong(p[1]) > 0) {
                    postgisCounts.put(LinkRelations.parse(p[0]).iterator().next(), Long.parseLong(p[1]));
                }
            }
            differences.addAll(differences("PostGIS", postgisCounts, floeCounts));
        }
        String same = gia == null && !postgis ? "-" : differences.isEmpty() ? "yes" : String.join("; ", differences);
        line(String.format(Locale.ROOT, "| %s | %,d x %,d | %.2f | %.2f | %s | %s | %s | %s | %,d | %s |", name, a.features(),
                b.features(), floe.wall(), floe.cpu(), gia == null ? "-" : String.format(Locale.ROOT, "%.2f", gia.wall()),
                gia == null ? "-" : String.format(Locale.ROOT, "%.2f", gia.cpu()),
                gia == null ? "-" : String.format(Locale.ROOT, "%.2f", gia.wall() / floe.wall()), postgisSeconds, total, same));
        System.out.println("per relation, floe: " + floeCounts);
    }

    /** Where another system's count of a relation differs from floe's: "GIA.nt: crosses 30 (floe 34)". */
    private static List<String> differences(String system, Map<Relation, Long> theirs, Map<Relation, Long> floe) {
        List<String> out = new ArrayList<>();
        for (Relation r : LinkRelations.ALL) {
            long t = theirs.getOrDefault(r, 0L);
            long f = floe.getOrDefault(r, 0L);
            if (t != f) {
                out.add(String.format(Locale.ROOT, "%s: %s %,d (floe %,d)", system, LinkRelations.cliName(r), t, f));
            }
        }
        return out;
    }

    /** Links per relation in floe's output, counted by predicate. */
    private static Map<Relation, Long> floeCounts(Path links) throws IOException {
        Map<Relation, Long> counts = new EnumMap<>(Relation.class);
        try (var lines = Files.lines(links)) {
            lines.forEach(l -> {
                for (Relation r : LinkRelations.ALL) {
                    if (l.contains(" <" + r.propertyIri() + "> ")) {
                        counts.merge(r, 1L, Long::sum);
                    }
                }
            });
        }
        return counts;
    }

    private static final Pattern GIANT_COUNT = Pattern.compile(
            "(?m)^No of (contains|covered-by|covers|crosses|equals|intersects|overlaps|touches|within)\\s*:\\s*(\\d+)");

    /**
     * Links per relation in GIA.nt's printed results, as floe's relations of the benchmark's source to its target.
     * GIA.nt indexes its source on a grid of cells the size of the average source envelope, which has no size for
     * points (it runs out of memory): so it gets the benchmark's target (the polygons) as its source, as in its
     * own experiments, and its "A contains B" is floe's "B within A".
     */
    private static Map<Relation, Long> giantCounts(String output) {
        Map<Relation, Long> counts = new EnumMap<>(Relation.class);
        Matcher m = GIANT_COUNT.matcher(output);
        while (m.find()) {
            Relation r = switch (m.group(1)) {
                case "contains" -> Relation.WITHIN;
                case "covered-by" -> Relation.COVERS;
                case "covers" -> Relation.COVERED_BY;
                case "crosses" -> Relation.CROSSES;
                case "equals" -> Relation.EQUALS;
                case "intersects" -> Relation.INTERSECTS;
                case "overlaps" -> Relation.OVERLAPS;
                case "touches" -> Relation.TOUCHES;
                default -> Relation.CONTAINS;
            };
            long n = Long.parseLong(m.group(2));
            if (n > 0) {
                counts.put(r, n);
            }
        }
        return counts;
    }

    /** Runs a command under /usr/bin/time: its wall and CPU seconds and its standard output. */
    private static Timed run(List<String> command) throws Exception {
        Path times = WORK.resolve("time.txt");
        Path out = WORK.resolve("out.txt");
        List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S", "-o", times.toString()));
        timed.addAll(command);
        Process p = new ProcessBuilder(timed).redirectOutput(out.toFile()).redirectError(WORK.resolve("err.txt").toFile()).start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(WORK.resolve("err.txt")));
        }
        String[] t = Files.readString(times).trim().split("\\s+");
        return new Timed(Double.parseDouble(t[0]), Double.parseDouble(t[1]) + Double.parseDouble(t[2]), Files.readString(out));
    }

    private record Script(int exitCode, String output) {
    }

    /** Runs the PostGIS script (src/bench/sh/postgis-links.sh) with these arguments. */
    private static Script runScript(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", POSTGIS.toString()));
        command.addAll(List.of(args));
        Path out = WORK.resolve("postgis.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        p.waitFor(30, TimeUnit.MINUTES);
        String output = Files.readString(out);
        if (p.exitValue() != 0 && !args[0].equals("start")) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        if (p.exitValue() != 0) {
            System.out.println("PostGIS not started: " + output);
        }
        return new Script(p.exitValue(), output);
    }

    private boolean compileDriver() throws IOException {
        Path dir = Files.createDirectories(WORK.resolve("driver"));
        Files.writeString(dir.resolve("GiantRun.java"), DRIVER);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", GIANT_JAR.toString(), "-d",
                dir.toString(), dir.resolve("GiantRun.java").toString());
        assertEquals(0, rc, "the GIA.nt driver compiles against " + GIANT_JAR);
        return true;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void line(String s) {
        report.add(s);
        System.out.println(s);
    }
}
