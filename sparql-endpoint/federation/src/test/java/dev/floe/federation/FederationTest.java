package dev.floe.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading federation files: members, their options, and errors that name the file and the member. */
class FederationTest {

    static final String PREFIX = "@prefix floe: <https://w3id.org/floe/ontology#> .\n";

    @TempDir
    Path tmp;

    Path file(String body) throws IOException {
        return Files.writeString(tmp.resolve("federation.ttl"), PREFIX + body);
    }

    @Test
    void readsTheLocalStoreAndRemoteMembersWithTimeoutsAndKeys() throws IOException {
        Federation f = Federation.read(file("""
                [] a floe:FederationMember ; floe:memberName "floe" ; floe:localStore true .
                [] a floe:FederationMember ; floe:memberName "natural-earth" ;
                   floe:sparqlEndpoint <http://127.0.0.1:3030/ne/query> ; floe:timeoutSeconds 2.5 ; floe:apiKey "s3cret-s3cret-s3cret" .
                """));
        assertEquals(List.of("floe", "natural-earth"), f.members().stream().map(Member::name).toList());
        Member local = f.member("floe").orElseThrow();
        assertTrue(local.local());
        assertEquals(Member.DEFAULT_TIMEOUT, local.timeout());
        Member ne = f.member("natural-earth").orElseThrow();
        assertEquals(URI.create("http://127.0.0.1:3030/ne/query"), ne.endpoint());
        assertEquals(Duration.ofMillis(2500), ne.timeout());
        assertEquals("s3cret-s3cret-s3cret", ne.apiKey());
        assertTrue(!ne.toString().contains("s3cret"));
        assertEquals(URI.create("http://127.0.0.1:8080/sparql"),
                f.withLocalStoreAt(URI.create("http://127.0.0.1:8080/sparql")).member("floe").orElseThrow().endpoint());
    }

    @Test
    void badEntriesAreRefusedWithTheFileAndMemberNamed() throws IOException {
        assertMessage("federation.ttl: member [] has no floe:memberName",
                "[] a floe:FederationMember ; floe:sparqlEndpoint <http://127.0.0.1:1/q> .");
        assertMessage("federation.ttl: member 'x' needs a floe:sparqlEndpoint <URL> or floe:localStore true",
                "[] a floe:FederationMember ; floe:memberName \"x\" .");
        assertMessage("federation.ttl: two members are named 'x'",
                "[] a floe:FederationMember ; floe:memberName \"x\" ; floe:sparqlEndpoint <http://127.0.0.1:1/q> .\n"
                        + "[] a floe:FederationMember ; floe:memberName \"x\" ; floe:sparqlEndpoint <http://127.0.0.1:2/q> .");
        assertMessage("federation.ttl: member 'x': floe:timeoutSeconds must be positive, was 0",
                "[] a floe:FederationMember ; floe:memberName \"x\" ; floe:sparqlEndpoint <http://127.0.0.1:1/q> ; floe:timeoutSeconds 0 .");
        assertMessage("federation.ttl: member 'x': ftp://host/q is not an http(s) URL",
                "[] a floe:FederationMember ; floe:memberName \"x\" ; floe:sparqlEndpoint <ftp://host/q> .");
        assertMessage("federation.ttl: no resource of type", "<a> <b> <c> .");
        assertMessage("federation.ttl: not valid Turtle", "[] a floe:FederationMember ; floe:memberName ");
    }

    void assertMessage(String start, String body) throws IOException {
        Path f = file(body);
        FederationConfigException e = assertThrows(FederationConfigException.class, () -> Federation.read(f));
        String message = e.getMessage().replace(f.toString(), "federation.ttl");
        assertTrue(message.startsWith(start), message);
    }

    @Test
    void aFederationResourceMaySayFeaturesAreSpreadOverMembers() throws IOException {
        String member = "[] a floe:FederationMember ; floe:memberName \"x\" ; floe:sparqlEndpoint <http://127.0.0.1:1/q> .\n";
        assertTrue(Federation.read(file(member)).colocatedFeatures());
        assertEquals(false, Federation.read(file("[] a floe:Federation ; floe:colocatedFeatures false .\n" + member)).colocatedFeatures());
        assertMessage("federation.ttl: floe:colocatedFeatures must be true or false",
                "[] a floe:Federation ; floe:colocatedFeatures \"no\" .\n" + member);
    }

    @Test
    void endpointListsNameMembersAfterHostPortAndPath() {
        Federation f = Federation.ofEndpoints(List.of(URI.create("http://127.0.0.1:3030/ne/query"),
                URI.create("http://127.0.0.1:3030/ne/query"), URI.create("https://example.org/sparql")));
        assertEquals(List.of("127.0.0.1-3030-ne-query", "127.0.0.1-3030-ne-query-2", "example.org-sparql"),
                f.members().stream().map(Member::name).toList());
    }
}
