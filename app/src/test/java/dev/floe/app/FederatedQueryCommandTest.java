package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.app.CommandLineTest.Run;
import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.store.GeoStore;

/** {@code floe query --federated}: two floe servers on loopback federated from the command line. */
class FederatedQueryCommandTest {

    static final String TTL = "@prefix geo: <http://www.opengis.net/ont/geosparql#> . @prefix floe: <https://w3id.org/floe/ontology#> . "
            + "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix ex: <https://example.org/> . ";
    static final String QUERY = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> PREFIX geof: <http://www.opengis.net/def/function/geosparql/> "
            + "PREFIX floe: <https://w3id.org/floe/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            + "SELECT ?place ?country WHERE { ?p a floe:PopulatedPlace ; rdfs:label ?place ; geo:hasDefaultGeometry/geo:asWKT ?pw . "
            + "?c a floe:Country ; rdfs:label ?country ; geo:hasDefaultGeometry/geo:asWKT ?cw . FILTER(geof:sfWithin(?pw, ?cw)) } ORDER BY ?place";

    @TempDir
    static Path tmp;
    static GeoStore places;
    static GeoStore countries;
    static EndpointServer placesServer;
    static EndpointServer countriesServer;

    @BeforeAll
    static void start() throws IOException {
        places = GeoStore.open(tmp.resolve("places"));
        places.load(List.of(Files.writeString(tmp.resolve("places.ttl"), TTL
                + "ex:rome a floe:PopulatedPlace ; rdfs:label \"Rome\" ; geo:hasDefaultGeometry ex:rome-g . "
                + "ex:rome-g geo:asWKT \"POINT (12.48 41.9)\"^^geo:wktLiteral . "
                + "ex:oslo a floe:PopulatedPlace ; rdfs:label \"Oslo\" ; geo:hasDefaultGeometry ex:oslo-g . "
                + "ex:oslo-g geo:asWKT \"POINT (10.75 59.92)\"^^geo:wktLiteral . ")));
        countries = GeoStore.open(tmp.resolve("countries"));
        countries.load(List.of(Files.writeString(tmp.resolve("countries.ttl"), TTL
                + "ex:italy a floe:Country ; rdfs:label \"Italy\" ; geo:hasDefaultGeometry ex:italy-g . "
                + "ex:italy-g geo:asWKT \"POLYGON ((6 36, 19 36, 19 47.5, 6 47.5, 6 36))\"^^geo:wktLiteral . "
                + "ex:norway a floe:Country ; rdfs:label \"Norway\" ; geo:hasDefaultGeometry ex:norway-g . "
                + "ex:norway-g geo:asWKT \"POLYGON ((4 57, 31 57, 31 71, 4 71, 4 57))\"^^geo:wktLiteral . ")));
        placesServer = EndpointServer.start(places, EndpointConfig.loopback(0));
        countriesServer = EndpointServer.start(countries, EndpointConfig.loopback(0));
    }

    @AfterAll
    static void stop() {
        placesServer.close();
        countriesServer.close();
        places.close();
        countries.close();
    }

    @Test
    void federatesTheGivenEndpoints() {
        Run r = CommandLineTest.floe("query", "--federated", "--endpoint", placesServer.sparqlUri().toString(),
                "--endpoint", countriesServer.sparqlUri().toString(), "--format", "csv", QUERY);
        assertEquals(0, r.exit(), r.err());
        assertEquals("place,country\r\nOslo,Norway\r\nRome,Italy\r\n", r.out());
        Run table = CommandLineTest.floe("query", "--federated", "--endpoint", placesServer.sparqlUri().toString(),
                "--endpoint", countriesServer.sparqlUri().toString(), QUERY);
        assertEquals(0, table.exit(), table.err());
        assertTrue(table.out().lines().anyMatch(l -> l.contains("\"Rome\"") && l.contains("\"Italy\"")), table.out());
    }

    @Test
    void severalEndpointsWithoutFederatedIsAUsageError() {
        Run r = CommandLineTest.floe("query", "--endpoint", placesServer.sparqlUri().toString(),
                "--endpoint", countriesServer.sparqlUri().toString(), QUERY);
        assertEquals(2, r.exit());
        assertEquals("floe: several --endpoint URLs: add --federated to query them as one federation\n", r.err());
    }

    @Test
    void aFederationFileWithAMemberDownFailsNamingItOrLeavesItOutWhenAllowed() throws IOException {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        Path file = Files.writeString(tmp.resolve("federation.ttl"), "@prefix floe: <https://w3id.org/floe/ontology#> .\n"
                + "[] a floe:FederationMember ; floe:memberName \"places\" ; floe:sparqlEndpoint <" + placesServer.sparqlUri() + "> .\n"
                + "[] a floe:FederationMember ; floe:memberName \"countries\" ; floe:sparqlEndpoint <" + countriesServer.sparqlUri() + "> .\n"
                + "[] a floe:FederationMember ; floe:memberName \"gone\" ; floe:timeoutSeconds 2 ; floe:sparqlEndpoint <http://127.0.0.1:" + dead + "/sparql> .\n");
        Run failed = CommandLineTest.floe("query", "--federation", file.toString(), "--format", "csv", QUERY);
        assertEquals(1, failed.exit());
        assertTrue(failed.err().startsWith("floe: member 'gone' (http://127.0.0.1:" + dead + "/sparql) failed: cannot reach it"), failed.err());
        Run partial = CommandLineTest.floe("query", "--federated", "--federation", file.toString(), "--allow-partial", "--format", "csv", QUERY);
        assertEquals(0, partial.exit(), partial.err());
        assertEquals("place,country\r\nOslo,Norway\r\nRome,Italy\r\n", partial.out());
        assertTrue(partial.err().contains("query: warning: member 'gone'"), partial.err());
    }

    @Test
    void aFederationFileNamingTheLocalStoreNeedsItsDirectory() throws IOException {
        Path file = Files.writeString(tmp.resolve("local.ttl"), "@prefix floe: <https://w3id.org/floe/ontology#> .\n"
                + "[] a floe:FederationMember ; floe:memberName \"floe\" ; floe:localStore true .\n"
                + "[] a floe:FederationMember ; floe:memberName \"countries\" ; floe:sparqlEndpoint <" + countriesServer.sparqlUri() + "> .\n");
        Run r = CommandLineTest.floe("query", "--federation", file.toString(), QUERY);
        assertEquals(2, r.exit());
        assertEquals("floe: " + file + ": a member is the local store: give its directory with --local-store DIR, "
                + "or serve it with `floe serve --federation`\n", r.err());
    }

    @Test
    void theLocalStoreMemberIsServedOnLoopbackForTheRun() throws IOException {
        Path store = tmp.resolve("local-places");
        try (GeoStore s = GeoStore.open(store)) {
            s.load(List.of(tmp.resolve("places.ttl")));
        }
        Path file = Files.writeString(tmp.resolve("local2.ttl"), "@prefix floe: <https://w3id.org/floe/ontology#> .\n"
                + "[] a floe:FederationMember ; floe:memberName \"floe\" ; floe:localStore true .\n"
                + "[] a floe:FederationMember ; floe:memberName \"countries\" ; floe:sparqlEndpoint <" + countriesServer.sparqlUri() + "> .\n");
        Run r = CommandLineTest.floe("query", "--federation", file.toString(), "--local-store", store.toString(), "--format", "csv", QUERY);
        assertEquals(0, r.exit(), r.err());
        assertEquals("place,country\r\nOslo,Norway\r\nRome,Italy\r\n", r.out());
        Path remoteOnly = Files.writeString(tmp.resolve("remote-only.ttl"), "@prefix floe: <https://w3id.org/floe/ontology#> .\n"
                + "[] a floe:FederationMember ; floe:memberName \"countries\" ; floe:sparqlEndpoint <" + countriesServer.sparqlUri() + "> .\n");
        Run noLocal = CommandLineTest.floe("query", "--federation", remoteOnly.toString(), "--local-store", store.toString(), QUERY);
        assertEquals(2, noLocal.exit());
        assertEquals("floe: --local-store: the federation has no local-store member (floe:localStore true)\n", noLocal.err());
    }
}
