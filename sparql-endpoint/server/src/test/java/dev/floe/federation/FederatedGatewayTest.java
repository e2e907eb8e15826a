package dev.floe.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.sparql.resultset.ResultsReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.store.GeoStore;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The gateway with real servers on loopback: floe serving five populated places (the local store member) and an
 * embedded Fuseki holding country boxes in Europe and in the Americas and a sea (with CRS84-prefixed WKT) as
 * three more members; Fuseki counts the requests each dataset receives.
 */
class FederatedGatewayTest {

    static final String P = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX geof: <http://www.opengis.net/def/function/geosparql/> PREFIX floe: <https://w3id.org/floe/ontology#> "
            + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ";
    static final String TTL = "@prefix geo: <http://www.opengis.net/ont/geosparql#> . @prefix floe: <https://w3id.org/floe/ontology#> . "
            + "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix ex: <https://example.org/> . ";
    static final String EUROPE = TTL
            + "ex:italy a floe:Country ; rdfs:label \"Italy\" ; geo:hasDefaultGeometry ex:italy-g . "
            + "ex:italy-g geo:asWKT \"POLYGON ((6 36, 19 36, 19 47.5, 6 47.5, 6 36))\"^^geo:wktLiteral . "
            + "ex:france a floe:Country ; rdfs:label \"France\" ; geo:hasDefaultGeometry ex:france-g . "
            + "ex:france-g geo:asWKT \"POLYGON ((-5 42, 8 42, 8 51, -5 51, -5 42))\"^^geo:wktLiteral . "
            + "ex:norway a floe:Country ; rdfs:label \"Norway\" ; geo:hasDefaultGeometry ex:norway-g . "
            + "ex:norway-g geo:asWKT \"POLYGON ((4 57, 31 57, 31 71, 4 71, 4 57))\"^^geo:wktLiteral . ";
    static final String AMERICAS = TTL
            + "ex:brazil a floe:Country ; rdfs:label \"Brazil\" ; geo:hasDefaultGeometry ex:brazil-g . "
            + "ex:brazil-g geo:asWKT \"POLYGON ((-74 -34, -34 -34, -34 5, -74 5, -74 -34))\"^^geo:wktLiteral . "
            + "ex:canada a floe:Country ; rdfs:label \"Canada\" ; geo:hasDefaultGeometry ex:canada-g . "
            + "ex:canada-g geo:asWKT \"POLYGON ((-141 41, -52 41, -52 83, -141 83, -141 41))\"^^geo:wktLiteral . ";
    static final String SEAS = TTL
            + "ex:med a floe:Sea ; rdfs:label \"Mediterranean Sea\" ; geo:hasDefaultGeometry ex:med-g . "
            + "ex:med-g geo:asWKT \"<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POLYGON ((-6 30, 36 30, 36 46, -6 46, -6 30))\"^^geo:wktLiteral . ";

    /** Places joined to the countries they lie in: a FILTER over two members, evaluated by the gateway. */
    static final String PLACES_IN_COUNTRIES = P + "SELECT ?place ?country WHERE { "
            + "?p a floe:PopulatedPlace ; rdfs:label ?place ; geo:hasDefaultGeometry/geo:asWKT ?pw . "
            + "?c a floe:Country ; rdfs:label ?country ; geo:hasDefaultGeometry/geo:asWKT ?cw . "
            + "FILTER(geof:sfWithin(?pw, ?cw)) } ORDER BY ?place ?country";
    /** Countries meeting a box over the Adriatic given with a CRS84 IRI: only Europe's box can. */
    static final String COUNTRIES_AT_ADRIATIC = P + "SELECT ?country WHERE { "
            + "?c a floe:Country ; rdfs:label ?country ; geo:hasDefaultGeometry/geo:asWKT ?cw . "
            + "FILTER(geof:sfIntersects(?cw, \"<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POLYGON ((12 42, 16 42, 16 45, 12 45, 12 42))\"^^geo:wktLiteral)) } "
            + "ORDER BY ?country";

    /** The write key of the federating server: recomputing summaries is the operator's to ask. */
    static final String OPERATOR_KEY = "operator-key-0123456789abcdef";

    @TempDir
    static Path tmp;
    static GeoStore places;
    static GeoStore all;
    static EndpointServer floe;
    static EndpointServer single;
    static FusekiServer fuseki;
    static final Map<String, AtomicLong> FUSEKI_REQUESTS = new ConcurrentHashMap<>();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        Path placesTtl = dev.floe.store.StoreFixtures.places();
        places = GeoStore.open(tmp.resolve("places"));
        places.load(List.of(placesTtl));
        fuseki = FusekiServer.create().loopback(true).port(0)
                .add("/europe", dataset(EUROPE)).add("/americas", dataset(AMERICAS)).add("/seas", dataset(SEAS))
                .addFilter("/*", (Filter) (request, response, chain) -> {
                    String path = ((HttpServletRequest) request).getRequestURI();
                    FUSEKI_REQUESTS.computeIfAbsent(path.split("/")[1], k -> new AtomicLong()).incrementAndGet();
                    chain.doFilter(request, response);
                })
                .build().start();
        Path federation = tmp.resolve("federation.ttl");
        Files.writeString(federation, "@prefix floe: <https://w3id.org/floe/ontology#> .\n"
                + "[] a floe:FederationMember ; floe:memberName \"places\" ; floe:localStore true .\n"
                + member("europe") + member("americas") + member("seas"));
        floe = EndpointServer.start(places, EndpointConfig.loopback(0).withKeys(dev.floe.sparql.access.ApiKeys.of(OPERATOR_KEY),
                dev.floe.sparql.access.ApiKeys.NONE), Federation.read(federation));
        // the same data in one store, for the equality checks
        all = GeoStore.open(tmp.resolve("all"));
        List<Path> files = new ArrayList<>(List.of(placesTtl));
        for (String[] f : new String[][] {{"europe", EUROPE}, {"americas", AMERICAS}, {"seas", SEAS}}) {
            files.add(Files.writeString(tmp.resolve(f[0] + ".ttl"), f[1]));
        }
        all.load(files);
        single = EndpointServer.start(all, EndpointConfig.loopback(0));
    }

    static String member(String name) {
        return "[] a floe:FederationMember ; floe:memberName \"" + name + "\" ; floe:timeoutSeconds 5 ; floe:sparqlEndpoint <"
                + fusekiUrl(name) + "> .\n";
    }

    static String fusekiUrl(String dataset) {
        return "http://127.0.0.1:" + fuseki.getHttpPort() + "/" + dataset + "/query";
    }

    static Dataset dataset(String turtle) {
        Dataset ds = DatasetFactory.createTxnMem();
        RDFParser.fromString(turtle, Lang.TURTLE).parse(ds);
        return ds;
    }

    @AfterAll
    static void stop() {
        floe.close();
        single.close();
        fuseki.stop();
        places.close();
        all.close();
    }

    @BeforeEach
    void resetFusekiLog() {
        FUSEKI_REQUESTS.clear();
    }

    static HttpResponse<String> post(URI endpoint, String query, String accept) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/sparql-query")
                .header("Accept", accept).POST(HttpRequest.BodyPublishers.ofString(query)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> rows(URI endpoint, String query) throws IOException, InterruptedException {
        HttpResponse<String> r = post(endpoint, query, "application/sparql-results+json");
        assertEquals(200, r.statusCode(), r.body());
        ResultSet rs = ResultsReader.create().lang(ResultSetLang.RS_JSON).build()
                .read(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
        List<String> out = new ArrayList<>();
        while (rs.hasNext()) {
            QuerySolution s = rs.next();
            List<String> cells = new ArrayList<>();
            rs.getResultVars().forEach(v -> cells.add(String.valueOf(s.get(v))));
            out.add(String.join(" | ", cells));
        }
        return out;
    }

    @Test
    void aQueryCannotWidenTheFederationThroughService() throws Exception {
        try (dev.floe.endpoint.ConnectionCounter outsider = new dev.floe.endpoint.ConnectionCounter()) {
            for (String q : List.of("SELECT * { SERVICE <U> { ?s ?p ?o } }",
                    "SELECT * { ?s a floe:Country FILTER EXISTS { SERVICE <U> { ?s ?p ?o } } }",
                    "SELECT * { ?s a floe:Country } ORDER BY (NOT EXISTS { SERVICE <U> { ?s ?p ?o } })",
                    "SELECT * { ?s a floe:Country BIND(EXISTS { SERVICE SILENT <U> { ?s ?p ?o } } AS ?b) }",
                    "SELECT * { SERVICE <" + fusekiUrl("europe") + "> { ?s ?p ?o } }")) {
                String query = P + q.replace("U", outsider.url("/sparql"));
                HttpResponse<String> r = post(floe.federatedUri(), query, "text/csv");
                assertEquals(403, r.statusCode(), query + ": " + r.body());
                assertTrue(r.body().contains("is not on this server's allowlist"), r.body());
            }
            assertEquals(0, outsider.connections(), "the gateway connected to an endpoint no operator named");
        }
    }

    @Test
    void aJoinAcrossMembersAnswersWhatOneStoreHoldingEverythingAnswers() throws Exception {
        List<String> federated = rows(floe.federatedUri(), PLACES_IN_COUNTRIES);
        assertEquals(List.of("Oslo | Norway", "Paris | France", "Rome | Italy", "San Marino | Italy", "Vatican City | Italy"), federated);
        assertEquals(rows(single.sparqlUri(), PLACES_IN_COUNTRIES), federated);
    }

    @Test
    void aFilterSpanningMembersReadsCrs84PrefixedWkt() throws Exception {
        // the sea's WKT starts with the CRS84 IRI: RDF4J's own geof: functions would drop every row (trap 6)
        String q = P + "SELECT ?place WHERE { ?p a floe:PopulatedPlace ; rdfs:label ?place ; geo:hasDefaultGeometry/geo:asWKT ?pw . "
                + "?s a floe:Sea ; geo:hasDefaultGeometry/geo:asWKT ?sw . FILTER(geof:sfWithin(?pw, ?sw)) } ORDER BY ?place";
        assertEquals(List.of("Rome", "San Marino", "Vatican City"), rows(floe.federatedUri(), q));
        assertEquals(rows(single.sparqlUri(), q), rows(floe.federatedUri(), q));
    }

    @Test
    void aConstantGeometryKeepsSpatiallyIrrelevantMembersOutOfTheQuery() throws Exception {
        long americasBefore = floe.gateway().traffic("americas").requests();
        List<String> federated = rows(floe.federatedUri(), COUNTRIES_AT_ADRIATIC);
        assertEquals(List.of("Italy"), federated);
        assertEquals(rows(single.sparqlUri(), COUNTRIES_AT_ADRIATIC), federated);
        // Fuseki's own log: the Americas dataset holds countries too, but its box is far from the Adriatic
        assertEquals(null, FUSEKI_REQUESTS.get("americas"), "requests Fuseki received: " + FUSEKI_REQUESTS);
        assertTrue(FUSEKI_REQUESTS.get("europe").get() > 0);
        assertEquals(americasBefore, floe.gateway().traffic("americas").requests());
    }

    @Test
    void summariesHoldPredicatesClassesAndTheBoundingBox() {
        MemberSummary americas = floe.gateway().summaries().get("americas");
        assertEquals(new org.locationtech.jts.geom.Envelope(-141, -34, -34, 83), americas.bbox());
        assertTrue(americas.classes().contains("https://w3id.org/floe/ontology#Country"));
        assertTrue(americas.predicates().contains("http://www.opengis.net/ont/geosparql#asWKT"));
        MemberSummary seas = floe.gateway().summaries().get("seas");
        assertEquals(new org.locationtech.jts.geom.Envelope(-6, 36, 30, 46), seas.bbox());
        MemberSummary local = floe.gateway().summaries().get("places");
        assertEquals(5 + 1, local.geometries()); // five places and the Italy box of places.ttl
    }

    @Test
    void theFederatedEndpointSpeaksTheSameFormatsAndHealthListsIt() throws Exception {
        HttpResponse<String> csv = post(floe.federatedUri(), COUNTRIES_AT_ADRIATIC, "text/csv");
        assertEquals(200, csv.statusCode());
        assertEquals("country\r\nItaly\r\n", csv.body());
        HttpResponse<String> geojson = post(floe.federatedUri(), P + "SELECT ?country ?cw WHERE { ?c a floe:Country ; rdfs:label ?country ; "
                + "geo:hasDefaultGeometry/geo:asWKT ?cw FILTER(?country = \"Italy\") }", "application/geo+json");
        assertEquals(200, geojson.statusCode());
        assertTrue(geojson.body().contains("\"Polygon\""), geojson.body());
        HttpResponse<String> bad = post(floe.federatedUri(), "SELECT WHERE {", "application/sparql-results+json");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().startsWith("SPARQL syntax error"), bad.body());
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(floe.baseUri().resolve("health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("{\"status\":\"ok\",\"endpoints\":[\"sparql\",\"federated/sparql\"]}\n", health.body());
        HttpResponse<String> plainHealth = HTTP.send(HttpRequest.newBuilder(single.baseUri().resolve("health")).build(), HttpResponse.BodyHandlers.ofString());
        assertFalse(plainHealth.body().contains("federated"));
        assertEquals(404, post(single.federatedUri(), COUNTRIES_AT_ADRIATIC, "text/csv").statusCode());
        HttpResponse<String> members = HTTP.send(HttpRequest.newBuilder(floe.baseUri().resolve("federated/members")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(members.body().contains("\"name\" : \"americas\""), members.body());
        HttpResponse<String> graphs = post(URI.create(floe.federatedUri() + "?default-graph-uri=https://example.org/g"), COUNTRIES_AT_ADRIATIC, "text/csv");
        assertEquals(400, graphs.statusCode());
    }

    @Test
    void summariesAreRecomputedOnDemand() throws Exception {
        java.time.Instant before = floe.gateway().summaries().get("europe").computedAt();
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(floe.baseUri().resolve("federated/members/summaries"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), "making the server query every member needs a write key");
        HttpResponse<String> refreshed = HTTP.send(HttpRequest.newBuilder(floe.baseUri().resolve("federated/members/summaries"))
                .header("X-API-Key", OPERATOR_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertTrue(refreshed.body().contains("\"bbox\" : [ -141.0, -34.0, -34.0, 83.0 ]"), refreshed.body());
        assertTrue(floe.gateway().summaries().get("europe").computedAt().isAfter(before));
    }

    /** A port where nothing listens. */
    static URI deadEndpoint() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort() + "/sparql");
        }
    }

    /** Accepts connections and never answers. */
    static ServerSocket silentServer() throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            List<Socket> held = new ArrayList<>();
            while (!s.isClosed()) {
                try {
                    held.add(s.accept());
                } catch (IOException e) {
                    break;
                }
            }
            held.forEach(c -> {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // test teardown
                }
            });
        }, "silent-member");
        t.setDaemon(true);
        t.start();
        return s;
    }

    static Federation europeAnd(String name, URI other, Duration timeout) {
        return new Federation(List.of(new Member("europe", URI.create(fusekiUrl("europe")), false, Duration.ofSeconds(5), null),
                new Member(name, other, false, timeout, null)), "test");
    }

    @Test
    void aMemberThatIsDownFailsTheQueryNamingItOrIsLeftOutWhenAllowed() throws Exception {
        try (EndpointServer server = EndpointServer.start(places, EndpointConfig.loopback(0),
                europeAnd("gone", deadEndpoint(), Duration.ofSeconds(2)))) {
            assertNotNull(server.gateway().members().get(1).summaryError());
            HttpResponse<String> failed = post(server.federatedUri(), COUNTRIES_AT_ADRIATIC, "text/csv");
            assertEquals(502, failed.statusCode(), failed.body());
            assertTrue(failed.body().startsWith("member 'gone' (http://127.0.0.1:"), failed.body());
            HttpResponse<String> partial = post(URI.create(server.federatedUri() + "?allow-partial=true"), COUNTRIES_AT_ADRIATIC, "text/csv");
            assertEquals(200, partial.statusCode(), partial.body());
            assertEquals("country\r\nItaly\r\n", partial.body());
            String warning = partial.headers().firstValue("Floe-Federation-Warning").orElseThrow();
            assertTrue(warning.startsWith("member 'gone'") && warning.endsWith("its results are left out"), warning);
        }
    }

    @Test
    void healthSaysReadyOnlyOnceTheFederatedGatewayAnswers() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        URI health = URI.create("http://127.0.0.1:" + port + "/health");
        try (ServerSocket silent = silentServer()) {
            // summarising the silent member takes its whole timeout: the server listens meanwhile
            java.util.concurrent.CompletableFuture<EndpointServer> starting = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    EndpointServer.start(places, EndpointConfig.loopback(port),
                            europeAnd("slow", URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/sparql"), Duration.ofSeconds(3))));
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(health).GET().build(), HttpResponse.BodyHandlers.ofString());
                    seen.add(r.statusCode() + " " + r.body().strip());
                    if (r.statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYetListening) {
                    // the port is not bound yet
                }
                Thread.sleep(50);
            }
            try (EndpointServer server = starting.get(60, java.util.concurrent.TimeUnit.SECONDS)) {
                assertTrue(seen.contains("503 {\"status\":\"starting\",\"endpoints\":[\"sparql\"],\"waitingFor\":[\"federated/sparql\"]}"),
                        "not ready while the gateway starts: " + seen);
                assertEquals("200 {\"status\":\"ok\",\"endpoints\":[\"sparql\",\"federated/sparql\"]}", seen.get(seen.size() - 1));
                assertTrue(seen.stream().filter(x -> x.startsWith("200")).count() == 1, "never ready before: " + seen);
                assertEquals(200, HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve("health")).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
            }
        }
    }

    @Test
    void aSlowMemberTimesOutWith504InsteadOfHanging() throws Exception {
        try (ServerSocket silent = silentServer();
             FederatedGateway gateway = FederatedGateway.start(europeAnd("slow", URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/sparql"),
                     Duration.ofMillis(800)), GatewayOptions.defaults());
             EndpointServer server = EndpointServer.start(places, EndpointConfig.loopback(0),
                     europeAnd("slow", URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/sparql"), Duration.ofMillis(800)))) {
            MemberFailureException e = org.junit.jupiter.api.Assertions.assertThrows(MemberFailureException.class,
                    () -> gateway.query(COUNTRIES_AT_ADRIATIC, false));
            assertEquals(List.of("slow"), e.members());
            assertTrue(e.timedOut());
            assertTrue(e.getMessage().contains("no answer within 0.8 s"), e.getMessage());
            HttpResponse<String> timedOut = post(server.federatedUri(), COUNTRIES_AT_ADRIATIC, "text/csv");
            assertEquals(504, timedOut.statusCode(), timedOut.body());
            FederatedResult partial = gateway.query(COUNTRIES_AT_ADRIATIC, true);
            assertEquals(1, partial.rows().size());
            assertTrue(partial.partial());
        }
    }

    @Test
    void aMembersKeyIsSentAsBearerTokenAndAWrongOneNamesTheMember() throws Exception {
        String key = "federation-test-key-0123456789";
        String names = P + "SELECT ?place WHERE { ?p a floe:PopulatedPlace ; rdfs:label ?place } ORDER BY ?place";
        try (EndpointServer guarded = EndpointServer.start(places,
                EndpointConfig.loopback(0).withKeys(dev.floe.sparql.access.ApiKeys.NONE, dev.floe.sparql.access.ApiKeys.of(key)));
             FederatedGateway withKey = FederatedGateway.start(new Federation(List.of(
                     new Member("guarded", guarded.sparqlUri(), false, Duration.ofSeconds(5), key)), "test"), GatewayOptions.defaults());
             FederatedGateway without = FederatedGateway.start(new Federation(List.of(
                     new Member("guarded", guarded.sparqlUri(), false, Duration.ofSeconds(5), null)), "test"), GatewayOptions.defaults())) {
            assertEquals(5, withKey.query(names, false).rows().size());
            MemberFailureException e = org.junit.jupiter.api.Assertions.assertThrows(MemberFailureException.class,
                    () -> without.query(names, false));
            assertTrue(e.getMessage().startsWith("member 'guarded' (" + guarded.sparqlUri() + ") failed: it answered HTTP 401"), e.getMessage());
            assertFalse(e.timedOut());
        }
    }

    @Test
    void aWriteToTheLocalStoreIsNeverHiddenByItsOldSummary() throws Exception {
        String writeKey = "federation-write-key-0123456789";
        String shelves = P + "SELECT ?name WHERE { ?s a floe:IceShelf ; rdfs:label ?name }";
        String ross = P + "SELECT ?s WHERE { ?s rdfs:label \"Ross\" }";
        try (GeoStore mine = GeoStore.open(tmp.resolve("mine"));
             EndpointServer server = EndpointServer.start(mine, EndpointConfig.loopback(0).withKeys(
                     dev.floe.sparql.access.ApiKeys.of(writeKey), dev.floe.sparql.access.ApiKeys.NONE),
                     new Federation(List.of(new Member("mine", null, true, Duration.ofSeconds(5), null),
                             new Member("europe", URI.create(fusekiUrl("europe")), false, Duration.ofSeconds(5), null)), "test"))) {
            mine.load(List.of(dev.floe.store.StoreFixtures.places()));
            server.gateway().refreshSummaries();
            assertEquals(List.of(), rows(server.federatedUri(), shelves));
            assertEquals(List.of(), rows(server.federatedUri(), ross)); // FedX asks both members and caches their "no"
            assertFalse(server.gateway().summaries().get("mine").classes().contains("https://w3id.org/floe/ontology#IceShelf"));
            HttpResponse<String> insert = HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve("update"))
                    .header("Content-Type", "application/sparql-update").header("Authorization", "Bearer " + writeKey)
                    .POST(HttpRequest.BodyPublishers.ofString(P + "INSERT DATA { <https://example.org/ross> a floe:IceShelf ; rdfs:label \"Ross\" }"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(insert.statusCode() < 300, insert.body());
            // at once: neither the old summary (no ice shelves) nor FedX's cached ASK answers hide the new shelf
            assertEquals(List.of("Ross"), rows(server.federatedUri(), shelves));
            assertEquals(List.of("https://example.org/ross"), rows(server.federatedUri(), ross));
            for (int i = 0; i < 100 && server.gateway().summaries().get("mine") == null; i++) {
                Thread.sleep(50);
            }
            assertTrue(server.gateway().summaries().get("mine").classes().contains("https://w3id.org/floe/ontology#IceShelf"));
            assertEquals(List.of("Ross"), rows(server.federatedUri(), shelves));
        }
    }

    @Test
    void aMemberThatCapsResultsIsNeverPrunedOnAPartialSummary() throws Exception {
        // a floe server answering at most 2 rows: places.ttl has 5 predicates and 6 geometries
        try (EndpointServer capped = EndpointServer.start(places, EndpointConfig.loopback(0).withLimits(EndpointConfig.DEFAULT_MAX_REQUEST_BYTES, 2));
             FederatedGateway gateway = FederatedGateway.start(new Federation(List.of(
                     new Member("capped", capped.sparqlUri(), false, Duration.ofSeconds(5), null)), "test"), GatewayOptions.defaults())) {
            MemberStatus status = gateway.members().get(0);
            assertEquals(null, status.summary());
            assertTrue(status.summaryError().startsWith("it listed 2 of its "), status.summaryError());
            assertTrue(status.summaryError().endsWith(" predicates (does it cap result sets?)"), status.summaryError());
        }
    }

    @Test
    void theServersRowCapAppliesToTheFederatedAnswerNotToTheGatewaysOwnSubQueries() throws Exception {
        String count = "PREFIX floe: <https://w3id.org/floe/ontology#> SELECT (COUNT(?p) AS ?n) WHERE { ?p a floe:PopulatedPlace }";
        String list = "PREFIX floe: <https://w3id.org/floe/ontology#> SELECT ?p WHERE { ?p a floe:PopulatedPlace }";
        Path file = Files.writeString(tmp.resolve("capped-federation.ttl"), "@prefix floe: <https://w3id.org/floe/ontology#> .\n"
                + "[] a floe:FederationMember ; floe:memberName \"places\" ; floe:localStore true .\n" + member("seas"));
        try (EndpointServer capped = EndpointServer.start(places, EndpointConfig.loopback(0)
                .withLimits(EndpointConfig.DEFAULT_MAX_REQUEST_BYTES, 2), Federation.read(file))) {
            assertEquals(2, rows(capped.sparqlUri(), list).size(), "clients of /sparql get at most 2 rows");
            List<String> all = rows(single.sparqlUri(), count);
            assertTrue(Integer.parseInt(all.get(0).replaceAll("\"?\\^\\^.*", "").replace("\"", "")) > 2, all.toString());
            assertEquals(all, rows(capped.federatedUri(), count), "the gateway counts every place of its local member");
            assertEquals(2, rows(capped.federatedUri(), list).size(), "and caps what it answers");
            HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(capped.sparqlUri()).header("Content-Type", "application/sparql-query")
                    .header("Accept", "text/csv").header(FederatedGateway.LOCAL_MEMBER_HEADER, "not-the-token")
                    .POST(HttpRequest.BodyPublishers.ofString(list)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(3, forged.body().strip().lines().count(), "a wrong token is an ordinary client: " + forged.body());
        }
    }

    static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
