package dev.floe.store.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.system.Txn;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.store.GeoStore;

/**
 * The curated queries (queries/*.rq) over the demo data, and the GeoSPARQL compliance benchmark's GEOEXT and GTOP
 * queries over its dataset (../shared/geosparql-benchmark, read in place), on the Spark engine and on the TDB2 store
 * loaded with the same files: every query the engine accepts gives the same row multiset (computed geometries, such
 * as geof:buffer's, equal within 1e-9 degrees); the ones it refuses are
 * refused with {@link UnsupportedQueryException}, and the list of both is written to
 * target/spark-engine-queries.txt.
 */
class SameAnswersAsTdb2Test {

    static final Path QUERIES = Path.of("..", "..", "queries");
    static final Path BENCHMARK = Path.of("..", "..", "..", "shared", "geosparql-benchmark", "geosparql10");
    static final Pattern GROUP_CONCAT = Pattern.compile(
            "GROUP_CONCAT\\s*\\((?:DISTINCT\\s+)?\\?\\w+\\s*(?:;\\s*separator\\s*=\\s*\"([^\"]*)\")?\\s*\\)\\s+AS\\s+\\?(\\w+)",
            Pattern.CASE_INSENSITIVE);

    @TempDir
    static Path tmp;
    static SparkSession spark;
    static Side demo;
    static Side benchmark;
    static final Map<String, String> OUTCOMES = new TreeMap<>();

    /** One data set in both stores. */
    record Side(GeoStore tdb, SparkSparqlEngine engine) {
    }

    static Side load(String name, List<Path> files) {
        GeoStore tdb = GeoStore.open(tmp.resolve(name + "-tdb"));
        tdb.load(files);
        String store = tmp.resolve(name + "-spark").toString();
        new SparkStoreLoader(spark).load(store, files.stream().map(Path::toString).toList());
        return new Side(tdb, new SparkSparqlEngine(SparkStore.open(spark, store)));
    }

    @BeforeAll
    static void loadBoth() throws IOException {
        spark = LocalSpark.start("floe-same-answers-test");
        demo = load("demo", DemoRdf.write(tmp.resolve("demo-rdf")));
        Model gsb = RDFDataMgr.loadModel(BENCHMARK.resolve("gsb_dataset/dataset.rdf").toString());
        Path nt = tmp.resolve("gsb.nt");
        try (OutputStream out = Files.newOutputStream(nt)) {
            RDFDataMgr.write(out, gsb, Lang.NTRIPLES);
        }
        benchmark = load("gsb", List.of(nt));
    }

    @AfterAll
    static void stop() throws IOException {
        demo.tdb().close();
        benchmark.tdb().close();
        spark.stop();
        Files.writeString(Path.of("target", "spark-engine-queries.txt"), OUTCOMES.entrySet().stream()
                .map(e -> e.getKey() + "\t" + e.getValue()).collect(Collectors.joining("\n", "", "\n")));
    }

    static List<Path> files(Path dir, String regex) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().matches(regex)).sorted().toList();
        }
    }

    /** Row strings of the TDB2 store's answer, GROUP_CONCAT values with their parts sorted (SPARQL leaves their order open). */
    static List<String> onTdb(GeoStore tdb, String query) {
        return Txn.calculateRead(tdb.dataset(), () -> {
            try (QueryExecution qe = QueryExecution.dataset(tdb.dataset()).query(query).build()) {
                return normalised(query, Answers.rows(qe.execSelect()));
            }
        });
    }

    static List<String> normalised(String query, List<String> rows) {
        List<String> out = new ArrayList<>();
        for (String r : rows) {
            Matcher m = GROUP_CONCAT.matcher(query);
            while (m.find()) {
                String sep = m.group(1) == null ? " " : m.group(1);
                Matcher v = Pattern.compile("\\b" + m.group(2) + "=\"([^\"]*)\"").matcher(r);
                if (v.find()) {
                    String[] parts = v.group(1).split(Pattern.quote(sep), -1);
                    Arrays.sort(parts);
                    r = r.substring(0, v.start(1)) + String.join(sep, parts) + r.substring(v.end(1));
                }
            }
            out.add(r);
        }
        return out.stream().sorted().toList();
    }

    static void compare(String name, Side side, String query) {
        List<String> expected = onTdb(side.tdb(), query);
        List<String> actual;
        try {
            actual = normalised(query, Answers.rows(side.engine().select(query)));
        } catch (UnsupportedQueryException e) {
            OUTCOMES.put(name, "rejected: " + e.getMessage());
            return;
        }
        OUTCOMES.put(name, "same answer (" + expected.size() + " rows)");
        if (!expected.equals(actual) && Answers.sameRows(expected, actual, 1e-9)) {
            OUTCOMES.put(name, "same answer (" + expected.size() + " rows, geometries within 1e-9 degrees)");
            return;
        }
        try {
            assertEquals(expected, actual, name);
        } catch (AssertionError e) {
            OUTCOMES.put(name, "DIFFERENT ANSWER");
            throw e;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCuratedQueryTheEngineAcceptsAnswersAsTheTdb2StoreDoes() throws IOException {
        return files(QUERIES, ".*\\.rq").stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(),
                () -> compare("queries/" + f.getFileName(), demo, Files.readString(f))));
    }

    @TestFactory
    Stream<DynamicTest> everyGeoextAndGtopBenchmarkQueryTheEngineAcceptsAnswersAsTheTdb2StoreDoes() throws IOException {
        return files(BENCHMARK.resolve("gsb_queries"), "query-r(0[7-9]|1[0-9]|2[0-4])\\b.*\\.rq").stream()
                .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(),
                        () -> compare("gsb/" + f.getFileName(), benchmark, Files.readString(f))));
    }

    @Test
    void theCuratedSpatialJoinsFindLinksOnBothEngines() {
        // not vacuous: the demo's spatial join queries have answers
        assertTrue(onTdb(demo.tdb(), readQuery("seas-under-sar-products.rq")).size() > 0);
    }

    static String readQuery(String name) {
        try {
            return Files.readString(QUERIES.resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
