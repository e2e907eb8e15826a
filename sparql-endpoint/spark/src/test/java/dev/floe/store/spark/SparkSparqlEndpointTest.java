package dev.floe.store.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.ResultSetMgr;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floe.sparql.access.ApiKeys;
import dev.floe.sparql.QueryAnswer;
import dev.floe.sparql.ResultFormat;

/**
 * {@code floe serve --engine spark}: the SPARQL 1.1 Protocol over the Spark engine on a loopback port answers as the
 * TDB2 store does for the same data, in the same formats, and refuses what it cannot do with a plain-text 4xx.
 */
class SparkSparqlEndpointTest {

    static final String PREFIXES = SparkSparqlEngineTest.PREFIXES;

    /** Places, one on two borders, and two countries (the precomputed relations' data). */
    static final String DATA = PrecomputedRelationsTest.DATA;

    static final String PLACES_IN_CROATIA = PREFIXES + """
            SELECT ?name ?wkt WHERE {
              ?p a ex:Place ; rdfs:label ?name ; geo:hasDefaultGeometry/geo:asWKT ?wkt .
              ex:croatia geo:hasDefaultGeometry/geo:asWKT ?area .
              FILTER(geof:sfWithin(?wkt, ?area))
            } ORDER BY ?name""";

    static final String READ_KEY = "spark-read-key-0123456789";

    @TempDir
    static Path tmp;
    static BothStores stores;
    static SparkSparqlEndpoint open;
    static SparkSparqlEndpoint keyed;
    static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        stores = BothStores.load("floe-spark-endpoint-test", RDFParser.fromString(DATA, Lang.TURTLE).toDatasetGraph(), tmp);
        PrintStream log = new PrintStream(LOG, true, StandardCharsets.UTF_8);
        open = SparkSparqlEndpoint.start(stores.engine(), "file:/store", new InetSocketAddress("127.0.0.1", 0), ApiKeys.NONE, 2, log);
        keyed = SparkSparqlEndpoint.start(stores.engine(), "file:/store", new InetSocketAddress("127.0.0.1", 0),
                ApiKeys.of(READ_KEY), 2, log);
    }

    @AfterAll
    static void stop() {
        open.close();
        keyed.close();
        stores.close();
    }

    static HttpResponse<String> get(SparkSparqlEndpoint endpoint, String query, String accept, String extra) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(endpoint.uri() + "?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8) + (extra == null ? "" : "&" + extra)));
        if (accept != null) {
            r.header("Accept", accept);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(open.uri().resolve(path).toString()))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The TDB2 store's answer to a SELECT written by the TDB2 endpoint's writer, in {@code format}. */
    static String onTdb(String query, ResultFormat format) {
        return Txn.calculateRead(stores.tdb().dataset(), () -> {
            try (QueryExecution qe = QueryExecution.dataset(stores.tdb().dataset()).query(query).build()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                QueryAnswer.select(qe.execSelect()).write(out, format, null);
                return out.toString(StandardCharsets.UTF_8);
            }
        });
    }

    static void assertPlainText(int status, HttpResponse<String> r, String expectedPart) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("text/plain; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.body().contains(expectedPart), r.body());
    }

    @Test
    void selectAnswersByteForByteAsTheTdb2StoreInEachResultFormat() throws Exception {
        for (ResultFormat f : List.of(ResultFormat.JSON, ResultFormat.XML, ResultFormat.CSV, ResultFormat.TSV)) {
            HttpResponse<String> r = get(open, PLACES_IN_CROATIA, f.mediaType(), null);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(f.mediaType() + "; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
            assertEquals(onTdb(PLACES_IN_CROATIA, f), r.body(), f.name());
        }
        String csv = get(open, PLACES_IN_CROATIA, null, "format=csv").body();
        assertEquals("name,wkt\r\nSplit,POINT(16.44 43.51)\r\nZagreb,POINT(15.97 45.81)\r\n", csv);
    }

    @Test
    void noAcceptHeaderGivesSparqlJsonAndQualityValuesChoose() throws Exception {
        HttpResponse<String> none = get(open, PLACES_IN_CROATIA, null, null);
        assertEquals("application/sparql-results+json; charset=utf-8", none.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<String> weighted = get(open, PLACES_IN_CROATIA, "application/sparql-results+json;q=0.5, text/csv", null);
        assertEquals("text/csv; charset=utf-8", weighted.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<String> any = get(open, "ASK { ?s ?p ?o }", "*/*", null);
        assertEquals("application/sparql-results+json; charset=utf-8", any.headers().firstValue("Content-Type").orElse(""));
        assertTrue(any.body().contains("\"boolean\" : true"), any.body());
    }

    @Test
    void geoJsonHasOneFeatureWithItsGeometryPerSolution() throws Exception {
        HttpResponse<String> r = get(open, PLACES_IN_CROATIA, null, "format=geojson&geometry=wkt");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/geo+json; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode features = new ObjectMapper().readTree(r.body()).get("features");
        assertEquals(2, features.size());
        assertEquals("Split", features.get(0).get("properties").get("name").asText());
        assertEquals("Point", features.get(0).get("geometry").get("type").asText());
        assertEquals(16.44, features.get(0).get("geometry").get("coordinates").get(0).asDouble());
        assertEquals(43.51, features.get(0).get("geometry").get("coordinates").get(1).asDouble());
        assertEquals(onTdb(PLACES_IN_CROATIA, ResultFormat.GEOJSON), r.body());
    }

    @Test
    void constructAnswersTheTdb2StoresGraphInTheAcceptedSyntax() throws Exception {
        String construct = PREFIXES + "CONSTRUCT { ?p ex:inCroatia true } WHERE { ?p a ex:Place ; geo:hasDefaultGeometry/geo:asWKT ?w . "
                + "ex:croatia geo:hasDefaultGeometry/geo:asWKT ?a FILTER(geof:sfWithin(?w, ?a)) }";
        HttpResponse<String> r = get(open, construct, "text/turtle", null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("text/turtle; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        Model got = ModelFactory.createDefaultModel();
        RDFDataMgr.read(got, new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)), Lang.TURTLE);
        Model expected = Txn.calculateRead(stores.tdb().dataset(), () -> {
            try (QueryExecution qe = QueryExecution.dataset(stores.tdb().dataset()).query(construct).build()) {
                return qe.execConstruct();
            }
        });
        assertEquals(2, got.size());
        assertTrue(got.isIsomorphicWith(expected));
        HttpResponse<String> nt = get(open, construct, null, "format=nt");
        assertEquals("application/n-triples; charset=utf-8", nt.headers().firstValue("Content-Type").orElse(""));
        assertEquals(2, nt.body().lines().count());
    }

    @Test
    void postedFormsAndQueryBodiesAnswerAsGet() throws Exception {
        String expected = onTdb(PLACES_IN_CROATIA, ResultFormat.JSON);
        HttpResponse<String> form = post("/sparql", "application/x-www-form-urlencoded",
                "query=" + URLEncoder.encode(PLACES_IN_CROATIA, StandardCharsets.UTF_8));
        assertEquals(expected, form.body());
        HttpResponse<String> body = post("/sparql", "application/sparql-query; charset=utf-8", PLACES_IN_CROATIA);
        assertEquals(expected, body.body());
    }

    @Test
    void whatTheEngineCannotDoIsA400NamingIt() throws Exception {
        assertPlainText(400, get(open, "DESCRIBE <http://example.org/zagreb>", null, null), "DESCRIBE");
        assertPlainText(400, get(open, "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", null, null), "FROM");
        assertPlainText(400, get(open, "SELECT * WHERE { ?s ?p ?o }", null, "default-graph-uri=http%3A%2F%2Fx%2Fg"),
                "default-graph-uri");
        assertPlainText(400, get(open, "SELECT * WHERE { ?s ?p ", null, null), "SPARQL syntax error");
        assertPlainText(400, get(open, PLACES_IN_CROATIA, null, "format=png"), "unknown format 'png'");
        assertPlainText(400, get(open, PLACES_IN_CROATIA, null, "geometry=nothing"), "geometry=nothing is not a variable");
        assertPlainText(400, get(open, PLACES_IN_CROATIA, null, "query=x"), "given 2 times");
        assertPlainText(400, post("/sparql", "application/sparql-update", "INSERT DATA { <a:b> <a:c> <a:d> }"),
                "SPARQL Update is not accepted here");
        assertPlainText(400, post("/sparql", "application/x-www-form-urlencoded", "update=CLEAR%20ALL"),
                "SPARQL Update is not accepted here");
        assertPlainText(400, post("/sparql", "application/x-www-form-urlencoded", ""), "missing query");
        assertPlainText(406, get(open, PLACES_IN_CROATIA, "image/png", null), "none of the accepted media types");
        assertPlainText(406, get(open, "ASK { ?s ?p ?o }", null, "format=geojson"), "GeoJSON results are for SELECT queries");
        assertPlainText(415, post("/sparql", "text/plain", PLACES_IN_CROATIA), "unsupported request body type 'text/plain'");
        assertPlainText(413, post("/sparql", "application/sparql-query", "#".repeat(SparkSparqlEndpoint.MAX_BODY + 1)),
                "larger than");
        assertPlainText(404, HTTP.send(HttpRequest.newBuilder(open.uri().resolve("/update")).build(),
                HttpResponse.BodyHandlers.ofString()), "no such resource: /update");
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(open.uri()).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertPlainText(405, put, "method PUT not allowed");
        assertEquals("GET, POST", put.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void aQueryBeyondTheRunningSlotsIsA503() throws Exception {
        open.slots.acquireUninterruptibly(2);
        try {
            HttpResponse<String> r = get(open, "ASK { ?s ?p ?o }", null, null);
            assertPlainText(503, r, "every query slot");
            assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
        } finally {
            open.slots.release(2);
        }
        assertEquals(200, get(open, "ASK { ?s ?p ?o }", null, null).statusCode());
    }

    @Test
    void readKeysCloseTheEndpointButNotHealth() throws Exception {
        HttpResponse<String> none = get(keyed, "ASK { ?s ?p ?o }", null, null);
        assertPlainText(401, none, "needs a read key");
        assertEquals("Bearer realm=\"floe\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
        HttpRequest wrong = HttpRequest.newBuilder(URI.create(keyed.uri() + "?query=ASK%7B%7D"))
                .header("Authorization", "Bearer not-the-key-0123456789").build();
        assertPlainText(401, HTTP.send(wrong, HttpResponse.BodyHandlers.ofString()), "not a read key");
        for (String header : List.of("Authorization", "X-API-Key")) {
            HttpRequest ok = HttpRequest.newBuilder(URI.create(keyed.uri() + "?query=ASK%7B%7D"))
                    .header(header, (header.equals("Authorization") ? "Bearer " : "") + READ_KEY).build();
            assertEquals(200, HTTP.send(ok, HttpResponse.BodyHandlers.ofString()).statusCode(), header);
        }
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(keyed.uri().resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertEquals("{\"status\":\"ok\",\"engine\":\"spark\",\"endpoints\":[\"sparql\"],\"store\":\"file:/store\"}\n", health.body());
    }

    @Test
    void withoutReadKeysOnlyALoopbackAddressIsServed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkSparqlEndpoint.start(
                stores.engine(), "s", new InetSocketAddress("0.0.0.0", 0), ApiKeys.NONE, 1, System.err));
        assertTrue(e.getMessage().contains("needs --read-keys FILE"), e.getMessage());
    }

    @Test
    void everyRequestIsLoggedWithItsStatus() throws Exception {
        get(open, "ASK { ?s ?p ?o }", null, null);
        assertTrue(LOG.toString(StandardCharsets.UTF_8).contains("GET /sparql -> 200 ("), LOG.toString(StandardCharsets.UTF_8));
    }

    @Test
    void serveRefusesBadOptionsBeforeListening() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, SparkStoreJob.run(stores.spark(), new String[] {"serve", "--port", "8080"}, System.out, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("serve needs --store URI"), err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, SparkStoreJob.run(stores.spark(), new String[] {"serve", "--store", "x", "--port", "http"}, System.out, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--port must be a whole number from 0 to 65535, not http"),
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        Path keys = tmp.resolve("keys.txt");
        Files.writeString(keys, "short\n");
        assertEquals(2, SparkStoreJob.run(stores.spark(), new String[] {"serve", "--store", "x", "--read-keys", keys.toString()},
                System.out, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("keys.txt: line 1: the key is shorter than 16 characters"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void jsonAnswersParseBackToTheTdb2StoresRows() throws Exception {
        HttpResponse<String> r = get(open, PLACES_IN_CROATIA, "application/sparql-results+json", null);
        List<String> rows = Answers.rows(ResultSetMgr.read(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)),
                ResultSetLang.RS_JSON));
        assertEquals(stores.onTdb(PLACES_IN_CROATIA), rows);
    }
}
