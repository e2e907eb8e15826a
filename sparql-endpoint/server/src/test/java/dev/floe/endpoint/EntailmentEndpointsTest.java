package dev.floe.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.sparql.resultset.ResultsReader;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.store.GeoStore;

/**
 * {@code /sparql} answers under simple entailment, {@code /rdfs/sparql} under RDFS entailment of the class and
 * property hierarchies stated in the store, computed at query time; each announces its regime in its service
 * description.
 */
class EntailmentEndpointsTest {

    static final String P = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> PREFIX ex: <https://example.org/> "
            + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX text: <http://jena.apache.org/text#> ";
    static final String SD = "http://www.w3.org/ns/sparql-service-description#";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path tmp;
    static GeoStore store;
    static EndpointServer server;

    @BeforeAll
    static void start() throws Exception {
        store = GeoStore.open(tmp.resolve("store"));
        store.load(List.of(Path.of(EntailmentEndpointsTest.class.getResource("hierarchy.ttl").toURI())));
        server = EndpointServer.start(store, EndpointConfig.loopback(0));
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    static URI rdfsUri() {
        return server.baseUri().resolve("rdfs/sparql");
    }

    static HttpResponse<String> query(URI endpoint, String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/sparql-results+json")
                .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static List<String> column(URI endpoint, String query, String var) throws Exception {
        HttpResponse<String> r = query(endpoint, query);
        assertEquals(200, r.statusCode(), r.body());
        ResultSet rs = ResultsReader.create().lang(ResultSetLang.RS_JSON).read(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
        List<String> out = new ArrayList<>();
        while (rs.hasNext()) {
            QuerySolution s = rs.next();
            out.add(s.get(var).isLiteral() ? s.getLiteral(var).getLexicalForm() : s.getResource(var).getURI());
        }
        return out;
    }

    static Model description(URI endpoint, String accept) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(endpoint).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith(accept));
        Model m = ModelFactory.createDefaultModel();
        RDFDataMgr.read(m, new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)), endpoint.toString(),
                org.apache.jena.riot.RDFLanguages.contentTypeToLang(accept));
        return m;
    }

    @Test
    void theRdfsViewUsesTheStoresGeoSparqlFunctions() throws Exception {
        // the view shares the store's dataset context, where floe's great-circle geof:distance is registered (stock
        // jena-geosparql answers no distance in metres on CRS84 coordinates)
        String q = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> PREFIX geof: <http://www.opengis.net/def/function/geosparql/> "
                + "SELECT ?d WHERE { BIND(geof:distance('POINT(0 0)'^^geo:wktLiteral, 'POINT(1 0)'^^geo:wktLiteral, "
                + "<http://www.opengis.net/def/uom/OGC/1.0/metre>) AS ?d) }";
        List<String> d = column(rdfsUri(), q, "d");
        assertEquals(1, d.size());
        assertEquals(111_195, Double.parseDouble(d.get(0)), 200);
    }

    @Test
    void rdfsEndpointAnswersSubClassQueriesThatTheSimpleEndpointDoesNot() throws Exception {
        String q = P + "SELECT ?x WHERE { ?x a ex:B }";
        assertEquals(List.of(), column(server.sparqlUri(), q, "x"));
        assertEquals(List.of("https://example.org/x"), column(rdfsUri(), q, "x"));
        String transitive = P + "SELECT ?x WHERE { ?x a geo:Feature } ORDER BY ?x";
        assertEquals(List.of("https://example.org/box"), column(server.sparqlUri(), transitive, "x"));
        assertEquals(List.of("https://example.org/box", "https://example.org/x"), column(rdfsUri(), transitive, "x"));
    }

    @Test
    void rdfsEndpointFollowsSubPropertyOf() throws Exception {
        String q = P + "SELECT ?g WHERE { ex:x geo:hasGeometry ?g }";
        assertEquals(List.of(), column(server.sparqlUri(), q, "g"));
        assertEquals(List.of("https://example.org/x-g"), column(rdfsUri(), q, "g"));
    }

    @Test
    void spatialPropertyFunctionsAndTextSearchWorkThroughTheRdfsEndpoint() throws Exception {
        String within = P + "SELECT ?g WHERE { ?g geo:sfWithin ex:box-g } ORDER BY ?g";
        assertEquals(List.of("https://example.org/box-g", "https://example.org/x-g"), column(server.sparqlUri(), within, "g"));
        assertEquals(List.of("https://example.org/box-g", "https://example.org/x-g"), column(rdfsUri(), within, "g"));
        // entailed class and property, then the spatial index
        String entailed = P + "SELECT ?f WHERE { ?f a ex:B ; geo:hasGeometry ?g . ?g geo:sfWithin ex:box-g }";
        assertEquals(List.of(), column(server.sparqlUri(), entailed, "f"));
        assertEquals(List.of("https://example.org/x"), column(rdfsUri(), entailed, "f"));
        assertEquals(List.of("https://example.org/box"), column(rdfsUri(), P + "SELECT ?s WHERE { ?s text:query 'box' }", "s"));
    }

    @Test
    void eachServiceDescriptionNamesItsEntailmentRegime() throws Exception {
        for (Object[] c : new Object[][] {{server.sparqlUri(), "http://www.w3.org/ns/entailment/Simple", "text/turtle"},
                {rdfsUri(), "http://www.w3.org/ns/entailment/RDFS", "text/turtle"},
                {rdfsUri(), "http://www.w3.org/ns/entailment/RDFS", "application/rdf+xml"}}) {
            URI endpoint = (URI) c[0];
            Model m = description(endpoint, (String) c[2]);
            List<Resource> services = m.listSubjectsWithProperty(RDF.type, m.createResource(SD + "Service")).toList();
            assertEquals(1, services.size(), endpoint + ": one sd:Service");
            Resource service = services.get(0);
            assertEquals(endpoint.toString(), service.getPropertyResourceValue(sd(m, "endpoint")).getURI());
            assertEquals(c[1], service.getPropertyResourceValue(sd(m, "defaultEntailmentRegime")).getURI(), endpoint.toString());
            assertEquals(SD + "SPARQL11Query", service.getPropertyResourceValue(sd(m, "supportedLanguage")).getURI());
            assertTrue(service.hasProperty(sd(m, "resultFormat"), m.createResource("http://www.w3.org/ns/formats/SPARQL_Results_JSON")));
            assertTrue(service.hasProperty(sd(m, "extensionFunction"),
                    m.createResource("http://www.opengis.net/def/function/geosparql/buffer")));
            assertTrue(!service.hasProperty(sd(m, "feature"), m.createResource(SD + "UnionDefaultGraph")),
                    "the default graph is the store's default graph, not the union of its graphs");
        }
    }

    @Test
    void aGetWithoutQueryAcceptingOnlyResultsIsStill400() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(rdfsUri()).header("Accept", "application/sparql-results+json")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        assertTrue(r.body().startsWith("missing query"), r.body());
    }

    static Property sd(Model m, String local) {
        return m.createProperty(SD + local);
    }
}
