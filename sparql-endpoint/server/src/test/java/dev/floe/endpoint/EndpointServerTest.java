package dev.floe.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.sparql.resultset.ResultsReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.store.GeoStore;

/** A real server on a free loopback port over a real TDB2 store. */
class EndpointServerTest {

    static final String PREFIXES = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX geof: <http://www.opengis.net/def/function/geosparql/> "
            + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX floe: <https://w3id.org/floe/ontology#> ";
    static final String WITHIN = PREFIXES + "SELECT ?name WHERE { ?p geo:sfWithin <https://example.org/italyBox> ; "
            + "a floe:PopulatedPlace ; rdfs:label ?name } ORDER BY ?name";

    @TempDir
    static Path tmp;
    static GeoStore store;
    static EndpointServer server;
    static EndpointServer impatientServer;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        store = GeoStore.open(tmp.resolve("store"));
        store.load(List.of(dev.floe.store.StoreFixtures.places()));
        server = EndpointServer.start(store, EndpointConfig.loopback(0));
        impatientServer = EndpointServer.start(store, EndpointConfig.loopback(0).withQueryTimeout(Duration.ofMillis(50)));
    }

    @AfterAll
    static void stop() {
        server.close();
        impatientServer.close();
        store.close();
    }

    static HttpResponse<String> get(EndpointServer s, String query, String accept) throws IOException, InterruptedException {
        URI uri = URI.create(s.sparqlUri() + "?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(uri).header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> names(HttpResponse<String> response, Lang lang) {
        ResultSet rs = ResultsReader.create().lang(lang).read(
                new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
        List<String> out = new ArrayList<>();
        rs.forEachRemaining(r -> out.add(r.getLiteral("name").getString()));
        return out;
    }

    @Test
    void aClientOfferingCleartextHttp2GetsAPlainHttp11AnswerWithAllItsHeaders() throws Exception {
        // the JDK's default client offers "Upgrade: h2c" with every GET; Grizzly 4.0.2 then dropped Content-Type
        HttpClient offering = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        URI uri = URI.create(server.sparqlUri() + "?query=" + URLEncoder.encode("SELECT ?name WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> ?name } LIMIT 1", StandardCharsets.UTF_8));
        for (int i = 0; i < 2; i++) { // twice: the connection stays usable
            HttpResponse<String> r = offering.send(HttpRequest.newBuilder(uri).header("Accept", "text/csv").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals(HttpClient.Version.HTTP_1_1, r.version());
            assertEquals("text/csv;charset=utf-8", r.headers().firstValue("Content-Type").orElse("none").toLowerCase(java.util.Locale.ROOT));
            assertTrue(r.body().startsWith("name\r\n"), r.body());
        }
        // and in a raw exchange, as curl --http2 sends it
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/csv\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 200", head, "no 101 Switching Protocols");
        }
    }

    @Test
    void badArgumentsOfASpatialPropertyFunctionAre400WithAPlainMessage() throws Exception {
        HttpResponse<String> r = get(server, "PREFIX spatial: <http://jena.apache.org/spatial#> "
                + "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
                + "SELECT ?f WHERE { ?f spatial:nearbyGeom (\"POINT(12 42)\"^^geo:wktLiteral) }", "text/csv");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
        assertTrue(!r.body().contains("<html") && !r.body().contains("\tat "), r.body());
    }

    @Test
    void aPropertyFunctionRelatingAFeatureOfANamedGraphFromTheDefaultGraphIs400SayingWhereToPutIt() throws Exception {
        store.update(org.apache.jena.update.UpdateFactory.create(PREFIXES + "INSERT DATA { GRAPH <https://example.org/regions> { "
                + "<https://example.org/lazio> geo:hasDefaultGeometry <https://example.org/lazio-g> . <https://example.org/lazio-g> "
                + "geo:asWKT \"POLYGON((11 41, 14 41, 14 43, 11 43, 11 41))\"^^geo:wktLiteral } }"));
        try {
            HttpResponse<String> r = get(server, PREFIXES + "SELECT ?p WHERE { ?p geo:sfWithin <https://example.org/lazio> }", "text/csv");
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
            assertTrue(r.body().contains("<https://example.org/lazio> has no geometry in the default graph")
                    && r.body().contains("GRAPH <urn:x-arq:UnionGraph>") && !r.body().contains("\tat "), r.body());
            // over the merge of both graphs it answers: Rome and the Vatican lie in the region
            HttpResponse<String> merged = get(server, PREFIXES + "SELECT ?name FROM <urn:x-arq:DefaultGraph> FROM <https://example.org/regions> "
                    + "WHERE { ?p geo:sfWithin <https://example.org/lazio> ; rdfs:label ?name } ORDER BY ?name", "text/csv");
            assertEquals(200, merged.statusCode(), merged.body());
            assertEquals("name\r\nRome\r\nVatican City\r\n", merged.body());
        } finally {
            store.update(org.apache.jena.update.UpdateFactory.create("DROP GRAPH <https://example.org/regions>"));
        }
    }

    @Test
    void bindsToLoopbackOnly() throws Exception {
        assertEquals("127.0.0.1", server.baseUri().getHost());
        // what the kernel says the listening socket is bound to, not what the server says it asked for
        assertEquals(List.of("127.0.0.1"), listeningAddresses(server.port()));
    }

    @Test
    void theBindingCheckReadsTheKernelsAddress() throws Exception {
        try (java.net.ServerSocket other = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.2"))) {
            assertEquals(List.of("127.0.0.2"), listeningAddresses(other.getLocalPort()));
        }
        assertEquals(List.of(), listeningAddresses(1), "nothing listens on port 1");
    }

    /** The local addresses of the IPv4 sockets listening on {@code port}, from Linux's /proc/net/tcp. */
    static List<String> listeningAddresses(int port) throws java.io.IOException {
        List<String> out = new ArrayList<>();
        List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/tcp"));
        for (String line : lines.subList(1, lines.size())) {
            // sl local_address rem_address st ...: "0100007F:1F90 00000000:0000 0A" (hex, little-endian address)
            String[] f = line.strip().split("\\s+");
            String[] local = f[1].split(":");
            if (Integer.parseInt(local[1], 16) == port && f[3].equals("0A")) {
                long a = Long.parseLong(local[0], 16);
                out.add((a & 0xff) + "." + (a >> 8 & 0xff) + "." + (a >> 16 & 0xff) + "." + (a >> 24 & 0xff));
            }
        }
        return out;
    }

    @Test
    void getWithQueryParameterAnswersSparqlJson() throws Exception {
        HttpResponse<String> r = get(server, WITHIN, "application/sparql-results+json");
        assertEquals(200, r.statusCode());
        assertEquals("application/sparql-results+json;charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(List.of("Rome", "San Marino", "Vatican City"), names(r, ResultSetLang.RS_JSON));
    }

    @Test
    void postedFormAndPostedQueryGiveTheSameAnswer() throws Exception {
        HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(server.sparqlUri())
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/sparql-results+xml")
                .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(WITHIN, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, form.statusCode());
        assertEquals(List.of("Rome", "San Marino", "Vatican City"), names(form, ResultSetLang.RS_XML));

        HttpResponse<String> direct = HTTP.send(HttpRequest.newBuilder(server.sparqlUri())
                .header("Content-Type", "application/sparql-query").header("Accept", "text/tab-separated-values")
                .POST(HttpRequest.BodyPublishers.ofString(WITHIN)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, direct.statusCode());
        assertEquals("?name\n\"Rome\"\n\"San Marino\"\n\"Vatican City\"\n", direct.body());
    }

    @Test
    void csvAndFilterFunctionsWork() throws Exception {
        String q = PREFIXES + "SELECT ?name WHERE { ?p a floe:PopulatedPlace ; rdfs:label ?name ; geo:hasDefaultGeometry/geo:asWKT ?w . "
                + "FILTER(geof:sfIntersects(?w, \"POLYGON((12.4 41.8, 12.6 41.8, 12.6 42, 12.4 42, 12.4 41.8))\"^^geo:wktLiteral)) } ORDER BY ?name";
        HttpResponse<String> r = get(server, q, "text/csv");
        assertEquals(200, r.statusCode());
        assertEquals("name\r\nRome\r\nVatican City\r\n", r.body());
    }

    @Test
    void askAnswersABoolean() throws Exception {
        HttpResponse<String> r = get(server, PREFIXES + "ASK { <https://example.org/oslo> geo:sfWithin <https://example.org/italyBox> }",
                "application/sparql-results+json");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().replaceAll("\\s", "").contains("\"boolean\":false"), r.body());
    }

    @Test
    void constructAnswersInTheNegotiatedRdfSyntax() throws Exception {
        String q = PREFIXES + "CONSTRUCT { ?p rdfs:label ?name } WHERE { ?p geo:sfWithin <https://example.org/italyBox> ; "
                + "a floe:PopulatedPlace ; rdfs:label ?name }";
        for (String[] c : new String[][] {{"text/turtle", "TTL"}, {"application/n-triples", "N-TRIPLES"}, {"application/ld+json", "JSON-LD"}}) {
            HttpResponse<String> r = get(server, q, c[0]);
            assertEquals(200, r.statusCode(), c[0]);
            assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith(c[0]));
            Model m = ModelFactory.createDefaultModel();
            RDFDataMgr.read(m, new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)), RDFLanguagesByName.of(c[1]));
            assertEquals(3, m.size(), c[0]);
            assertTrue(m.contains(m.getResource("https://example.org/vatican"), null, "Vatican City"), c[0]);
        }
    }

    @Test
    void syntaxErrorIs400WithTheParserMessage() throws Exception {
        HttpResponse<String> r = get(server, "SELECT ?x WHERE { ?x ?y }", "application/sparql-results+json");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().startsWith("SPARQL syntax error: Encountered \" \"}\" \"} \"\" at line 1, column 25."), r.body());
    }

    @Test
    void missingQueryIs400() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(server.sparqlUri()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        assertTrue(r.body().startsWith("missing query"), r.body());
    }

    @Test
    void unsupportedAcceptIs406() throws Exception {
        HttpResponse<String> r = get(server, WITHIN, "image/png");
        assertEquals(406, r.statusCode());
        assertTrue(r.body().contains("application/sparql-results+json"), r.body());
    }

    @Test
    void formatParameterOverridesAccept() throws Exception {
        URI uri = URI.create(server.sparqlUri() + "?format=csv&query=" + URLEncoder.encode(WITHIN, StandardCharsets.UTF_8));
        HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertEquals("name\r\nRome\r\nSan Marino\r\nVatican City\r\n", ok.body());
    }

    @Test
    void aQueryPastTheTimeoutIs503() throws Exception {
        String q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }";
        HttpResponse<String> r = get(impatientServer, q, "application/sparql-results+json");
        assertEquals(503, r.statusCode());
        assertTrue(r.body().startsWith("query cancelled: it ran longer than the"), r.body());
        // the server goes on answering
        assertEquals(200, get(impatientServer, "ASK {}", "application/sparql-results+json").statusCode());
    }

    /** Jena languages by name, for the parameterised CONSTRUCT check. */
    static final class RDFLanguagesByName {
        static Lang of(String name) {
            return org.apache.jena.riot.RDFLanguages.nameToLang(name);
        }
    }
}
