package dev.floe.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.sar.SarTestData;
import dev.floe.ml.trainingset.SparqlSource;
import dev.floe.ml.trainingset.Split;
import dev.floe.ml.trainingset.SplitRatios;
import dev.floe.ml.trainingset.TrainingQuery;
import dev.floe.store.GeoStore;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyOptions;

/** End to end: SAR patch records -> triplify -> TDB2 store -> training-set query -> folder + PROV record. */
class TrainingSetTest {

    static final Path SAR_QUERY = SarStore.SAR_QUERY;

    @TempDir
    Path dir;
    GeoStore store;

    @BeforeEach
    void loadPatches() throws IOException {
        store = SarStore.create(dir, 8);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private TrainingQuery sarQuery() throws IOException {
        return new TrainingQuery(Files.readString(SAR_QUERY), SAR_QUERY.toString());
    }

    private List<QuerySolution> select(String sparql) {
        return Txn.calculateRead(store.dataset(), () -> {
            try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(sparql).build()) {
                List<QuerySolution> out = new ArrayList<>();
                ResultSet rs = qe.execSelect();
                rs.forEachRemaining(out::add);
                return out;
            }
        });
    }

    @Test
    void createsAStratifiedSeededSplitWithRastersAndRecordsItInTheStore() throws IOException {
        Path folder = TrainingSet.folderIn(store.directory(), "sar-v1");
        TrainingSet set = TrainingSet.create("sar-v1", sarQuery(), SparqlSource.store(store), folder,
                SplitRatios.DEFAULT, 42, null);
        // 30 icebergs: 21/4.5/4.5 -> 21, 5, 4 (largest remainder, tie to the earlier split); 10 ships: 7, 2, 1
        assertEquals(Map.of("iceberg", 21, "ship", 7), set.manifest().counts().get("train"));
        assertEquals(Map.of("iceberg", 5, "ship", 2), set.manifest().counts().get("validation"));
        assertEquals(Map.of("iceberg", 4, "ship", 1), set.manifest().counts().get("test"));
        assertEquals(List.of("iceberg", "ship"), set.manifest().classes());
        assertEquals(List.of("incidenceAngle"), set.manifest().features());
        assertEquals(List.of(2, 8, 8), java.util.Arrays.stream(set.manifest().rasterShape()).boxed().toList());

        ImageSamples train = set.samples(Split.TRAIN);
        assertEquals(28, train.size());
        assertEquals(2, train.channels());
        // every fifth record had inc_angle "na": the feature is missing (NaN), not invented
        assertTrue(java.util.Arrays.stream(train.extras()).anyMatch(x -> Float.isNaN(x[0])));
        try (Stream<Path> rasters = Files.list(folder.resolve("rasters"))) {
            assertEquals(40, rasters.count());
        }

        // the PROV record answers SPARQL
        List<QuerySolution> rows = select("""
                PREFIX floe: <https://w3id.org/floe/ontology#>
                PREFIX prov: <http://www.w3.org/ns/prov#>
                SELECT ?set ?n ?seed ?query ?source ?started WHERE {
                  ?set a floe:TrainingSet ; floe:sampleCount ?n ; floe:seed ?seed ; floe:query ?query ;
                       prov:wasDerivedFrom ?source ; prov:wasGeneratedBy ?act ; prov:generatedAtTime ?t .
                  ?act a prov:Activity ; prov:startedAtTime ?started ; prov:used ?source .
                }""");
        assertEquals(1, rows.size());
        assertEquals("https://w3id.org/floe/data/trainingset/sar-v1", rows.get(0).getResource("set").getURI());
        assertEquals(40, rows.get(0).getLiteral("n").getInt());
        assertEquals(42, rows.get(0).getLiteral("seed").getLong());
        assertEquals(Files.readString(SAR_QUERY), rows.get(0).getLiteral("query").getString());
        assertEquals(store.directory().toUri().toString(), rows.get(0).getResource("source").getURI());
        Map<String, Integer> counts = new TreeMap<>();
        select("""
                PREFIX floe: <https://w3id.org/floe/ontology#>
                SELECT ?split ?class ?n WHERE {
                  ?set a floe:TrainingSet ; floe:classCount ?c .
                  ?c floe:split ?split ; floe:labelClass ?class ; floe:sampleCount ?n }""")
                .forEach(s -> counts.put(s.getLiteral("split").getString() + "/" + s.getLiteral("class").getString(),
                        s.getLiteral("n").getInt()));
        assertEquals(Map.of("train/iceberg", 21, "train/ship", 7, "validation/iceberg", 5, "validation/ship", 2,
                "test/iceberg", 4, "test/ship", 1), counts);
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() throws IOException {
        TrainingSet a = TrainingSet.create("a", sarQuery(), SparqlSource.store(store), dir.resolve("a"), SplitRatios.DEFAULT, 1, null);
        TrainingSet b = TrainingSet.create("b", sarQuery(), SparqlSource.store(store), dir.resolve("b"), SplitRatios.DEFAULT, 1, null);
        TrainingSet c = TrainingSet.create("c", sarQuery(), SparqlSource.store(store), dir.resolve("c"), SplitRatios.DEFAULT, 2, null);
        assertEquals(a.samples(Split.TEST).ids(), b.samples(Split.TEST).ids());
        assertFalse(a.samples(Split.TEST).ids().equals(c.samples(Split.TEST).ids()));
        assertEquals(Files.readString(dir.resolve("a/samples.csv")), Files.readString(dir.resolve("b/samples.csv")));
    }

    private void assertNothingWritten(Path folder) throws IOException {
        assertFalse(Files.exists(folder), folder + " must not exist");
        if (Files.exists(folder.getParent())) {
            try (Stream<Path> left = Files.list(folder.getParent())) {
                assertEquals(List.of(), left.filter(p -> p.getFileName().toString().contains(".partial-")).toList());
            }
        }
        assertEquals(0, select("PREFIX floe: <https://w3id.org/floe/ontology#> SELECT * { ?s a floe:TrainingSet }").size());
    }

    @Test
    void aQueryWithoutTheLabelVariableIsRejectedNamingIt() throws IOException {
        MlDataException e = assertThrows(MlDataException.class, () -> new TrainingQuery(
                "PREFIX floe: <https://w3id.org/floe/ontology#> SELECT ?sample ?raster { ?sample floe:rasterFile ?raster }", "q.rq"));
        assertEquals("q.rq: the query does not select ?label (it selects ?sample ?raster); a training-set query selects "
                + "?sample, ?label and ?raster and/or numeric feature variables", e.getMessage());
        // SELECT * is checked on the result's variables, before anything is written
        Path folder = dir.resolve("sets/star");
        TrainingQuery star = new TrainingQuery(
                "PREFIX floe: <https://w3id.org/floe/ontology#> SELECT * { ?sample floe:rasterFile ?raster }", "star.rq");
        assertThrows(MlDataException.class, () -> TrainingSet.create("star", star, SparqlSource.store(store), folder,
                SplitRatios.DEFAULT, 1, null));
        assertNothingWritten(folder);
    }

    @Test
    void aClassTooSmallForEverySplitIsAnErrorAndNothingIsWritten() throws IOException {
        // only 3 ships: validation and test cannot both get one at 0.8/0.1/0.1
        String text = Files.readString(SAR_QUERY).replace("OPTIONAL", "FILTER(?label = \"iceberg\" || STRENDS(STR(?sample), \"ship0001\")"
                + " || STRENDS(STR(?sample), \"ship0003\") || STRENDS(STR(?sample), \"ship0005\")) OPTIONAL");
        Path folder = dir.resolve("sets/small");
        MlDataException e = assertThrows(MlDataException.class, () -> TrainingSet.create("small",
                new TrainingQuery(text, "small.rq"), SparqlSource.store(store), folder, new SplitRatios(0.8, 0.1, 0.1), 1, null));
        assertEquals("class \"ship\" has 3 samples, too few for the validation split at 0.8,0.1,0.1 (it would be empty); "
                + "add samples or change --split", e.getMessage());
        assertNothingWritten(folder);
    }

    @Test
    void aNanFeatureIsAnErrorNamingTheSampleAndNothingIsWritten() throws IOException {
        String text = Files.readString(SAR_QUERY)
                .replace("SELECT ?sample ?label ?raster ?incidenceAngle", "SELECT ?sample ?label ?raster ?x")
                .replace("OPTIONAL", "BIND(IF(STRENDS(STR(?sample), \"ship0001\"), \"NaN\"^^<http://www.w3.org/2001/XMLSchema#double>, 1.0) AS ?x) OPTIONAL");
        Path folder = dir.resolve("sets/nan");
        MlDataException e = assertThrows(MlDataException.class, () -> TrainingSet.create("nan",
                new TrainingQuery(text, "nan.rq"), SparqlSource.store(store), folder, SplitRatios.DEFAULT, 1, null));
        assertEquals("nan.rq: sample https://w3id.org/floe/data/patches/ship0001: ?x is NaN", e.getMessage());
        assertNothingWritten(folder);
    }

    @Test
    void aNanPixelInARasterIsAnErrorAndNothingIsWritten() throws IOException {
        Path sidecar = dir.resolve("patches.nt.patches").resolve("berg0002.npy");
        assertTrue(Files.exists(sidecar), "triplify wrote " + sidecar);
        float[] pixels = new float[128];
        pixels[5] = Float.NaN;
        new dev.floe.geo.NpyArray(new int[] {2, 8, 8}, pixels).write(sidecar);
        Path folder = dir.resolve("sets/nanpixel");
        MlDataException e = assertThrows(MlDataException.class, () -> TrainingSet.create("nanpixel", sarQuery(),
                SparqlSource.store(store), folder, SplitRatios.DEFAULT, 1, null));
        assertEquals("sample https://w3id.org/floe/data/patches/berg0002: raster " + sidecar + " value 5 is NaN", e.getMessage());
        assertNothingWritten(folder);
    }

    @Test
    void anExistingNameIsRefused() throws IOException {
        TrainingSet.create("dup", sarQuery(), SparqlSource.store(store), dir.resolve("sets/dup"), SplitRatios.DEFAULT, 1, null);
        MlDataException e = assertThrows(MlDataException.class, () -> TrainingSet.create("dup", sarQuery(),
                SparqlSource.store(store), dir.resolve("sets/dup2"), SplitRatios.DEFAULT, 1, null));
        assertTrue(e.getMessage().contains("already records a training set <https://w3id.org/floe/data/trainingset/dup>"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("sets/dup2")));
    }

    @Test
    void overAnEndpointTheSetIsMaterialisedAndItsRecordWrittenBesideIt() throws IOException {
        // any SPARQL 1.1 Protocol endpoint will do: an unmodified Fuseki over the store's dataset, on loopback
        org.apache.jena.fuseki.main.FusekiServer fuseki = org.apache.jena.fuseki.main.FusekiServer.create()
                .loopback(true).port(0).add("/ds", store.dataset()).build().start();
        try {
            java.net.URI sparql = java.net.URI.create("http://127.0.0.1:" + fuseki.getHttpPort() + "/ds/sparql");
            Path folder = dir.resolve("remote/sar");
            TrainingSet set = TrainingSet.create("remote", sarQuery(), SparqlSource.endpoint(sparql), folder,
                    SplitRatios.DEFAULT, 42, null);
            assertEquals(40, set.manifest().total());
            assertEquals(sparql.toString(), set.manifest().source());
            org.apache.jena.rdf.model.Model record = org.apache.jena.riot.RDFDataMgr.loadModel(folder.resolve("trainingset.ttl").toString());
            assertTrue(record.contains(record.createResource("https://w3id.org/floe/data/trainingset/remote"),
                    org.apache.jena.vocabulary.RDF.type, dev.floe.ontology.Floe.TrainingSet));
            // the same seed over HTTP gives the same split as in the store
            TrainingSet local = TrainingSet.create("local", sarQuery(), SparqlSource.store(store), dir.resolve("local"),
                    SplitRatios.DEFAULT, 42, null);
            assertEquals(local.samples(Split.TEST).ids(), set.samples(Split.TEST).ids());
        } finally {
            fuseki.stop();
        }
        MlDataException e = assertThrows(MlDataException.class, () -> TrainingSet.create("down", sarQuery(),
                SparqlSource.endpoint(java.net.URI.create("http://127.0.0.1:9/sparql")), dir.resolve("down"), SplitRatios.DEFAULT, 1, null));
        assertTrue(e.getMessage().startsWith("http://127.0.0.1:9/sparql: the query failed"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("down")));
    }
}
