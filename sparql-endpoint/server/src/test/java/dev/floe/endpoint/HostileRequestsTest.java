package dev.floe.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.sparql.access.ApiKeys;
import dev.floe.store.GeoStore;

/**
 * A few hundred malformed, hostile or absurd requests, generated: each is answered with a 4xx (or a 2xx where the
 * request is valid after all) in plain text, never a 5xx, an HTML page or a stack trace; none changes the store,
 * none makes the server connect anywhere, and the store opens cleanly afterwards.
 */
class HostileRequestsTest {

    static final String KEY = "hostile-key-0123456789abcdef";
    static final String P = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX geof: <http://www.opengis.net/def/function/geosparql/> "
            + "PREFIX uom: <http://www.opengis.net/def/uom/OGC/1.0/> PREFIX text: <http://jena.apache.org/text#> "
            + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ";
    static final String PT = "\"POINT (1 1)\"^^geo:wktLiteral";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path tmp;
    static GeoStore store;
    static EndpointServer server;
    static ConnectionCounter remote;
    static long size;

    @BeforeAll
    static void start() throws Exception {
        store = GeoStore.open(tmp.resolve("store"));
        store.load(List.of(dev.floe.store.StoreFixtures.places()));
        size = store.size();
        server = EndpointServer.start(store, EndpointConfig.loopback(0).withKeys(ApiKeys.of(KEY), ApiKeys.NONE)
                .withLimits(1 << 20, 0));
        remote = new ConnectionCounter();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        store.close();
        remote.close();
    }

    /** One request and what may come back: the allowed statuses (a 5xx never is). */
    record Case(String name, HttpRequest request, String raw, List<Integer> allowed) {
        Case(String name, HttpRequest request, List<Integer> allowed) {
            this(name, request, null, allowed);
        }
    }

    /** A request line Java's HTTP client refuses to send (malformed percent-encoding), sent over a plain socket. */
    static Case raw(String name, String pathAndQuery, List<Integer> allowed) {
        return new Case(name, null, "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", allowed);
    }

    /** Status, Content-Type and body of a raw exchange. */
    static String[] exchange(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String head = answer.substring(0, end);
            String type = head.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:"))
                    .map(l -> l.substring(13).strip()).findFirst().orElse("");
            return new String[] {head.split(" ")[1], type, answer.substring(end + 4)};
        }
    }

    static HttpRequest.Builder at(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)).timeout(Duration.ofSeconds(60));
    }

    static HttpRequest query(String text) {
        return at("/sparql").header("Content-Type", "application/sparql-query").header("Accept", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(text)).build();
    }

    static HttpRequest update(String text) {
        return at("/update").header("Content-Type", "application/sparql-update").header("X-API-Key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString(text)).build();
    }

    static HttpRequest upload(String type, String body) {
        return at("/data?graph=https://example.org/upload").header("Content-Type", type).header("X-API-Key", KEY)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String nested(String open, String inner, String close, int depth) {
        return open.repeat(depth) + inner + close.repeat(depth);
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        List<Integer> bad = List.of(400);
        // the request line and headers
        for (String q : List.of("%ZZ", "%", "%4", "%C3%28", "%00", "%E2%82", "x%GGy", "%%", "%u0041")) {
            c.add(raw("query string " + q, "/sparql?query=" + q, bad));
        }
        for (String type : List.of(";;", "application/", "/", "a/b; charset", "application/sparql-query; charset=nope",
                "application/sparql-query;;;charset", "text/turtle; q=x", "\u00e9/\u00e9", "application/sparql-query; =x")) {
            c.add(new Case("Content-Type " + type + " on /sparql", at("/sparql").header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString("ASK {}")).build(), List.of(400, 415)));
            c.add(new Case("Content-Type " + type + " on /update", at("/update").header("Content-Type", type).header("X-API-Key", KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("DROP ALL")).build(), List.of(400, 415)));
        }
        for (String accept : List.of("x", "*/", "text/csv;q=abc", "application/json;;", "image/png")) {
            c.add(new Case("Accept " + accept, at("/sparql?query=" + enc("ASK {}")).header("Accept", accept).GET().build(),
                    List.of(200, 400, 406)));
        }
        // syntax: truncations of a valid query, and garbage
        String valid = P + "SELECT ?p WHERE { ?p geo:hasDefaultGeometry/geo:asWKT ?w FILTER(geof:sfWithin(?w, " + PT + ")) } ORDER BY ?p";
        for (int cut = 5; cut < valid.length(); cut += 7) {
            c.add(new Case("truncated query at " + cut, query(valid.substring(0, cut)), List.of(200, 400)));
        }
        for (String g : List.of("", " ", "SELECT", "}{", "\u0000", "SELECT * {", "ASK { <a b> }", "SELECT ?x { ?x ?y ?z } GROUP BY",
                "DROP ALL", "INSERT DATA { <a:b> <a:c> <a:d> }", "\"\"\"", "SELECT * { FILTER(?x = \"\\u12\") }", "#",
                "PREFIX : <x> SELECT * { :a :b :c }", "SELECT (1/0 AS ?x) {}", "SELECT * { ?s ?p ?o } LIMIT -1")) {
            c.add(new Case("garbage " + g, query(g), List.of(200, 400)));
        }
        // functions with wrong arity, wrong types and invalid literals
        String[] fns = {"sfIntersects", "sfWithin", "sfContains", "relate", "distance", "buffer", "envelope", "boundary",
            "convexHull", "intersection", "union", "difference", "getSRID", "ehMeet", "rcc8ntpp"};
        String[] args = {"", PT, PT + ", " + PT + ", " + PT + ", " + PT, "1, 2", "<https://example.org/x>, " + PT,
            "\"POINT(1\"^^geo:wktLiteral, " + PT, "\"POLYGON((0 0, 1 1))\"^^geo:wktLiteral, " + PT,
            PT + ", \"XYZ\"", PT + ", " + PT + ", \"TTTTTTTTTT\"", PT + ", 10, <https://example.org/badunit>",
            PT + ", " + PT + ", uom:parsec", "\"<not a crs> POINT(1 1)\"^^geo:wktLiteral, " + PT,
            "\"<gml:Point/>\"^^geo:gmlLiteral, " + PT, "\"POINT(NaN NaN)\"^^geo:wktLiteral, " + PT};
        for (String fn : fns) {
            for (String a : args) {
                c.add(new Case("geof:" + fn + "(" + a + ")", query(P + "SELECT ?x { BIND(geof:" + fn + "(" + a + ") AS ?x) }"),
                        List.of(200, 400)));
            }
        }
        for (String t : List.of("AND (((", "\"unclosed", "*", "field:", "~~~", "[a TO", "((((((((((x")) {
            c.add(new Case("text:query " + t, query(P + "SELECT ?s { ?s text:query \"" + t.replace("\"", "\\\"") + "\" }"), List.of(200, 400)));
        }
        // deep and long
        for (int depth : List.of(300, 5000)) {
            c.add(new Case("groups nested " + depth, query("SELECT * " + nested("{", " ?s ?p ?o ", "}", depth)), bad));
            c.add(new Case("expression nested " + depth, query("SELECT * { ?s ?p ?o FILTER" + nested("(", "?o", ")", depth) + " }"), bad));
            c.add(new Case("update nested " + depth, update("INSERT { ?s ?p 1 } WHERE " + nested("{", " ?s ?p ?o ", "}", depth)), bad));
        }
        // bodies nested deeper than a parser's stack (300 levels parse, and are valid)
        for (int depth : List.of(20_000, 30_000)) {
            c.add(new Case("turtle nested " + depth, upload("text/turtle", "<https://example.org/s> <https://example.org/p> "
                    + nested("(", "1", ")", depth) + " ."), bad));
            c.add(new Case("turtle blank nodes nested " + depth, upload("text/turtle", "<https://example.org/s> <https://example.org/p> "
                    + nested("[ <https://example.org/p> ", "1", " ]", depth) + " ."), bad));
            c.add(new Case("JSON-LD nested " + depth, upload("application/ld+json", "{\"@id\": \"https://example.org/s\", "
                    + "\"https://example.org/p\": " + nested("{\"https://example.org/p\": ", "1", "}", depth) + "}"), bad));
        }
        StringBuilder union = new StringBuilder("SELECT * { {?s ?p 0}");
        for (int i = 1; i < 20_000; i++) {
            union.append(" UNION {?s ?p ").append(i).append('}');
        }
        c.add(new Case("20,000 UNION branches", query(union.append('}').toString()), bad));
        // writes that must fail whole
        for (String wkt : List.of("POINT(1", "POLYGON((0 0, 1 1))", "LINESTRING(0 0)", "POINT(a b)", "CIRCLE(1 1)",
                "GEOMETRYCOLLECTION(".repeat(10_000) + "POINT(1 1)" + ")".repeat(10_000))) {
            c.add(new Case("INSERT DATA with WKT " + wkt, update(P + "INSERT DATA { <https://example.org/bad> geo:asWKT \""
                    + wkt + "\"^^geo:wktLiteral }"), bad));
            c.add(new Case("PUT with WKT " + wkt, upload("text/turtle", "<https://example.org/bad> "
                    + "<http://www.opengis.net/ont/geosparql#asWKT> \"" + wkt + "\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> ."), bad));
        }
        c.add(new Case("INSERT with GML garbage", update(P + "INSERT DATA { <https://example.org/bad> geo:asGML \"<gml:Point\"^^geo:gmlLiteral }"), bad));
        for (String[] body : new String[][] {{"text/turtle", "<a> <b> ."}, {"application/n-triples", "<x:a> <x:b> \"c\"^^ ."},
                {"application/rdf+xml", "<rdf:RDF"}, {"application/ld+json", "{\"@id\": "}, {"application/ld+json", "[1, 2, \"x\"]"},
                {"text/turtle", "\u0000\u0001\u0002"}, {"application/rdf+xml", "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY a "
                + "\"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
                + "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
                + "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]><a>&f;</a>"}, {"text/csv", "a,b"}}) {
            c.add(new Case("upload " + body[0] + " " + body[1].substring(0, Math.min(20, body[1].length())),
                    upload(body[0], body[1]), body[1].startsWith("[") ? List.of(201, 204) : List.of(400, 415)));
        }
        c.add(new Case("a body past the limit", upload("text/turtle", "#" + "x".repeat(2 << 20)), List.of(413)));
        c.add(new Case("GSP without a graph", at("/data").header("X-API-Key", KEY).header("Content-Type", "text/turtle")
                .PUT(HttpRequest.BodyPublishers.ofString("")).build(), bad));
        c.add(new Case("GSP with a bad graph IRI", at("/data?graph=" + enc("not an iri <>")).header("X-API-Key", KEY)
                .header("Content-Type", "text/turtle").PUT(HttpRequest.BodyPublishers.ofString("")).build(), bad));
        c.add(new Case("dataset parameter with a bad IRI", at("/sparql?default-graph-uri=" + enc("a b") + "&query=" + enc("ASK {}"))
                .GET().build(), List.of(200, 400)));
        return c;
    }

    /** Requests that would make the server connect to the counting listener if anything were fetched. */
    static List<Case> fetching() {
        String url = remote.url("/x");
        List<Case> c = new ArrayList<>();
        for (String q : List.of("SELECT * { SERVICE <U> { ?s ?p ?o } }", "SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE <U> { ?s ?p ?o } } }",
                "SELECT * { ?s ?p ?o } ORDER BY (NOT EXISTS { SERVICE <U> { ?s ?p ?o } })",
                "SELECT * { ?s ?p ?o BIND(EXISTS { SERVICE SILENT <U> {} } AS ?b) }")) {
            c.add(new Case("query " + q, query(q.replace("U", url)), List.of(403)));
        }
        c.add(new Case("LOAD remote", update("LOAD <" + url + ">"), List.of(403)));
        c.add(new Case("LOAD file", update("LOAD <file:///etc/passwd>"), List.of(403)));
        c.add(new Case("LOAD relative", update("LOAD <passwd>"), List.of(403)));
        c.add(new Case("update SERVICE in WHERE", update("INSERT { ?s ?p ?o } WHERE { FILTER NOT EXISTS { SERVICE <" + url + "> { ?s ?p ?o } } }"), List.of(403)));
        c.add(new Case("JSON-LD remote context", upload("application/ld+json", "{\"@context\": \"" + url + "\", \"@id\": \"https://example.org/a\"}"), List.of(400)));
        c.add(new Case("JSON-LD remote context in an array", upload("application/ld+json",
                "{\"@context\": [{\"@base\": \"" + url + "/\"}, \"ctx.jsonld\"], \"@id\": \"https://example.org/a\"}"), List.of(400)));
        c.add(new Case("JSON-LD file context", upload("application/ld+json", "{\"@context\": \"file:///etc/passwd\", \"@id\": \"https://example.org/a\"}"), List.of(400)));
        c.add(new Case("RDF/XML external entity", upload("application/rdf+xml", "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \""
                + url + "\">]><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:e=\"https://example.org/\">"
                + "<rdf:Description rdf:about=\"https://example.org/s\"><e:p>&x;</e:p></rdf:Description></rdf:RDF>"), List.of(201, 204, 400)));
        c.add(new Case("RDF/XML external DTD", upload("application/rdf+xml", "<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"" + url + "\">"
                + "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>"), List.of(201, 204, 400)));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> everyHostileRequestGetsAPlainTextClientError() {
        List<Case> all = new ArrayList<>(cases());
        all.addAll(fetching());
        assertTrue(all.size() > 250, "cases: " + all.size());
        return all.stream().map(k -> DynamicTest.dynamicTest(k.name().length() > 80 ? k.name().substring(0, 80) : k.name(), () -> {
            int status;
            String type;
            String body;
            if (k.raw() != null) {
                String[] answer = exchange(k.raw());
                status = Integer.parseInt(answer[0]);
                type = answer[1];
                body = answer[2];
            } else {
                HttpResponse<String> r = HTTP.send(k.request(), HttpResponse.BodyHandlers.ofString());
                status = r.statusCode();
                type = r.headers().firstValue("Content-Type").orElse("");
                body = r.body();
            }
            assertTrue(k.allowed().contains(status), k.name() + ": " + status + " " + body);
            assertFalse(type.contains("html"), k.name() + ": " + type);
            if (status >= 400) {
                assertTrue(type.startsWith("text/plain") || type.startsWith("application/json"), k.name() + ": " + type);
                assertFalse(body.isBlank(), k.name() + " says why");
                assertFalse(body.contains("\tat ") || body.contains(": null"), k.name() + ": " + body);
            }
            if (status < 300 && store.size() != size) {
                // a valid upload after all (a billion-laughs body Jena expands within its limits): undo it
                store.update(org.apache.jena.update.UpdateFactory.create("DROP SILENT GRAPH <https://example.org/upload>"));
            }
            assertEquals(size, store.size(), k.name() + " changed the store");
            assertEquals(0, remote.connections(), k.name() + " made the server connect out");
        }));
    }

    @Test
    void aRejectedGeometryLeavesTheStoreWritableAndOpenable() throws Exception {
        HttpResponse<String> r = HTTP.send(update(P + "INSERT DATA { <https://example.org/bad> geo:asWKT \"POINT(1\"^^geo:wktLiteral }"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        assertTrue(r.body().startsWith("update failed (nothing was changed): invalid geometry literal \"POINT(1\"^^<"
                + "http://www.opengis.net/ont/geosparql#wktLiteral> of <https://example.org/bad>"), r.body());
        HttpResponse<String> ok = HTTP.send(update(P + "INSERT DATA { GRAPH <https://example.org/later> { <https://example.org/good> "
                + "geo:asWKT \"POINT(2 2)\"^^geo:wktLiteral } }"), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, ok.statusCode(), ok.body());
        HttpResponse<String> clean = HTTP.send(update("DROP GRAPH <https://example.org/later>"), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, clean.statusCode(), clean.body());
        assertEquals(size, store.size());
        assertEquals(200, HTTP.send(at("/health").GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void aFileBaseInAnUploadNamesIrisAndReadsNothing() throws Exception {
        HttpResponse<String> r = HTTP.send(upload("text/turtle", "@base <file:///etc/> . <passwd> <hostname> <shadow> ."),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        HttpResponse<String> back = HTTP.send(at("/data?graph=https://example.org/upload").header("Accept", "application/n-triples")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("<file:///etc/passwd> <file:///etc/hostname> <file:///etc/shadow> .", back.body().strip());
        HttpResponse<String> relative = HTTP.send(upload("text/turtle", "<passwd> <p> <q> ."), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, relative.statusCode(), relative.body());
        back = HTTP.send(at("/data?graph=https://example.org/upload").header("Accept", "application/n-triples")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("<http://floe.invalid/upload/passwd> <http://floe.invalid/upload/p> <http://floe.invalid/upload/q> .", back.body().strip(),
                "relative IRIs resolve against the upload base, never the server's working directory");
        store.dropGraph(org.apache.jena.graph.NodeFactory.createURI("https://example.org/upload"));
        assertEquals(size, store.size());
    }

    @Test
    void anAllowlistedSourceThatFailsIsABadGateway() throws Exception {
        try (ConnectionCounter upstream = new ConnectionCounter();
             EndpointServer allowing = EndpointServer.start(store, EndpointConfig.loopback(0).withKeys(ApiKeys.of(KEY), ApiKeys.NONE)
                     .withRemote(new dev.floe.endpoint.security.RemoteAccessPolicy(java.util.Set.of(upstream.url("/sparql")),
                             java.util.Set.of(upstream.url("/data.ttl")))))) {
            HttpResponse<String> service = HTTP.send(HttpRequest.newBuilder(allowing.sparqlUri()).header("Content-Type", "application/sparql-query")
                    .POST(HttpRequest.BodyPublishers.ofString("SELECT * { SERVICE <" + upstream.url("/sparql") + "> { ?s ?p ?o } }")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(502, service.statusCode(), service.body());
            assertTrue(service.body().startsWith("query failed: a remote source failed: "), service.body());
            HttpResponse<String> load = HTTP.send(HttpRequest.newBuilder(allowing.baseUri().resolve("update")).header("X-API-Key", KEY)
                    .header("Content-Type", "application/sparql-update")
                    .POST(HttpRequest.BodyPublishers.ofString("LOAD <" + upstream.url("/data.ttl") + ">")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(502, load.statusCode(), load.body());
            assertTrue(upstream.connections() >= 2, "both were allowed to call out");
            assertEquals(size, store.size());
        }
    }

    @Test
    void anInternalFaultIsA500WithARequestIdAndNoTrace() {
        jakarta.ws.rs.core.Response r = Failures.answer(new IllegalStateException("boom"), "test");
        assertEquals(500, r.getStatus());
        String body = (String) r.getEntity();
        assertTrue(body.matches("internal server error \\(request id [0-9a-f]{12}\\): the server log has the details under that id\\n"), body);
        assertEquals(400, Failures.answer(new StackOverflowError(), "test").getStatus());
    }
}
