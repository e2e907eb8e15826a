package dev.floe.triplify.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floe.triplify.InvalidGeometryPolicy;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyOptions;
import dev.floe.triplify.rml.DefaultMapping;

/** On Spark local[2], the job writes exactly the triples of the local run of the same mapping, on real data. */
class TriplifyJobTest {

    @TempDir
    static Path tmp;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("floe-triplify-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** A fixture of floe-triplify's test-jar, copied out of the jar: the job reads files by path. */
    static Path resource(String name) throws IOException {
        Path file = tmp.resolve("fixtures").resolve(name);
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            try (var in = TriplifyJobTest.class.getResourceAsStream("/dev/floe/triplify/" + name)) {
                Files.copy(java.util.Objects.requireNonNull(in, "no fixture " + name), file);
            }
        }
        return file;
    }

    static Path mappingFor(Path input, TriplifyOptions options, String name) throws IOException {
        Path mapping = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(mapping)) {
            DefaultMapping.write(DefaultMapping.generate(input, options), input, out);
        }
        return mapping;
    }

    static Set<String> local(Path mapping) {
        Path out = tmp.resolve("local-" + System.nanoTime() + ".nq");
        new Triplifier(TriplifyOptions.defaults()).triplifyMapping(mapping, out);
        return statements(out);
    }

    static Set<String> statements(Path... files) {
        DatasetGraph ds = DatasetGraphFactory.create();
        for (Path f : files) {
            RDFParser.source(f).lang(Lang.NQUADS).parse(ds);
        }
        Set<String> out = new TreeSet<>();
        ds.find().forEachRemaining(q -> out.add(q.toString()));
        return out;
    }

    static Set<String> sparkOutput(Path dir) throws IOException {
        try (Stream<Path> parts = Files.list(dir)) {
            return statements(parts.filter(p -> p.getFileName().toString().startsWith("part-")).toArray(Path[]::new));
        }
    }

    /** Set equality, reporting only a few differences (the statements hold whole geometries). */
    static void assertSame(Set<String> expected, Set<String> actual) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        assertTrue(missing.isEmpty() && extra.isEmpty(), () -> missing.size() + " missing, e.g. "
                + missing.stream().limit(3).map(x -> x.substring(0, Math.min(200, x.length()))).toList() + "; " + extra.size()
                + " extra, e.g. " + extra.stream().limit(3).map(x -> x.substring(0, Math.min(200, x.length()))).toList());
    }

    @Test
    void partitionedCsvGivesTheTriplesOfTheWholeFile() throws Exception {
        Path csv = resource("world_wkt.csv");
        List<String> lines = Files.readAllLines(csv);
        Path parts = Files.createDirectories(tmp.resolve("world-parts"));
        for (int p = 0; p < 3; p++) { // three part files, each with the header, as Spark writes CSV
            List<String> part = new ArrayList<>(List.of(lines.get(0)));
            for (int i = 1 + p; i < lines.size(); i += 3) {
                part.add(lines.get(i));
            }
            Files.write(parts.resolve("part-0000" + p + ".csv"), part);
        }
        Path mapping = mappingFor(csv, TriplifyOptions.defaults().withIdProperty("name_long"), "world.ttl");
        Set<String> expected = local(mapping);
        Path out = tmp.resolve("world-out");
        long n = TriplifyJob.run(spark, mapping.toString(), parts.toString(), out.toString(), InvalidGeometryPolicy.REPAIR);
        assertSame(expected, sparkOutput(out));
        assertTrue(expected.size() > 177 * 8, "all countries: " + expected.size());
        assertEquals(expected.size(), n);
    }

    @Test
    void geoJsonSequenceSplitAcrossPartitionsKeepsPositionalIds() throws Exception {
        // the real populated places as a GeoJSON sequence, features without ids: their ids are their positions
        JsonNode fc = new ObjectMapper().readTree(resource("ne_110m_populated_places_simple.json").toFile());
        Path seq = tmp.resolve("places.geojsons");
        List<String> lines = new ArrayList<>();
        for (JsonNode f : fc.get("features")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) f).remove("id");
            lines.add(f.toString());
        }
        Files.write(seq, lines);
        Path mapping = mappingFor(seq, TriplifyOptions.defaults(), "places.ttl");
        Set<String> expected = local(mapping);
        Path out = tmp.resolve("places-out");
        spark.conf().set("spark.sql.files.maxPartitionBytes", "65536"); // several partitions for a small file
        try {
            TriplifyJob.run(spark, mapping.toString(), seq.toString(), out.toString(), InvalidGeometryPolicy.REPAIR);
        } finally {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
        }
        try (Stream<Path> parts = Files.list(out)) {
            assertTrue(parts.filter(p -> p.getFileName().toString().startsWith("part-")).count() > 1, "split into partitions");
        }
        assertSame(expected, sparkOutput(out));
        assertTrue(expected.stream().anyMatch(q -> q.contains("data/places/242 ")), "position 242 is the last place");
    }

    @Test
    void shapefilesAreReadWithTheirSiblingsOnePerTask() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("shapes"));
        for (String stem : new String[] {"naturalearth_lowres", "naturalearth_cities"}) {
            for (String ext : new String[] {"shp", "dbf", "prj", "cpg", "shx"}) {
                Files.copy(resource("shapefile/" + stem + "." + ext), dir.resolve(stem + "." + ext));
            }
        }
        Path mapping = tmp.resolve("names.ttl");
        Files.writeString(mapping, """
                @prefix rml: <http://w3id.org/rml/> . @prefix floe: <https://w3id.org/floe/ontology#> .
                @prefix geo: <http://www.opengis.net/ont/geosparql#> . @prefix ex: <http://example.org/> .
                <#Named> rml:logicalSource [ rml:source "shapes/naturalearth_lowres.shp" ; rml:referenceFormulation floe:Shapefile ] ;
                  rml:subjectMap [ rml:template "http://example.org/place/{name}" ] ;
                  rml:predicateObjectMap [ rml:predicate ex:name ; rml:objectMap [ rml:reference "name" ] ] ,
                    [ rml:predicate geo:asWKT ; rml:objectMap [ rml:reference "@geometry" ] ] ,
                    [ rml:predicate ex:area ; rml:objectMap [ rml:reference "@area" ] ] .
                """);
        Set<String> expected = new TreeSet<>(local(mapping));
        Path cities = tmp.resolve("cities.ttl");
        Files.writeString(cities, Files.readString(mapping).replace("naturalearth_lowres.shp", "naturalearth_cities.shp"));
        expected.addAll(local(cities));
        Path out = tmp.resolve("shapes-out");
        TriplifyJob.run(spark, mapping.toString(), dir.toString(), out.toString(), InvalidGeometryPolicy.REPAIR);
        assertSame(expected, sparkOutput(out));
        // name, WKT and area for each of 177 countries and 243 cities; a city named like its country shares its IRI
        assertTrue(expected.size() > (177 + 243) * 3 - 10, "all places: " + expected.size());
    }

    @Test
    void aBadMappingIsNamedAsGiven() throws Exception {
        Path mapping = tmp.resolve("bad.ttl");
        Files.writeString(mapping, "@prefix rml: <http://w3id.org/rml/> .\n<#M> rml:logicalSource [ rml:source \"x.csv\" ; "
                + "rml:referenceFormulation rml:CSV ] ; rml:subjectMap [ rml:template \"http://x/{a\" ] .\n");
        dev.floe.triplify.TriplifyException e = org.junit.jupiter.api.Assertions.assertThrows(dev.floe.triplify.TriplifyException.class,
                () -> TriplifyJob.run(spark, mapping.toString(), tmp.toString(), tmp.resolve("bad-out").toString(), InvalidGeometryPolicy.REPAIR));
        assertEquals(mapping + ": triples map <#M>, subject map: bad template \"http://x/{a\": unclosed '{'", e.getMessage());
    }
}
