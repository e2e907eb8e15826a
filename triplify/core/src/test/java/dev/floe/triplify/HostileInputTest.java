package dev.floe.triplify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated corpus of a few hundred malformed inputs (GeoJSON, GeoJSON sequences, STAC, CSV with WKT or lon/lat,
 * truncated and gzipped files, binary garbage, deep nesting, huge numbers, wrong types for every field) run through the
 * Triplifier. Each must end in a clean success or a {@link TriplifyException} naming its file, never in any other
 * exception or error, must leave no output behind when it fails, and must finish in seconds. Where the outcome is
 * certain (NaN coordinates, non-scalar ids, missing STAC datetimes), it is asserted literally.
 */
class HostileInputTest {

    /** What a case must do: anything clean, fail, or succeed. */
    enum Expect { CLEAN, REJECT, ACCEPT }

    record Case(String name, String fileName, byte[] content, Expect expect, String messagePart) {
        static Case of(String name, String fileName, String content, Expect expect, String messagePart) {
            return new Case(name, fileName, content.getBytes(StandardCharsets.UTF_8), expect, messagePart);
        }

        static Case of(String name, String fileName, String content, Expect expect) {
            return of(name, fileName, content, expect, null);
        }
    }

    @TempDir
    static Path tmp;

    static final String POINT = "{\"type\":\"Point\",\"coordinates\":[15.2,46.1]}";
    static final String[] WRONG_VALUES = {"null", "true", "0", "-1", "1e400", "-1e308", "\"\"", "\"x\"", "[]", "{}", "[[[]]]",
        "[null]", "{\"type\":null}", "\"" + "a".repeat(10_000) + "\""};

    static String feature(String id, String properties, String geometry) {
        return "{\"type\":\"Feature\"" + (id == null ? "" : ",\"id\":" + id) + ",\"properties\":" + properties
                + ",\"geometry\":" + geometry + "}";
    }

    static String collection(String... features) {
        return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
    }

    static String stacItem(String properties, String assets, String links) {
        return "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"S2A_1\",\"collection\":\"s2\",\"geometry\":" + POINT
                + ",\"bbox\":[15.2,46.1,15.2,46.1],\"properties\":" + properties + ",\"assets\":" + assets + ",\"links\":" + links + "}";
    }

    static String stacCollection(String extent) {
        return "{\"type\":\"Collection\",\"stac_version\":\"1.0.0\",\"id\":\"s2\",\"description\":\"d\",\"license\":\"proprietary\","
                + "\"extent\":" + extent + ",\"links\":[]}";
    }

    static final String GOOD_PROPS = "{\"datetime\":\"2023-08-15T10:00:00Z\",\"eo:cloud_cover\":3.5,\"platform\":\"sentinel-2a\"}";
    static final String GOOD_ASSETS = "{\"red\":{\"href\":\"B04.tif\",\"type\":\"image/tiff\",\"roles\":[\"data\"]}}";

    static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        String good = collection(feature("1", "{\"name\":\"a\"}", POINT), feature("2", "{}", "null"));
        cases.add(Case.of("valid feature collection", "good.geojson", good, Expect.ACCEPT));
        // GeoJSON: a wrong value in every member of a feature
        for (String v : WRONG_VALUES) {
            cases.add(Case.of("feature type " + v, "t.geojson", collection("{\"type\":" + v + ",\"properties\":{},\"geometry\":" + POINT + "}"),
                    Expect.REJECT));
            cases.add(Case.of("feature id " + v, "i.geojson", collection(feature(v, "{}", POINT)), Expect.CLEAN));
            cases.add(Case.of("properties " + v, "p.geojson", collection(feature("1", v, POINT)), Expect.CLEAN));
            cases.add(Case.of("geometry " + v, "g.geojson", collection(feature("1", "{}", v)), Expect.CLEAN));
            cases.add(Case.of("geometry type " + v, "gt.geojson", collection(feature("1", "{}",
                    "{\"type\":" + v + ",\"coordinates\":[1,2]}")), Expect.REJECT));
            cases.add(Case.of("coordinates " + v, "c.geojson", collection(feature("1", "{}",
                    "{\"type\":\"Point\",\"coordinates\":" + v + "}")), Expect.CLEAN));
            cases.add(Case.of("ordinate " + v, "o.geojson", collection(feature("1", "{}",
                    "{\"type\":\"Point\",\"coordinates\":[" + v + ",1]}")), v.equals("0") || v.equals("-1") ? Expect.ACCEPT : Expect.REJECT));
            cases.add(Case.of("features " + v, "f.geojson", "{\"type\":\"FeatureCollection\",\"features\":" + v + "}", Expect.CLEAN));
        }
        for (String id : new String[] {"{\"a\":1}", "[1]", "true", "\"\"", "1e400"}) {
            cases.add(Case.of("non-scalar id " + id, "id.geojson", collection(feature(id, "{}", POINT)), Expect.REJECT, "\"id\" must be"));
        }
        for (String nan : new String[] {"NaN", "Infinity", "-Infinity", "1e999"}) {
            cases.add(Case.of("GeoJSON " + nan, "nan.geojson", collection(feature("1", "{}",
                    "{\"type\":\"Point\",\"coordinates\":[" + nan + ",1]}")), Expect.REJECT));
        }
        String[] badGeometries = {"{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1]]]}",
            "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}",
            "{\"type\":\"LineString\",\"coordinates\":[[0,0]]}", "{\"type\":\"MultiPolygon\",\"coordinates\":[[[]]]}",
            "{\"type\":\"GeometryCollection\",\"geometries\":[null]}", "{\"type\":\"Point\",\"coordinates\":[200,100]}",
            "{\"type\":\"Point\",\"coordinates\":[1,2,3,4,5]}", "{\"type\":\"Point\",\"coordinates\":[\"1\",\"2\"]}",
            "{\"type\":\"Circle\",\"coordinates\":[1,2]}", "{\"type\":\"Point\"}"};
        for (String g : badGeometries) {
            cases.add(Case.of("geometry " + g, "bad.geojson", collection(feature("1", "{}", g)), Expect.CLEAN));
        }
        cases.add(Case.of("deep geometry collection", "deep.geojson", collection(feature("1", "{}",
                "{\"type\":\"GeometryCollection\",\"geometries\":[".repeat(300) + POINT + "]}".repeat(300))), Expect.CLEAN));
        cases.add(Case.of("deep JSON arrays", "deep.json", "[".repeat(100_000) + "]".repeat(100_000), Expect.REJECT));
        cases.add(Case.of("deep JSON objects", "deep2.json", "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000), Expect.REJECT));
        cases.add(Case.of("deep properties", "deep3.geojson", collection(feature("1", "{\"a\":" + "[".repeat(900) + "]".repeat(900) + "}",
                POINT)), Expect.CLEAN));
        // truncations of valid documents
        String stac = stacItem(GOOD_PROPS, GOOD_ASSETS, "[]");
        for (String doc : new String[] {good, stac}) {
            for (int cut : new int[] {0, 1, 10, doc.length() / 3, doc.length() / 2, doc.length() - 1}) {
                cases.add(Case.of("truncated at " + cut, "cut.json", doc.substring(0, cut), Expect.REJECT));
            }
        }
        cases.add(Case.of("two documents", "two.json", good + good, Expect.REJECT));
        cases.add(Case.of("whitespace only", "ws.json", "   \n\t ", Expect.REJECT));
        cases.add(Case.of("a bare string", "s.json", "\"hello\"", Expect.REJECT));
        cases.add(Case.of("a bare number", "n.json", "42", Expect.REJECT));
        cases.add(Case.of("array of scalars", "a.json", "[1,2,3]", Expect.REJECT));
        cases.add(Case.of("bare geometry", "bg.json", POINT, Expect.REJECT));
        // GeoJSON sequences
        cases.add(Case.of("sequence with a bad line", "s.geojsonl", feature("1", "{}", POINT) + "\n{oops\n", Expect.REJECT));
        cases.add(Case.of("sequence with a scalar", "s2.geojsonl", feature("1", "{}", POINT) + "\n17\n", Expect.REJECT));
        cases.add(Case.of("sequence with record separators", "s3.geojsons", "\u001e" + feature("1", "{}", POINT) + "\n\u001e\n",
                Expect.ACCEPT));
        // STAC items
        cases.add(Case.of("valid STAC item", "item.json", stac, Expect.ACCEPT));
        for (String v : WRONG_VALUES) {
            cases.add(Case.of("STAC datetime " + v, "dt.json", stacItem("{\"datetime\":" + v + "}", GOOD_ASSETS, "[]"), Expect.REJECT));
            cases.add(Case.of("STAC properties " + v, "pr.json", stacItem(v, GOOD_ASSETS, "[]"), Expect.REJECT));
            cases.add(Case.of("STAC assets " + v, "as.json", stacItem(GOOD_PROPS, v, "[]"), v.equals("null") || v.equals("{}")
                    ? Expect.ACCEPT : Expect.REJECT));
            cases.add(Case.of("STAC asset " + v, "a1.json", stacItem(GOOD_PROPS, "{\"red\":" + v + "}", "[]"), v.equals("{}")
                    || v.startsWith("{\"type") ? Expect.ACCEPT : Expect.REJECT));
            cases.add(Case.of("STAC links " + v, "ln.json", stacItem(GOOD_PROPS, GOOD_ASSETS, v), Expect.CLEAN));
            cases.add(Case.of("STAC link href " + v, "lh.json", stacItem(GOOD_PROPS, GOOD_ASSETS,
                    "[{\"rel\":\"derived_from\",\"href\":" + v + "}]"), Expect.CLEAN));
            cases.add(Case.of("STAC platform " + v, "pf.json", stacItem("{\"datetime\":\"2023-08-15T10:00:00Z\",\"platform\":" + v + "}",
                    GOOD_ASSETS, "[]"), Expect.CLEAN));
            cases.add(Case.of("STAC id " + v, "id.json", stacItem(GOOD_PROPS, GOOD_ASSETS, "[]").replace("\"id\":\"S2A_1\"", "\"id\":" + v),
                    v.equals("\"x\"") || v.startsWith("\"aaa") ? Expect.ACCEPT : Expect.REJECT));
            cases.add(Case.of("STAC extent " + v, "ex.json", stacCollection(v), Expect.CLEAN));
            cases.add(Case.of("STAC bbox " + v, "bb.json", stacCollection("{\"spatial\":{\"bbox\":[[" + v + ",0,1,1]]}}"),
                    v.equals("0") || v.equals("-1") ? Expect.ACCEPT : Expect.CLEAN));
            cases.add(Case.of("STAC interval " + v, "iv.json", stacCollection("{\"temporal\":{\"interval\":[[" + v + ",null]]}}"),
                    v.equals("null") ? Expect.ACCEPT : Expect.CLEAN));
        }
        for (String dt : new String[] {"\"yesterday\"", "\"2023-13-45T99:00:00Z\"", "\"2023-08-15\"", "20230815", "[\"2023-08-15T10:00:00Z\"]"}) {
            cases.add(Case.of("STAC bad datetime " + dt, "bd.json", stacItem("{\"datetime\":" + dt + "}", GOOD_ASSETS, "[]"), Expect.REJECT,
                    "datetime"));
        }
        cases.add(Case.of("STAC no datetime", "nd.json", stacItem("{}", GOOD_ASSETS, "[]"), Expect.REJECT, "datetime is required"));
        for (String href : new String[] {"/etc/passwd", "/proc/self/environ", "../../../../../etc/hostname", "file:///etc/shadow",
            "file://otherhost/x.json", "http://example.org/x.json", "s3://bucket/x.json", "%zz", "", " ", "\\u0000"}) {
            cases.add(Case.of("STAC catalog link " + href, "catalog.json", "{\"type\":\"Catalog\",\"stac_version\":\"1.0.0\",\"id\":\"c\","
                    + "\"description\":\"d\",\"links\":[{\"rel\":\"item\",\"href\":\"" + href + "\"},{\"rel\":\"child\",\"href\":\""
                    + href + "\"}]}", Expect.CLEAN, null));
        }
        // CSV: lon/lat and WKT cells
        for (String v : new String[] {"NaN", "Infinity", "-Infinity", "inf", "1e400", "181", "-181", "abc", "0x10", "1,5", "\"\"", " "}) {
            cases.add(Case.of("CSV lon " + v, "lon.csv", "id,lon,lat\n1," + v + ",10\n", v.equals("\"\"") || v.equals(" ")
                    ? Expect.CLEAN : Expect.REJECT));
        }
        for (String w : new String[] {"POINT(NaN 1)", "POINT(1 Infinity)", "POINT(1)", "POINT(1 2", "POLYGON((0 0, 1 0, 1 1, 0 1))",
            "LINESTRING(1 1)", "POINT(1e400 1)", "POINT(500000 5100000)", "CIRCLE(1 2)", "POINT EMPTY", "POINT Z(1 2 NaN)",
            "MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((0 0,1 0,1 1,0 0)))", "GEOMETRYCOLLECTION(" + "GEOMETRYCOLLECTION(".repeat(9_999)
                    + "POINT(1 1)" + ")".repeat(10_000), "(".repeat(100_000), "POINT(1 1))))", "\u0000\u0001"}) {
            cases.add(Case.of("CSV WKT " + w.substring(0, Math.min(40, w.length())), "wkt.csv", "id,wkt\n1,\"" + w + "\"\n",
                    (w.contains("NaN") || w.contains("Infinity") || w.contains("e400")) && !w.contains(" Z") ? Expect.REJECT : Expect.CLEAN));
        }
        cases.add(Case.of("CSV unbalanced quote", "q.csv", "id,wkt\n1,\"POINT(1 2)\n2,POINT(3 4)\n", Expect.CLEAN));
        cases.add(Case.of("CSV ragged rows", "r.csv", "id,lon,lat\n1,2,3,4,5\n2\n", Expect.CLEAN));
        cases.add(Case.of("CSV header only", "h.csv", "id,lon,lat\n", Expect.CLEAN));
        cases.add(Case.of("CSV empty", "e.csv", "", Expect.CLEAN));
        cases.add(Case.of("CSV no geometry column", "ng.csv", "a,b\n1,2\n", Expect.REJECT));
        cases.add(Case.of("CSV duplicate header", "dh.csv", "lon,lon,lat\n1,2,3\n", Expect.CLEAN));
        cases.add(Case.of("TSV with NaN", "n.tsv", "id\tlon\tlat\n1\tNaN\t1\n", Expect.REJECT));
        // binary garbage under every extension
        Random random = new Random(7);
        for (String ext : new String[] {"json", "geojson", "geojsonl", "csv", "tsv", "gpkg", "tif", "jp2", "shp", "json.gz", "csv.gz"}) {
            for (int size : new int[] {0, 1, 7, 100, 5000}) {
                byte[] bytes = new byte[size];
                random.nextBytes(bytes);
                cases.add(new Case("garbage " + size + " ." + ext, "garbage." + ext, bytes, Expect.CLEAN, null));
            }
        }
        cases.add(new Case("gzip of garbage", "gg.json.gz", gzip(new byte[] {1, 2, 3, (byte) 0xff}), Expect.REJECT, null));
        cases.add(new Case("gzip cut short", "gc.json.gz", java.util.Arrays.copyOf(gzip(good.getBytes(StandardCharsets.UTF_8)), 30),
                Expect.REJECT, "gzip"));
        cases.add(new Case("empty gzip", "eg.csv.gz", new byte[0], Expect.REJECT, "empty file"));
        cases.add(new Case("valid gzip", "vg.json.gz", gzip(good.getBytes(StandardCharsets.UTF_8)), Expect.ACCEPT, null));
        cases.add(new Case("TIFF magic then nothing", "m.tif", new byte[] {'I', 'I', 42, 0}, Expect.REJECT, null));
        cases.add(new Case("BigTIFF magic then nothing", "b.tif", new byte[] {'M', 'M', 0, 43, 0, 8, 0, 0}, Expect.REJECT, null));
        cases.add(new Case("JPEG 2000 signature then nothing", "j.jp2", new byte[] {0, 0, 0, 12, 'j', 'P', ' ', ' ', 13, 10, (byte) 0x87, 10},
                Expect.REJECT, null));
        return cases;
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    @TestFactory
    Stream<DynamicTest> everyMalformedInputEndsCleanly() {
        List<Case> cases = corpus();
        assertTrue(cases.size() >= 200, "corpus size " + cases.size());
        int[] n = {0};
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c, tmp.resolve("case" + n[0]++))));
    }

    static void run(Case c, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path input = dir.resolve(c.fileName());
        Files.write(input, c.content());
        Set<String> before = list(dir);
        Path out = dir.resolve("out.nt");
        Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                new Triplifier(TriplifyOptions.defaults()).triplify(input, out);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        if (thrown == null) {
            assertTrue(c.expect() != Expect.REJECT, c.name() + ": accepted, but must be rejected");
            assertTrue(Files.isRegularFile(out));
            return;
        }
        if (!(thrown instanceof TriplifyException e)) {
            throw new AssertionError(c.name() + ": " + thrown.getClass().getName() + " instead of a TriplifyException", thrown);
        }
        assertTrue(c.expect() != Expect.ACCEPT, c.name() + ": rejected, but must be accepted: " + e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), c.name() + ": the message does not name the file: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), c.name() + ": not one line: " + e.getMessage());
        assertFalse(e.getMessage().contains("root:"), c.name() + ": echoes /etc/passwd: " + e.getMessage());
        if (c.messagePart() != null) {
            assertTrue(e.getMessage().contains(c.messagePart()), c.name() + ": " + e.getMessage());
        }
        assertEquals(before, list(dir), c.name() + ": left files behind");
    }

    static Set<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
