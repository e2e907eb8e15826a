package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.sparql.resultset.ResultsReader;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.io.WKTReader;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.federation.Federation;
import dev.floe.ontology.Floe;
import dev.floe.store.GeoStore;
import dev.floe.triplify.ProgressListener;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The federated gateway on the demo data: floe serves the Sentinel-1/-2 STAC products (the local-store member);
 * an embedded Fuseki 5.6.0 holds the Natural Earth countries, split into the Americas and the rest of the world,
 * and the seas, as three external members, and logs the requests each receives. Federated answers are compared
 * with the same query over one floe store holding everything (the demo store).
 */
class FederatedDemoTest {

    static final String P = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX geof: <http://www.opengis.net/def/function/geosparql/> PREFIX floe: <https://w3id.org/floe/ontology#> "
            + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ";

    @TempDir
    static Path tmp;
    static GeoStore everything;
    static GeoStore products;
    static EndpointServer single;
    static EndpointServer gateway;
    static FusekiServer fuseki;
    static final Map<String, AtomicLong> FUSEKI_REQUESTS = new ConcurrentHashMap<>();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        everything = GeoStore.open(tmp.resolve("everything"));
        DemoData.install(everything, line -> { }, ProgressListener.NONE);
        single = EndpointServer.start(everything, EndpointConfig.loopback(0));
        Path rdf = everything.directory().resolve("demo-input/rdf");
        List<Path> stac;
        try (Stream<Path> files = Files.list(rdf)) {
            stac = files.filter(f -> f.getFileName().toString().startsWith("stac-")).sorted().toList();
        }
        products = GeoStore.open(tmp.resolve("products"));
        products.load(stac);
        Model countries = RDFDataMgr.loadModel(rdf.resolve("countries.nt").toString());
        Model americas = ModelFactory.createDefaultModel();
        Model world = ModelFactory.createDefaultModel();
        WKTReader wkt = new WKTReader();
        for (Resource country : countries.listSubjectsWithProperty(RDF.type, Floe.Country).toList()) {
            Resource geometry = country.getPropertyResourceValue(countries.createProperty("http://www.opengis.net/ont/geosparql#hasDefaultGeometry"));
            String text = geometry.getProperty(countries.createProperty("http://www.opengis.net/ont/geosparql#asWKT")).getString();
            Model target = wkt.read(text).getCentroid().getX() < -30 ? americas : world;
            for (Resource r : List.of(country, geometry)) {
                for (Statement s : r.listProperties().toList()) {
                    target.add(s);
                }
            }
        }
        fuseki = FusekiServer.create().loopback(true).port(0)
                .add("/americas", dataset(americas)).add("/world", dataset(world))
                .add("/seas", dataset(RDFDataMgr.loadModel(rdf.resolve("seas.nt").toString())))
                .addFilter("/*", (Filter) (request, response, chain) -> {
                    FUSEKI_REQUESTS.computeIfAbsent(((HttpServletRequest) request).getRequestURI().split("/")[1], k -> new AtomicLong())
                            .incrementAndGet();
                    chain.doFilter(request, response);
                }).build().start();
        Path federation = Files.writeString(tmp.resolve("federation.ttl"), "@prefix floe: <https://w3id.org/floe/ontology#> .\n"
                + "[] a floe:FederationMember ; floe:memberName \"products\" ; floe:localStore true .\n"
                + member("americas") + member("world") + member("seas"));
        gateway = EndpointServer.start(products, EndpointConfig.loopback(0), Federation.read(federation));
    }

    static String member(String name) {
        return "[] a floe:FederationMember ; floe:memberName \"" + name + "\" ; floe:timeoutSeconds 20 ; floe:sparqlEndpoint <http://127.0.0.1:"
                + fuseki.getHttpPort() + "/" + name + "/query> .\n";
    }

    static Dataset dataset(Model m) {
        Dataset ds = DatasetFactory.createTxnMem();
        ds.getDefaultModel().add(m);
        return ds;
    }

    @AfterAll
    static void stop() {
        gateway.close();
        single.close();
        fuseki.stop();
        products.close();
        everything.close();
    }

    @BeforeEach
    void resetLog() {
        FUSEKI_REQUESTS.clear();
    }

    static List<String> rows(URI endpoint, String query) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/sparql-query")
                .header("Accept", "application/sparql-results+json").POST(HttpRequest.BodyPublishers.ofString(query)).build(),
                HttpResponse.BodyHandlers.ofString());
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
    void productsJoinedToTheCountriesAndSeasTheyIntersectAreWhatOneStoreHoldingBothAnswers() throws Exception {
        String q = P + "SELECT ?product ?place WHERE { ?p a floe:EOProduct ; floe:productId ?product ; geo:hasDefaultGeometry/geo:asWKT ?fp . "
                + "{ ?c a floe:Country ; rdfs:label ?place ; geo:hasDefaultGeometry/geo:asWKT ?cw } UNION "
                + "{ ?c a floe:Sea ; rdfs:label ?place ; geo:hasDefaultGeometry/geo:asWKT ?cw } "
                + "FILTER(geof:sfIntersects(?fp, ?cw)) } ORDER BY ?product ?place";
        List<String> federated = rows(gateway.federatedUri(), q);
        assertEquals(rows(single.sparqlUri(), q), federated);
        assertTrue(federated.stream().anyMatch(r -> r.endsWith("| Croatia")), federated.toString());
        assertTrue(federated.stream().anyMatch(r -> r.endsWith("| Ross  Sea")), federated.toString()); // so spelt in Natural Earth
    }

    @Test
    void membersWhoseBoxMissesTheQueryAreaAreNeverAsked() throws Exception {
        // products over the Balkans and the countries there: the Americas hold countries, but none near
        String q = P + "SELECT ?product ?country WHERE { ?p a floe:EOProduct ; floe:productId ?product ; geo:hasDefaultGeometry/geo:asWKT ?fp . "
                + "?c a floe:Country ; rdfs:label ?country ; geo:hasDefaultGeometry/geo:asWKT ?cw . "
                + "FILTER(geof:sfIntersects(?cw, \"POLYGON ((13 42, 20 42, 20 47, 13 47, 13 42))\"^^geo:wktLiteral) "
                + "&& geof:sfIntersects(?fp, ?cw)) } ORDER BY ?product ?country";
        List<String> federated = rows(gateway.federatedUri(), q);
        assertEquals(rows(single.sparqlUri(), q), federated);
        assertFalse(federated.isEmpty());
        assertEquals(null, FUSEKI_REQUESTS.get("americas"), "requests per Fuseki dataset: " + FUSEKI_REQUESTS);
        assertEquals(null, FUSEKI_REQUESTS.get("seas"), "requests per Fuseki dataset: " + FUSEKI_REQUESTS);
        assertTrue(FUSEKI_REQUESTS.get("world").get() > 0);
    }
}
