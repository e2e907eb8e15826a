package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.sparql.access.ApiKeys;
import dev.floe.store.GeoStore;

/**
 * The commands a user runs while {@code floe serve} holds the store: the server is started in this JVM as serve starts
 * it and records itself in {@code STORE/server.json} as serve does ({@link ServerRecord}); the read-only commands then
 * go through its HTTP API (the request log shows it) and print what they print on the store itself, {@code load
 * --endpoint} adds through its Graph Store endpoint, and the writing commands refuse, naming the server. (The lock a
 * second process meets is exercised by {@link ServedByAnotherProcessTest}.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the listings are compared before the tests that write run
class BesideServerTest {

    static final String WRITE_KEY = "beside-write-key-0123456789";
    static final String QUERY = "PREFIX floe: <https://w3id.org/floe/ontology#> "
            + "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class "
            + "FILTER(?class IN (floe:TrainingSet, floe:RegisteredModel, floe:ModelVersion)) } GROUP BY ?class ORDER BY ?class";

    @TempDir
    static Path tmp;
    static Path store;
    static GeoStore served;
    static EndpointServer server;
    static ServerRecord record;
    static final List<String> requests = new CopyOnWriteArrayList<>();
    /** What the commands print on the store itself, before the server holds it. */
    static String localQueryText;
    static String localQueryCsv;
    static String localModels;
    static String localModel;
    static String localRuns;
    static String localTrainingSets;
    static String localPredictions;
    static String localPipelines;

    @BeforeAll
    static void serveAStoreWithAModelAndATrainingSet() throws IOException {
        store = MlCommandsTest.storeWithRegisteredModel(tmp);
        localQueryText = ok("query", "--store", store.toString(), QUERY);
        localQueryCsv = ok("query", "--store", store.toString(), "--format", "csv", QUERY);
        localModels = ok("models", "list", "--store", store.toString());
        localModel = ok("models", "show", "icebergs", "--store", store.toString());
        localRuns = ok("models", "runs", "--store", store.toString());
        localTrainingSets = ok("trainingset", "list", "--store", store.toString());
        localPredictions = ok("predict", "--model", "icebergs", "--input", tmp.resolve("patches.json").toString(), "--store",
                store.toString(), "--out", tmp.resolve("local-predictions.nt").toString(), "--quiet");
        Path pipeline = Files.writeString(tmp.resolve("p.yaml"), "pipeline: p\nsteps:\n  a: {kind: shell, with: {script: \"true\"}}\n");
        ok("pipeline", "run", pipeline.toString(), "--store", store.toString(), "--quiet");
        localPipelines = ok("pipeline", "status", "--store", store.toString());
        served = GeoStore.open(store);
        server = EndpointServer.start(served, EndpointConfig.loopback(0).withKeys(ApiKeys.of(WRITE_KEY), ApiKeys.NONE), null,
                requests::add);
        record = ServerRecord.ofThisProcess(server.baseUri(), false, true);
        record.write(served.directory());
    }

    @AfterAll
    static void stop() {
        record.remove(served.directory());
        server.close();
        served.close();
    }

    static String ok(String... args) {
        CommandLineTest.Run run = CommandLineTest.floe(args);
        assertEquals(0, run.exit(), String.join(" ", args) + ": " + run.err());
        return run.out();
    }

    @Test
    @Order(1)
    void queryOnAServedStoreGoesThroughTheServerAndPrintsTheLocalAnswer() {
        requests.clear();
        assertEquals(localQueryText, ok("query", "--store", store.toString(), QUERY));
        assertEquals(localQueryCsv, ok("query", "--store", store.toString(), "--format", "csv", QUERY));
        assertEquals("class,n\r\nhttps://w3id.org/floe/ontology#ModelVersion,1\r\nhttps://w3id.org/floe/ontology#RegisteredModel,1\r\n"
                + "https://w3id.org/floe/ontology#TrainingSet,1\r\n", localQueryCsv);
        assertEquals(2, requests.stream().filter(r -> r.contains("/sparql")).count(), requests.toString());
    }

    @Test
    @Order(1)
    void modelRunTrainingSetAndPipelineListingsOnAServedStorePrintTheLocalListings() {
        requests.clear();
        assertEquals(localModels, ok("models", "list", "--store", store.toString()));
        assertTrue(localModels.contains("icebergs\t1\tchampion=1\tsar-cnn\t"), localModels);
        assertEquals(localModel, ok("models", "show", "icebergs", "--store", store.toString()));
        assertEquals(localRuns, ok("models", "runs", "--store", store.toString()));
        assertEquals(localPipelines, ok("pipeline", "status", "--store", store.toString()));
        assertTrue(localPipelines.startsWith("p\t"), localPipelines);
        assertEquals(2, localRuns.lines().count(), localRuns);
        assertEquals(localTrainingSets, ok("trainingset", "list", "--store", store.toString()));
        assertTrue(localTrainingSets.startsWith("sar\t30 samples\t"), localTrainingSets);
        assertEquals(6, requests.stream().filter(r -> r.contains("/sparql")).count(), requests.toString()); // a run and its steps
    }

    @Test
    void predictionsToAFileBesideAServerAreTheLocalOnesAndLoadThroughItWhilePredictLoadSaysSo() throws IOException {
        Path predictions = tmp.resolve("beside-predictions.nt");
        String patches = tmp.resolve("patches.json").toString();
        assertEquals(localPredictions, ok("predict", "--model", "icebergs", "--input", patches, "--store", store.toString(),
                "--out", predictions.toString(), "--quiet"));
        assertTrue(localPredictions.startsWith("icebergs\t1\t30\t"), localPredictions);

        CommandLineTest.Run direct = CommandLineTest.floe("predict", "--model", "icebergs", "--input", patches, "--store",
                store.toString(), "--load", "--quiet");
        assertEquals(1, direct.exit());
        assertTrue(direct.err().endsWith("; write the predictions to a file without --load (--out FILE.nt), then add them through the "
                + "server: floe load --endpoint " + server.baseUri() + " --api-key KEY FILE.nt\n"), direct.err());

        assertEquals(0, CommandLineTest.floe("load", "--endpoint", server.baseUri().toString(), "--api-key", WRITE_KEY,
                predictions.toString(), "--quiet").exit());
        assertEquals("n\r\n30\r\n", ok("query", "--store", store.toString(), "--format", "csv",
                "SELECT (COUNT(?p) AS ?n) WHERE { ?p a <https://w3id.org/floe/ontology#Prediction> }"));
    }

    @Test
    void aTrainingSetOnAServedStoreIsMadeByTheCommandsTheRefusalNames() {
        String query = MlCommandsTest.SAR_QUERY;
        Path folder = store.resolve("trainingsets").resolve("sar2");
        CommandLineTest.Run refused = CommandLineTest.floe("trainingset", "create", "--store", store.toString(), "--query", query,
                "--name", "sar2", "--seed", "1", "--quiet");
        assertEquals(1, refused.exit());
        String endpointCreate = "floe trainingset create --endpoint " + server.baseUri() + "sparql --out " + folder + " --query " + query
                + " --name sar2";
        String load = "floe load --endpoint " + server.baseUri() + " --api-key KEY " + folder.resolve("trainingset.ttl");
        assertTrue(refused.err().endsWith("; query it through the server, then load the set's RDF through it: " + endpointCreate
                + " (and your other options), then " + load + "\n"), refused.err());

        assertEquals(0, CommandLineTest.floe((endpointCreate.substring("floe ".length()) + " --seed 1 --quiet").split(" ")).exit());
        assertEquals(0, CommandLineTest.floe(load.substring("floe ".length()).replace("KEY", WRITE_KEY).split(" ")).exit());
        String listed = ok("trainingset", "list", "--store", store.toString());
        assertTrue(listed.startsWith(localTrainingSets) && listed.substring(localTrainingSets.length()).startsWith("sar2\t30 samples\t"),
                listed);
    }

    @Test
    void loadThroughTheEndpointAddsTriplesThatAQueryAndASpatialQueryFind() throws IOException {
        Path nt = tmp.resolve("harbour.nt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(nt))) {
            out.write(("<https://example.org/harbour> <http://www.w3.org/2000/01/rdf-schema#label> \"Harbour\" .\n"
                    + "<https://example.org/harbour> <http://www.opengis.net/ont/geosparql#hasDefaultGeometry> <https://example.org/harbour/g> .\n"
                    + "<https://example.org/harbour/g> <http://www.opengis.net/ont/geosparql#asWKT> "
                    + "\"POINT(12.5 41.9)\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> .\n").getBytes(StandardCharsets.UTF_8));
        }
        Path trig = tmp.resolve("note.trig");
        Files.writeString(trig, "<https://example.org/notes> { <https://example.org/harbour> <https://example.org/note> \"busy\" }\n");
        long before = served.size();
        CommandLineTest.Run load = CommandLineTest.floe("load", "--endpoint", server.baseUri().toString(), "--api-key", WRITE_KEY,
                nt.toString(), trig.toString());
        assertEquals(0, load.exit(), load.err());
        assertTrue(load.err().startsWith("load: 4 triples from 2 file(s) in "), load.err());
        assertTrue(load.err().contains("(one transaction per file); the store served at " + server.baseUri() + " now holds "
                + String.format("%,d", before + 4) + " triples"), load.err());

        String spatial = ok("query", "--store", store.toString(), "--format", "csv",
                "PREFIX geo: <http://www.opengis.net/ont/geosparql#> PREFIX geof: <http://www.opengis.net/def/function/geosparql/> "
                        + "SELECT ?f WHERE { ?f geo:sfWithin \"POLYGON((12 41, 13 41, 13 42, 12 42, 12 41))\"^^geo:wktLiteral } ORDER BY ?f");
        assertEquals("f\r\nhttps://example.org/harbour\r\nhttps://example.org/harbour/g\r\n", spatial, "the feature and its geometry");
        assertEquals("_askResult\r\ntrue\r\n", ok("query", "--store", store.toString(), "--format", "csv",
                "ASK { GRAPH <https://example.org/notes> { <https://example.org/harbour> <https://example.org/note> \"busy\" } }"));
    }

    @Test
    void theLoadLineTheDemoPrintsAddsDataToTheServer() throws IOException {
        String line = DemoCommand.EXAMPLES.lines().filter(l -> l.strip().startsWith("./floe load")).findFirst().orElseThrow().strip();
        assertEquals("./floe load --endpoint {BASE} --api-key {KEY} my-data.nt.gz", line);
        Path data = tmp.resolve("my-data.nt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(data))) {
            out.write("<https://example.org/mine> <https://example.org/p> \"mine\" .\n".getBytes(StandardCharsets.UTF_8));
        }
        String[] args = line.substring("./floe ".length()).replace("{BASE}", server.baseUri().toString()).replace("{KEY}", WRITE_KEY)
                .replace("my-data.nt.gz", data.toString()).split(" ");
        assertEquals(0, CommandLineTest.floe(args).exit());
        assertEquals("_askResult\r\ntrue\r\n", ok("query", "--store", store.toString(), "--format", "csv",
                "ASK { <https://example.org/mine> <https://example.org/p> \"mine\" }"));
        assertTrue(DemoCommand.newWriteKey().matches("[0-9a-f]{32}"));
    }

    @Test
    void aFileTheServerRefusesStopsTheLoadNamingItAndTheFilesAddedBeforeIt() throws IOException {
        Path first = Files.writeString(tmp.resolve("first.nt"), "<https://example.org/first> <https://example.org/p> \"1\" .\n");
        Path broken = Files.writeString(tmp.resolve("broken.ttl"), "<https://example.org/broken> <https://example.org/p> \"2\" . <oops\n");
        Path third = Files.writeString(tmp.resolve("third.nt"), "<https://example.org/third> <https://example.org/p> \"3\" .\n");
        CommandLineTest.Run load = CommandLineTest.floe("load", "--endpoint", server.baseUri().toString(), "--api-key", WRITE_KEY,
                first.toString(), broken.toString(), third.toString());
        assertEquals(1, load.exit());
        assertTrue(load.err().startsWith("floe: " + broken + ": the server at " + server.baseUri() + " refused it (HTTP 400: the body "
                + "does not parse: "), load.err());
        assertTrue(load.err().endsWith("(nothing was changed)); added before it: " + first + "\n"), load.err());
        assertEquals("_askResult\r\ntrue\r\n", ok("query", "--store", store.toString(), "--format", "csv",
                "ASK { <https://example.org/first> ?p ?o FILTER NOT EXISTS { <https://example.org/third> ?q ?r } "
                        + "FILTER NOT EXISTS { <https://example.org/broken> ?s ?t } }"));

        Path notGzip = Files.writeString(tmp.resolve("plain.nt.gz"), "<https://example.org/x> <https://example.org/p> \"x\" .\n");
        CommandLineTest.Run gz = CommandLineTest.floe("load", "--endpoint", server.baseUri().toString(), "--api-key", WRITE_KEY,
                notGzip.toString());
        assertEquals(1, gz.exit());
        assertEquals("floe: " + notGzip + ": not a gzip file (Not in GZIP format; nothing was loaded)\n", gz.err());
    }

    @Test
    void loadWithAWrongOrNoKeySaysWhichOptionToGiveAndAddsNothing() throws IOException {
        Path nt = tmp.resolve("one.nt");
        Files.writeString(nt, "<https://example.org/one> <https://example.org/p> \"refused\" .\n");
        long before = served.size();
        CommandLineTest.Run wrong = CommandLineTest.floe("load", "--endpoint", server.baseUri().toString(), "--api-key",
                "not-the-key-0123456789", nt.toString());
        assertEquals(1, wrong.exit());
        assertTrue(wrong.err().startsWith("floe: " + server.baseUri() + ": the server refused the API key given by --api-key (HTTP 401"),
                wrong.err());
        assertTrue(wrong.err().contains("nothing of " + nt + " was added"), wrong.err());
        if (System.getenv(ServerAccess.ENV) == null) {
            CommandLineTest.Run none = CommandLineTest.floe("load", "--endpoint", server.baseUri().toString(), nt.toString());
            assertEquals(1, none.exit());
            assertTrue(none.err().startsWith("floe: " + server.baseUri() + ": the server needs an API key: give --api-key KEY "
                    + "or set FLOE_API_KEY"), none.err());
        }
        assertEquals(before, served.size());
    }

    @Test
    @Order(1)
    void aQueryToAServerNeedingAReadKeySaysWhichOptionToGive() {
        try (EndpointServer closed = EndpointServer.start(served, EndpointConfig.loopback(0)
                .withKeys(ApiKeys.of(WRITE_KEY), ApiKeys.of("beside-read-key-0123456789")))) {
            String sparql = closed.sparqlUri().toString();
            CommandLineTest.Run wrong = CommandLineTest.floe("query", "--endpoint", sparql, "--api-key", "not-the-key-0123456789", QUERY);
            assertEquals(1, wrong.exit());
            assertTrue(wrong.err().startsWith("floe: " + sparql + ": the server refused the API key given by --api-key"), wrong.err());
            assertEquals(localQueryText, ok("query", "--endpoint", sparql, "--api-key", "beside-read-key-0123456789", QUERY));
        }
    }

    @Test
    void writingCommandsOnAServedStoreNameTheServerAndWhatToDo() throws IOException {
        Path nt = tmp.resolve("two.nt");
        Files.writeString(nt, "<https://example.org/two> <https://example.org/p> \"two\" .\n");
        CommandLineTest.Run load = CommandLineTest.floe("load", "--store", store.toString(), nt.toString());
        assertEquals(1, load.exit());
        assertEquals("floe: " + store + ": the store is in use by a floe server (pid " + ProcessHandle.current().pid() + ") at "
                + server.baseUri() + "; load through it: floe load --endpoint " + server.baseUri() + " --api-key KEY " + nt + "\n",
                load.err());

        CommandLineTest.Run alias = CommandLineTest.floe("models", "alias", "icebergs", "staging", "1", "--store", store.toString());
        assertEquals(1, alias.exit());
        assertTrue(alias.err().contains("in use by a floe server (pid " + ProcessHandle.current().pid() + ") at " + server.baseUri()
                + "; change the alias through it (TF Serving's label API): curl -X PUT " + server.baseUri()
                + "v1/models/icebergs/labels/staging -H 'Authorization: Bearer KEY' -d '{\"version\": 1}'"), alias.err());

        CommandLineTest.Run train = CommandLineTest.floe("train", "--store", store.toString(), "--trainingset", "sar", "--model",
                "sar-cnn", "--epochs", "1", "--quiet");
        assertEquals(1, train.exit());
        assertTrue(train.err().contains("in use by a floe server (pid " + ProcessHandle.current().pid() + ") at " + server.baseUri()
                + "; stop that server (Ctrl-C where it runs) and run this command again"), train.err());
        CommandLineTest.Run triplify = CommandLineTest.floe("triplify", "--input",
                CommandLineTest.demoFile("naturalearth/ne_110m_admin_0_countries.json").toString(), "--load", "--store", store.toString());
        assertEquals(1, triplify.exit());
        assertEquals("floe: " + store + ": the store is in use by a floe server (pid " + ProcessHandle.current().pid() + ") at "
                + server.baseUri() + "; write the triples to a file (--out FILE.nt.gz, without --load) and add them through the server: "
                + "floe load --endpoint " + server.baseUri() + " --api-key KEY FILE.nt.gz\n", triplify.err(), "refused before any work");

        assertFalse(served.warnings().stream().anyMatch(w -> w.contains("interrupted")), served.warnings().toString());
    }
}
