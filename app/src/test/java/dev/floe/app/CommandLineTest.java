package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.ontology.Floe;
import dev.floe.store.GeoStore;

/** The floe command line run in-process, with exit codes and stderr as a user sees them. */
class CommandLineTest {

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run floe(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = dev.floe.app.Floe.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Path demoFile(String name) {
        try {
            return Path.of(CommandLineTest.class.getResource("/dev/floe/app/demo/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void triplifyWritesTheFileAndReportsTheSummary() {
        Path out = tmp.resolve("countries.ttl");
        Run r = floe("triplify", "--input", demoFile("naturalearth/ne_110m_admin_0_countries.json").toString(),
                "--out", out.toString(), "--dataset", "countries", "--class", Floe.Country.getURI(),
                "--label-property", "NAME", "--id-property", "ADM0_A3");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("repaired: "), r.err());
        assertTrue(r.err().contains("$.features[139] (id SDN): invalid geometry: Self-intersection at (33.96339279497113 9.464285229420634)"), r.err());
        assertTrue(r.err().contains("triplify: 177 records, 12937 triples, 1 geometries repaired, 0 records skipped"), r.err());
        Model m = RDFDataMgr.loadModel(out.toString());
        assertEquals(12937, m.size());
        assertTrue(m.contains(m.getResource(Floe.DATA + "countries/HRV"), org.apache.jena.vocabulary.RDFS.label, "Croatia"));
    }

    @Test
    void triplifyLoadsStraightIntoTheStore() {
        Path store = tmp.resolve("store");
        Run r = floe("triplify", "--input", demoFile("stac/earthsearch-s1-grd.json").toString(), "--load", "--store", store.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("load: 125 triples into " + store.toAbsolutePath()), r.err());
        Run q = floe("query", "--store", store.toString(), "--format", "csv",
                "SELECT ?mode WHERE { ?p <https://w3id.org/floe/ontology#instrumentMode> ?mode }");
        assertEquals("mode\r\nEW\r\n", q.out());
        try (var files = Files.list(store)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".triplify-")), "no temporary file left");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void triplifyToStdoutWritesNTriples() {
        Run r = floe("triplify", "--quiet", "--input", demoFile("stac/earthsearch-s1-grd.json").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertEquals(125, r.out().lines().count());
        assertTrue(r.out().contains("<https://w3id.org/floe/ontology#instrumentMode> \"EW\" ."), r.out());
    }

    @Test
    void triplifyOfABrokenFileExitsNonZeroNamingFileAndRecordAndLeavesNoOutput() throws IOException {
        Path bad = tmp.resolve("bad.geojson");
        Files.writeString(bad, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
                + "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[1,2]]}}]}");
        Path out = tmp.resolve("bad.nt");
        Run r = floe("triplify", "--input", bad.toString(), "--out", out.toString());
        assertEquals(1, r.exit());
        assertEquals("floe: " + bad + ": $.features[0] (id 0): geometry.coordinates: a LineString needs at least 2 positions, found 1\n",
                r.err());
        assertFalse(Files.exists(out));
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "only the input is left");
        }
    }

    @Test
    void triplifyOfSeveralInputsWritesAllTheirTriplesIntoOneOutput() throws IOException {
        Path countries = demoFile("naturalearth/ne_110m_admin_0_countries.json");
        Path s1 = demoFile("stac/earthsearch-s1-grd.json");
        Path one = tmp.resolve("countries.nt");
        Path two = tmp.resolve("s1.nt");
        assertEquals(0, floe("triplify", "--quiet", "--input", countries.toString(), "--out", one.toString()).exit());
        assertEquals(0, floe("triplify", "--quiet", "--input", s1.toString(), "--out", two.toString()).exit());
        Path all = tmp.resolve("all.nt.gz");
        Run r = floe("triplify", "--input", countries.toString(), "--input", s1.toString(), "--out", all.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("$.features[139] (id 139): invalid geometry: Self-intersection"), r.err());
        assertTrue(r.err().contains("triplify: " + countries + ": 177 records, 12583 triples, 1 geometries repaired, 0 records skipped"), r.err());
        assertTrue(r.err().contains("triplify: " + s1 + ": 1 records, 125 triples"), r.err());
        Model expected = RDFDataMgr.loadModel(one.toString()).add(RDFDataMgr.loadModel(two.toString()));
        assertTrue(expected.isIsomorphicWith(RDFDataMgr.loadModel(all.toString())), "the union of the single runs");

        Path again = tmp.resolve("again.nt");
        Run several = floe("triplify", "--quiet", "--input", countries.toString(), s1.toString(), "--out", again.toString());
        assertEquals(0, several.exit(), several.err());
        assertTrue(expected.isIsomorphicWith(RDFDataMgr.loadModel(again.toString())), "several values after one --input");
    }

    @Test
    void triplifyOfSeveralInputsOneBrokenNamesItAndWritesNothing() throws IOException {
        Path bad = tmp.resolve("bad.geojson");
        Files.writeString(bad, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[1]}}]}");
        Path out = tmp.resolve("all.nt");
        Run r = floe("triplify", "--quiet", "--input", demoFile("stac/earthsearch-s1-grd.json").toString(), bad.toString(),
                "--out", out.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("floe: " + bad + ": $.features[0]"), r.err());
        assertFalse(Files.exists(out));
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(bad), files.toList(), "only the input is left");
        }
        assertEquals(2, floe("triplify", "--print-mapping", "--input", bad.toString(), bad.toString()).exit(),
                "one mapping is printed for one input");
    }

    @Test
    void aStoreAndATriplifyOutputGetThePermissionsTheUmaskAllows() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView("posix"));
        String plainFile = permissions(Files.createFile(tmp.resolve("probe")));
        String plainDirectory = permissions(Files.createDirectory(tmp.resolve("probe.d")));
        Path nt = tmp.resolve("out/s1.nt");
        Path store = tmp.resolve("store");
        assertEquals(0, floe("triplify", "--quiet", "--input", demoFile("stac/earthsearch-s1-grd.json").toString(),
                "--out", nt.toString()).exit());
        assertEquals(0, floe("load", "--quiet", "--store", store.toString(), nt.toString()).exit());
        assertEquals(plainFile, permissions(nt));
        assertEquals(plainDirectory, permissions(store));
        try (var files = Files.walk(store)) {
            for (Path p : files.toList()) {
                assertEquals(Files.isDirectory(p) ? plainDirectory : plainFile, permissions(p), p.toString());
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(plainFile.charAt(3) == 'r', "a umask that lets the group read");
        assertEquals('r', permissions(nt).charAt(3));
        assertEquals("r-x", permissions(store).substring(3, 6));
    }

    private static String permissions(Path p) throws IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void loadReadsGzippedFilesAndACorruptOneLoadsNothing() throws IOException {
        Path nt = tmp.resolve("s1.nt.gz");
        Path ttl = tmp.resolve("countries.ttl.gz");
        assertEquals(0, floe("triplify", "--quiet", "--input", demoFile("stac/earthsearch-s1-grd.json").toString(),
                "--out", nt.toString()).exit());
        assertEquals(0, floe("triplify", "--quiet", "--input", demoFile("naturalearth/ne_110m_admin_0_countries.json").toString(),
                "--out", ttl.toString()).exit());
        Path corrupt = tmp.resolve("corrupt.nt.gz");
        byte[] whole = Files.readAllBytes(nt);
        Files.write(corrupt, java.util.Arrays.copyOf(whole, whole.length / 2));

        Path store = tmp.resolve("store");
        Run bad = floe("load", "--store", store.toString(), nt.toString(), corrupt.toString());
        assertEquals(1, bad.exit());
        assertEquals("floe: " + corrupt + ": empty or truncated gzip file (nothing was loaded)\n", bad.err());
        assertEquals("n\r\n0\r\n", floe("query", "--store", store.toString(), "--format", "csv",
                "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").out(), "nothing of the load is kept");

        Run good = floe("load", "--store", store.toString(), nt.toString(), ttl.toString());
        assertEquals(0, good.exit(), good.err());
        Model expected = RDFDataMgr.loadModel(nt.toString()).add(RDFDataMgr.loadModel(ttl.toString()));
        assertEquals("n\r\n" + expected.size() + "\r\n", floe("query", "--store", store.toString(), "--format", "csv",
                "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").out());
    }

    @Test
    void printedDefaultMappingRunsToTheSameTriples() throws Exception {
        Path input = Path.of(CommandLineTest.class.getResource("/dev/floe/app/demo/naturalearth/ne_110m_admin_0_countries.json").toURI());
        Path mapping = tmp.resolve("countries.rml.ttl");
        Run p = floe("triplify", "--input", input.toString(), "--print-mapping", "--out", mapping.toString(), "--id-property", "ADM0_A3",
                "--class", Floe.Country.getURI());
        assertEquals(0, p.exit(), p.err());
        assertTrue(Files.readString(mapping).contains("rml:TriplesMap") && Files.readString(mapping).contains("\"@geometry\""), "a readable RML mapping");
        Path direct = tmp.resolve("direct.nt");
        Path mapped = tmp.resolve("mapped.nt");
        assertEquals(0, floe("triplify", "--quiet", "--input", input.toString(), "--out", direct.toString(), "--id-property", "ADM0_A3",
                "--class", Floe.Country.getURI()).exit());
        Run r = floe("triplify", "--mapping", mapping.toString(), "--out", mapped.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("triplify: 177 records, 12760 triples, 1 geometries repaired"), r.err());
        assertTrue(RDFDataMgr.loadModel(direct.toString()).isIsomorphicWith(RDFDataMgr.loadModel(mapped.toString())));
    }

    @Test
    void aMappingErrorExitsNonZeroNamingTheMappingAndTheTerm() throws IOException {
        Path mapping = tmp.resolve("bad.ttl");
        Files.writeString(mapping, "@prefix rml: <http://w3id.org/rml/> .\n<#M> rml:logicalSource [ rml:source \"x.csv\" ; "
                + "rml:referenceFormulation rml:CSV ] ; rml:subjectMap [ rml:template \"http://x/{a}\" ; rml:clas <http://x/C> ] .\n");
        Run r = floe("triplify", "--mapping", mapping.toString(), "--out", tmp.resolve("o.nt").toString());
        assertEquals(1, r.exit());
        assertEquals("floe: " + mapping + ": triples map <#M>: unknown or unsupported RML term rml:clas\n", r.err());
        assertEquals(2, floe("triplify", "--mapping", mapping.toString(), "--input", "x.csv").exit(), "the mapping names its sources");
    }

    @Test
    void unknownInvalidGeometryPolicyIsAUsageError() {
        Run r = floe("triplify", "--input", demoFile("stac/earthsearch-s1-grd.json").toString(), "--on-invalid", "ignore");
        assertEquals(2, r.exit());
        assertEquals("floe: --on-invalid must be repair, skip or fail, not 'ignore'\n", r.err());
    }

    @Test
    void loadThenQueryTheStoreLocallyAndOverHttp() throws Exception {
        Path nt = tmp.resolve("s1.nt");
        assertEquals(0, floe("triplify", "--quiet", "--input", demoFile("stac/earthsearch-s1-grd.json").toString(),
                "--out", nt.toString()).exit());
        Path store = tmp.resolve("store");
        Run load = floe("load", "--store", store.toString(), nt.toString());
        assertEquals(0, load.exit(), load.err());
        assertTrue(load.err().startsWith("load: 125 triples from 1 file(s)"), load.err());
        assertTrue(load.err().contains("now holds 125 triples, 2 spatial index entries"), load.err());

        String q = "PREFIX floe: <https://w3id.org/floe/ontology#> SELECT ?mode ?pol WHERE { ?p floe:instrumentMode ?mode ; "
                + "floe:polarisation ?pol } ORDER BY ?pol";
        Run local = floe("query", "--store", store.toString(), "--format", "csv", q);
        assertEquals(0, local.exit(), local.err());
        assertEquals("mode,pol\r\nEW,HH\r\nEW,HV\r\n", local.out());

        try (GeoStore geoStore = GeoStore.open(store);
             EndpointServer server = EndpointServer.start(geoStore, EndpointConfig.loopback(0))) {
            Run remote = floe("query", "--endpoint", server.sparqlUri().toString(), "--format", "tsv", q);
            assertEquals(0, remote.exit(), remote.err());
            assertEquals("?mode\t?pol\n\"EW\"\t\"HH\"\n\"EW\"\t\"HV\"\n", remote.out());

            Run table = floe("query", "--endpoint", server.sparqlUri().toString(), q);
            assertEquals(0, table.exit(), table.err());
            assertTrue(table.out().contains("| \"EW\" | \"HV\" |"), table.out());

            Run bad = floe("query", "--endpoint", server.sparqlUri().toString(), "--format", "turtle", q);
            assertEquals(2, bad.exit());
            assertTrue(bad.err().startsWith("floe: --format turtle does not fit a SELECT/ASK query"), bad.err());
        }
    }

    @Test
    void loadOfABrokenFileExitsNonZeroAndKeepsTheStoreEmpty() throws IOException {
        Path good = tmp.resolve("good.nt");
        Files.writeString(good, "<https://example.org/a> <https://example.org/p> \"x\" .\n");
        Path bad = tmp.resolve("bad.nt");
        Files.writeString(bad, "<https://example.org/a> <https://example.org/p> \"x\" .\n<https://example.org/b> <p> .\n");
        Path store = tmp.resolve("store");
        Run r = floe("load", "--store", store.toString(), good.toString(), bad.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("floe: " + bad + ": [line: 2, col: 29] Illegal object"), r.err());
        assertTrue(r.err().strip().endsWith("(nothing was loaded)"), r.err());
        try (GeoStore geoStore = GeoStore.open(store)) {
            assertTrue(geoStore.isEmpty());
        }
    }

    @Test
    void interlinkWritesTheLinksAndLoadsThem() throws IOException {
        Path places = tmp.resolve("places.nt");
        Path countries = tmp.resolve("countries.nt");
        assertEquals(0, floe("triplify", "--quiet", "--input", demoFile("naturalearth/ne_50m_populated_places_simple.json").toString(),
                "--out", places.toString(), "--dataset", "places").exit());
        assertEquals(0, floe("triplify", "--quiet", "--input", demoFile("naturalearth/ne_110m_admin_0_countries.json").toString(),
                "--out", countries.toString(), "--dataset", "countries", "--id-property", "ADM0_A3").exit());
        Path links = tmp.resolve("links.nt");
        Run r = floe("interlink", "--source", places.toString(), "--target", countries.toString(), "--relations", "within",
                "--out", links.toString(), "--load", "--store", tmp.resolve("store").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("interlink: 1,249 x 177 features, "), r.err());
        assertTrue(r.err().contains("1,112 links {WITHIN=1112}"), r.err());
        assertEquals(1112, Files.readAllLines(links).size());
        Run q = floe("query", "--store", tmp.resolve("store").toString(), "--format", "csv",
                // the predicate as a variable: geo:sfWithin written directly would run Jena's property function
                "SELECT (COUNT(*) AS ?n) WHERE { ?p ?within <https://w3id.org/floe/data/countries/FRA> "
                        + "FILTER(?within = <http://www.opengis.net/ont/geosparql#sfWithin>) }");
        assertEquals(0, q.exit(), q.err());
        long inFrance = Files.readAllLines(links).stream().filter(l -> l.contains("<https://w3id.org/floe/data/countries/FRA>")).count();
        assertTrue(inFrance > 10, "places in France: " + inFrance);
        assertEquals("n\r\n" + inFrance + "\r\n", q.out());
    }

    @Test
    void interlinkReadsFeaturesFromTheStoreWithGridBlockingAndRecordsProvenance() throws IOException {
        Path places = tmp.resolve("places.nt");
        Path countries = tmp.resolve("countries.nt");
        assertEquals(0, floe("triplify", "--quiet", "--input", demoFile("naturalearth/ne_50m_populated_places_simple.json").toString(),
                "--out", places.toString(), "--dataset", "places", "--class", Floe.PopulatedPlace.getURI()).exit());
        assertEquals(0, floe("triplify", "--quiet", "--input", demoFile("naturalearth/ne_110m_admin_0_countries.json").toString(),
                "--out", countries.toString(), "--dataset", "countries", "--id-property", "ADM0_A3",
                "--class", Floe.Country.getURI()).exit());
        Path store = tmp.resolve("store");
        assertEquals(0, floe("load", "--quiet", "--store", store.toString(), places.toString(), countries.toString()).exit());

        Path links = tmp.resolve("links.nt");
        Run r = floe("interlink", "--store", store.toString(), "--source-query", "?feature a floe:PopulatedPlace .",
                "--target-query", "?feature a floe:Country .", "--relations", "within", "--blocking", "grid",
                "--provenance", "--out", links.toString());
        assertEquals(0, r.exit(), r.err());
        Model m = RDFDataMgr.loadModel(links.toString());
        assertEquals(1112, m.listStatements(null, m.createProperty("http://www.opengis.net/ont/geosparql#sfWithin"),
                (org.apache.jena.rdf.model.RDFNode) null).toList().size());
        org.apache.jena.rdf.model.Resource run = m.listSubjectsWithProperty(org.apache.jena.vocabulary.RDF.type, Floe.InterlinkingRun)
                .toList().get(0);
        assertEquals("GRID", run.getProperty(Floe.blocking).getString());
        assertEquals(1112, run.getProperty(Floe.linkCount).getLong());
        assertTrue(run.getProperty(Floe.candidatePairs).getLong() >= 1112);
        assertEquals(store.toAbsolutePath().toUri().toString(),
                run.getPropertyResourceValue(m.createProperty("http://www.w3.org/ns/prov#used")).getURI());
        org.apache.jena.rdf.model.Resource within = run.getPropertyResourceValue(Floe.relationCount);
        assertEquals("http://www.opengis.net/ont/geosparql#sfWithin", within.getPropertyResourceValue(Floe.relation).getURI());
        assertEquals(1112, within.getProperty(Floe.linkCount).getLong());
    }

    @Test
    void interlinkRejectsUnknownRelationsAndMissingFiles() {
        Run bad = floe("interlink", "--source", "a.nt", "--target", "b.nt", "--relations", "inside");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith("floe: --relations: unknown relation 'inside'"), bad.err());
        Path missing = tmp.resolve("missing.nt");
        Run none = floe("interlink", "--source", missing.toString(), "--target", missing.toString());
        assertEquals(1, none.exit());
        assertEquals("floe: " + missing + ": no such file\n", none.err());
    }

    @Test
    void queryOfAnUnreachableEndpointSaysSo() {
        Run r = floe("query", "--endpoint", "http://127.0.0.1:9/sparql", "ASK {}");
        assertEquals(1, r.exit());
        assertEquals("floe: http://127.0.0.1:9/sparql: cannot connect (is the server running?)\n", r.err());
    }

    @Test
    void helpWorksOnEverySubCommand() {
        List<List<String>> paths = new java.util.ArrayList<>();
        collect(dev.floe.app.Floe.commandLine(System.out, System.err), new java.util.ArrayList<>(), paths);
        assertTrue(paths.size() > 15, "sub-commands found: " + paths);
        for (List<String> path : paths) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            List<String> args = new java.util.ArrayList<>(path);
            args.add("--help");
            int code = dev.floe.app.Floe.run(args.toArray(String[]::new), new java.io.PrintStream(out), new java.io.PrintStream(err));
            assertEquals(0, code, String.join(" ", args) + ": " + err);
            assertTrue(out.toString().startsWith("Usage: floe " + String.join(" ", path)), String.join(" ", args) + ": " + out);
        }
    }

    private static void collect(picocli.CommandLine cli, List<String> path, List<List<String>> out) {
        cli.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().aliases().toString().contains(name) && !name.equals("help")) {
                List<String> p = new java.util.ArrayList<>(path);
                p.add(name);
                out.add(p);
                collect(sub, p, out);
            }
        });
    }
}
