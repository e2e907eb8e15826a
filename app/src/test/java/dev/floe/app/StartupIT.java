package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the runnable jar starts, per command, in its own JVM as a user runs it: a triplify of CRS84 data never boots
 * Apache SIS's EPSG database (Derby), a triplify that loads still sets GeoSPARQL up for the store, and neither leaves a
 * {@code derby.log} in the working directory.
 */
class StartupIT {

    @TempDir
    Path tmp;

    static final String POINT = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"p1\","
            + "\"properties\":{\"name\":\"Zagreb\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[15.9819,45.815]}}]}";

    record Run(int exitCode, String output) {
    }

    Run floe(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("floe.jar");
        assertNotNull(jar, "floe.jar system property (set by failsafe)");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "floe did not end:\n" + output);
        return new Run(p.exitValue(), output);
    }

    @Test
    void triplifyOfCrs84DataWritesItsTriplesWithoutBootingTheCrsDatabase() throws Exception {
        Files.writeString(tmp.resolve("point.geojson"), POINT);
        Path classes = tmp.resolve("classes.txt");
        Run run = floe(List.of("-Xlog:class+load=info:file=" + classes), "triplify", "--input", "point.geojson",
                "--out", "point.nt", "--quiet");
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(List.of(
                "<https://w3id.org/floe/data/point/p1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.opengis.net/ont/geosparql#Feature> .",
                "<https://w3id.org/floe/data/point/p1> <https://w3id.org/floe/attr/name> \"Zagreb\" .",
                "<https://w3id.org/floe/data/point/p1> <http://www.opengis.net/ont/geosparql#hasGeometry> <https://w3id.org/floe/data/point/p1/geometry> .",
                "<https://w3id.org/floe/data/point/p1> <http://www.opengis.net/ont/geosparql#hasDefaultGeometry> <https://w3id.org/floe/data/point/p1/geometry> .",
                "<https://w3id.org/floe/data/point/p1/geometry> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.opengis.net/ont/geosparql#Geometry> .",
                "<https://w3id.org/floe/data/point/p1/geometry> <http://www.opengis.net/ont/geosparql#asWKT> \"POINT (15.9819 45.815)\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> ."),
                Files.readAllLines(tmp.resolve("point.nt")));
        List<String> loaded = Files.readAllLines(classes);
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" dev.floe.triplify.Triplifier ")), "the class log is empty");
        assertEquals(List.of(), loaded.stream()
                .filter(l -> l.contains(" org.apache.sis.") || l.contains(" org.apache.derby.")).limit(3).toList());
        assertTrue(Files.notExists(tmp.resolve("derby.log")));
    }

    @Test
    void triplifyThatLoadsSetsGeoSparqlUpForTheStore() throws Exception {
        Files.writeString(tmp.resolve("point.geojson"), POINT);
        Run load = floe(List.of(), "triplify", "--input", "point.geojson", "--out", "point.nt", "--load",
                "--store", "store", "--quiet");
        assertEquals(0, load.exitCode(), load.output());
        // a property function: it answers from the spatial index that the load built from the parsed wktLiterals
        Run query = floe(List.of(), "query", "--store", "store", "--format", "csv",
                "PREFIX geo: <http://www.opengis.net/ont/geosparql#> SELECT ?f WHERE { ?f geo:sfWithin "
                        + "\"POLYGON ((15 45, 17 45, 17 47, 15 47, 15 45))\"^^geo:wktLiteral } ORDER BY ?f");
        assertEquals(0, query.exitCode(), query.output());
        assertEquals("f\r\nhttps://w3id.org/floe/data/point/p1\r\nhttps://w3id.org/floe/data/point/p1/geometry\r\n",
                query.output());
        // both opened the store, which boots SIS's EPSG database: Derby's log goes nowhere with `java -jar` too
        assertTrue(Files.notExists(tmp.resolve("derby.log")));
    }

    @Test
    void interlinkBetweenFilesFindsItsLinksWithoutBootingTheCrsDatabase() throws Exception {
        String geo = "<http://www.opengis.net/ont/geosparql#";
        String wkt = "^^" + geo + "wktLiteral> .\n";
        Files.writeString(tmp.resolve("places.nt"),
                "<https://example.org/zagreb> " + geo + "hasGeometry> _:z .\n"
                + "_:z " + geo + "asWKT> \"POINT (15.98 45.81)\"" + wkt
                + "<https://example.org/quito> " + geo + "hasGeometry> _:q .\n"
                + "_:q " + geo + "asWKT> \"POINT (-78.5 -0.2)\"" + wkt);
        Files.writeString(tmp.resolve("boxes.nt"), "<https://example.org/croatia-box> " + geo + "hasGeometry> _:b .\n"
                + "_:b " + geo + "asWKT> \"<http://www.opengis.net/def/crs/OGC/1.3/CRS84> "
                + "POLYGON ((13 42, 20 42, 20 47, 13 47, 13 42))\"" + wkt);
        Path classes = tmp.resolve("classes.txt");
        Run run = floe(List.of("-Xlog:class+load=info:file=" + classes), "interlink", "--source", "places.nt",
                "--target", "boxes.nt", "--relations", "within", "--out", "links.nt", "--quiet");
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(List.of("<https://example.org/zagreb> <http://www.opengis.net/ont/geosparql#sfWithin> "
                + "<https://example.org/croatia-box> ."), Files.readAllLines(tmp.resolve("links.nt")));
        List<String> loaded = Files.readAllLines(classes);
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" dev.floe.interlink.Interlinker ")), "the class log is empty");
        // plain N-Triples in and out: Jena never starts (its start alone costs more CPU than such a run)
        assertEquals(List.of(), loaded.stream().filter(l -> l.contains(" org.apache.jena.sys.JenaSystem ")).toList());
        // floe-geo's CRS84 identity is a SIS transform; the EPSG factories and their Derby database stay unloaded
        assertEquals(List.of(), loaded.stream().filter(l -> l.contains(" org.apache.sis.referencing.factory.")
                || l.contains(" org.apache.derby.")).limit(3).toList());
        assertTrue(Files.notExists(tmp.resolve("derby.log")));
    }
}
