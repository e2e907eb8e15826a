package dev.floe.interlink.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.interlink.FeatureReader;
import dev.floe.interlink.Interlinker;
import dev.floe.interlink.LinkRelations;
import dev.floe.interlink.SpatialFeature;
import dev.floe.triplify.InvalidGeometryPolicy;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyOptions;

/** On Spark local[2] with Sedona, the job writes exactly the links the local interlinker finds, on real data. */
class InterlinkJobTest {

    @TempDir
    static Path tmp;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("floe-interlink-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .config("spark.kryo.registrator", "org.apache.sedona.core.serde.SedonaKryoRegistrator")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static Path triplified(String geojson) throws IOException {
        // a fixture of floe-interlink's test-jar, copied out of the jar: the triplifier reads files by path
        Path in = tmp.resolve(geojson);
        Path nt = tmp.resolve(geojson.replace(".json", ".nt"));
        if (!Files.exists(nt)) {
            try (var stream = InterlinkJobTest.class.getResourceAsStream("/dev/floe/interlink/" + geojson)) {
                Files.copy(java.util.Objects.requireNonNull(stream, "no fixture " + geojson), in);
            }
            new Triplifier(TriplifyOptions.defaults()).triplify(in, nt);
        }
        return nt;
    }

    static Set<String> local(Path a, Path b) {
        FeatureReader reader = new FeatureReader(InvalidGeometryPolicy.REPAIR);
        List<SpatialFeature> source = reader.read(List.of(a)).features();
        List<SpatialFeature> target = reader.read(List.of(b)).features();
        Set<String> out = new TreeSet<>();
        new Interlinker(LinkRelations.ALL).link(source, target,
                (s, r, t) -> out.add("<" + s.iri() + "> <" + r.propertyIri() + "> <" + t.iri() + "> ."));
        return out;
    }

    static Set<String> onSpark(Path a, Path b, String name) throws IOException {
        Path out = tmp.resolve("links-" + name);
        long n = InterlinkJob.run(spark, a.toString(), b.toString(), out.toString(), LinkRelations.ALL,
                InvalidGeometryPolicy.REPAIR);
        Set<String> lines = new TreeSet<>();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path p : parts.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                lines.addAll(Files.readAllLines(p));
            }
        }
        assertEquals(n, lines.size(), "no duplicate links");
        return lines;
    }

    @Test
    void placesInCountriesOnSparkEqualTheLocalRun() throws Exception {
        Path places = triplified("ne_110m_populated_places_simple.json");
        Path countries = triplified("ne_110m_admin_0_countries.json");
        Set<String> expected = local(places, countries);
        assertTrue(expected.size() > 500);
        assertEquals(expected, onSpark(places, countries, "places"));
    }

    @Test
    void riversAndLakesAgainstCountriesOnSparkEqualTheLocalRun() throws Exception {
        Path countries = triplified("ne_110m_admin_0_countries.json");
        Path rivers = triplified("ne_110m_rivers_lake_centerlines.json");
        Path lakes = triplified("ne_110m_lakes.json");
        assertEquals(local(rivers, countries), onSpark(rivers, countries, "rivers"));
        assertEquals(local(lakes, countries), onSpark(lakes, countries, "lakes"));
    }
}
