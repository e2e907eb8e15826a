package dev.floe.store.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Loading N-Triples and N-Quads into versioned GeoParquet tables, one per predicate, in local[2]. */
class SparkStoreLoaderTest {

    static final String GEO = "http://www.opengis.net/ont/geosparql#";
    static final String WKT = "<" + GEO + "wktLiteral>";
    static final String LABEL = "http://www.w3.org/2000/01/rdf-schema#label";

    static SparkSession spark;
    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("floe-store-loader-test");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    Path file(String name, String... lines) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, List.of(lines), StandardCharsets.UTF_8);
        return f;
    }

    static Set<String> rows(SparkStore store, String predicate) {
        return store.table(predicate).select("s", "o").collectAsList().stream()
                .map(r -> r.getString(0) + " " + r.getString(1)).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void aLoadWritesOneGeoParquetTablePerPredicateWithTheGeometryParsedOnce() throws IOException {
        Path nt = file("a.nt",
                "<http://x/g1> <" + GEO + "asWKT> \"<http://www.opengis.net/def/crs/EPSG/0/4326> POINT(45 7)\"^^" + WKT + " .",
                "<http://x/g2> <" + GEO + "asWKT> \"POLYGON((0 0, 2 0, 2 1, 0 1, 0 0))\"^^" + WKT + " .",
                "<http://x/f1> <" + LABEL + "> \"Eins\"@de .",
                "<http://x/f1> <" + LABEL + "> \"Eins\"@de .");
        String store = tmp.resolve("store").toString();
        SparkStoreLoader.LoadResult r = new SparkStoreLoader(spark).load(store, List.of(nt.toString()));

        assertEquals(new SparkStoreLoader.LoadResult(1, 3, 2), r, "the repeated triple is stored once");
        SparkStore s = SparkStore.open(spark, store);
        assertEquals(Set.of(GEO + "asWKT", LABEL), s.predicates());
        assertEquals(Set.of("<http://x/f1> \"Eins\"@de"), rows(s, LABEL));
        // EPSG:4326 is latitude first: the CRS84 point is (7 45)
        List<Row> geo = s.table(GEO + "asWKT").orderBy("s").selectExpr("s", "bbox.xmin", "bbox.ymin", "bbox.xmax", "bbox.ymax",
                "ST_AsText(geometry)").collectAsList();
        assertEquals("[<http://x/g1>,7.0,45.0,7.0,45.0,POINT (7 45)]", geo.get(0).toString());
        assertEquals("[<http://x/g2>,0.0,0.0,2.0,1.0,POLYGON ((0 0, 2 0, 2 1, 0 1, 0 0))]", geo.get(1).toString());

        JsonNode meta = geoMetadata(tmp.resolve("store").resolve(s.manifest().tables().get(GEO + "asWKT").get(0)));
        assertEquals("1.1.0", meta.get("version").asText());
        assertEquals("WKB", meta.at("/columns/geometry/encoding").asText());
        assertTrue(meta.at("/columns/geometry/crs").isMissingNode() || meta.at("/columns/geometry/crs").isNull(),
                "no crs: CRS84 " + meta);
        assertEquals("[\"bbox\",\"xmin\"]", meta.at("/columns/geometry/covering/bbox/xmin").toString());
    }

    static JsonNode geoMetadata(Path table) throws IOException {
        Path parquet;
        try (Stream<Path> files = Files.list(table)) {
            parquet = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(parquet.toUri()), new Configuration()))) {
            return new ObjectMapper().readTree(reader.getFooter().getFileMetaData().getKeyValueMetaData().get("geo"));
        }
    }

    @Test
    void aFailedLoadNamesFileAndLineAndLeavesThePreviousVersionReadable() throws IOException {
        String store = tmp.resolve("store").toString();
        SparkStoreLoader loader = new SparkStoreLoader(spark);
        loader.load(store, List.of(file("one.nt", "<http://x/a> <" + LABEL + "> \"a\" .").toString()));

        Path bad = file("bad.nt", "<http://x/b> <" + LABEL + "> \"b\" .", "", "<http://x/c> <" + LABEL + "> \"c .");
        SparkStoreLoader.LoadException e = assertThrows(SparkStoreLoader.LoadException.class,
                () -> loader.load(store, List.of(file("good.nt", "<http://x/d> <" + LABEL + "> \"d\" .").toString(), bad.toString())));
        assertTrue(e.getMessage().startsWith(bad + ", line 3"), e.getMessage());

        SparkStore s = SparkStore.open(spark, store);
        assertEquals(1, s.manifest().version());
        assertEquals(Set.of("<http://x/a> \"a\""), rows(s, LABEL));
        assertTrue(Files.notExists(tmp.resolve("store/data/v2")), "the failed load's files are gone");
    }

    @Test
    void aGeometryLiteralThatIsNotWktFailsTheLoadNamingItsSubject() throws IOException {
        Path bad = file("bad.nt", "<http://x/g> <" + GEO + "asWKT> \"POINT(1)\"^^" + WKT + " .");
        SparkStoreLoader.LoadException e = assertThrows(SparkStoreLoader.LoadException.class,
                () -> new SparkStoreLoader(spark).load(tmp.resolve("store").toString(), List.of(bad.toString())));
        assertTrue(e.getMessage().startsWith(bad + ", line 1: the geo:wktLiteral of <http://x/g> is not WKT"), e.getMessage());
    }

    @Test
    void incrementalLoadsAppendAVersionAndGzippedQuadsKeepTheirGraph() throws IOException {
        String store = tmp.resolve("store").toString();
        SparkStoreLoader loader = new SparkStoreLoader(spark);
        loader.load(store, List.of(file("one.nt", "<http://x/a> <" + LABEL + "> \"a\" .").toString()));
        Path nq = tmp.resolve("two.nq.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(nq))) {
            out.write(("<http://x/a> <" + LABEL + "> \"a\" .\n"
                    + "<http://x/b> <" + LABEL + "> \"b\" .\n"
                    + "<http://x/c> <" + LABEL + "> \"c\" <http://x/graph> .\n").getBytes(StandardCharsets.UTF_8));
        }
        SparkStoreLoader.LoadResult r = loader.load(store, List.of(nq.toString()));

        assertEquals(new SparkStoreLoader.LoadResult(2, 2, 1), r, "the triple version 1 holds is not added again");
        SparkStore s = SparkStore.open(spark, store);
        assertEquals(3, s.manifest().triples());
        assertEquals(Set.of("<http://x/a> \"a\"", "<http://x/b> \"b\""), rows(s, LABEL), "the default graph");
    }
}
