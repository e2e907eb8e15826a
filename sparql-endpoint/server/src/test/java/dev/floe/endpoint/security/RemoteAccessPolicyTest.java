package dev.floe.endpoint.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.ARQConstants;
import org.apache.jena.update.UpdateFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.floe.endpoint.ConnectionCounter;

/** SERVICE and LOAD reach only what the operator allowed, wherever they sit in a request. */
class RemoteAccessPolicyTest {

    static final String REMOTE = "http://127.0.0.1:9/sparql";
    static final RemoteAccessPolicy NONE = RemoteAccessPolicy.none();
    static final RemoteAccessPolicy ALLOWED = new RemoteAccessPolicy(Set.of(REMOTE), Set.of("https://example.org/data.ttl"));

    /** SERVICE <R> in every position a query can hold a pattern; R is replaced by the endpoint. */
    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * { SERVICE <R> { ?s ?p ?o } }",
        "SELECT * { ?s ?p ?o OPTIONAL { SERVICE <R> { ?s ?p ?x } } }",
        "SELECT * { { ?s ?p ?o } UNION { SERVICE <R> { ?s ?p ?o } } }",
        "SELECT * { ?s ?p ?o MINUS { SERVICE <R> { ?s ?p ?o } } }",
        "SELECT * { { SELECT ?s { SERVICE <R> { ?s ?p ?o } } LIMIT 1 } }",
        "SELECT * { GRAPH ?g { SERVICE <R> { ?s ?p ?o } } }",
        "SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE <R> { ?s ?p ?o } } }",
        "SELECT * { ?s ?p ?o FILTER NOT EXISTS { SERVICE <R> { ?s ?p ?o } } }",
        "SELECT * { ?s ?p ?o FILTER (?o = 1 || EXISTS { SERVICE <R> { ?s ?p ?o } }) }",
        "SELECT * { ?s ?p ?o OPTIONAL { ?s ?q ?x FILTER EXISTS { SERVICE <R> { ?s ?p ?o } } } }",
        "SELECT * { ?s ?p ?o BIND (EXISTS { SERVICE <R> { ?s ?p ?o } } AS ?b) }",
        "SELECT * { ?s ?p ?o BIND (IF(NOT EXISTS { SERVICE <R> { ?s ?p ?o } }, 1, 2) AS ?b) }",
        "SELECT * { ?s ?p ?o } ORDER BY (EXISTS { SERVICE <R> { ?s ?p ?o } })",
        "SELECT * { ?s ?p ?o } ORDER BY ?s LIMIT 3 OFFSET 1",
        "SELECT ?s (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?s HAVING (EXISTS { SERVICE <R> { ?s ?p ?o } })",
        "SELECT ?s (SUM(IF(EXISTS { SERVICE <R> { ?s ?p ?o } }, 1, 0)) AS ?n) { ?s ?p ?o } GROUP BY ?s",
        "SELECT (EXISTS { SERVICE <R> { ?s ?p ?o } } AS ?e) { ?s ?p ?o }",
        "SELECT * { ?s ?p ?o FILTER EXISTS { ?s ?p ?o FILTER NOT EXISTS { SERVICE <R> { ?s ?p ?o } } } }",
        "ASK { SERVICE SILENT <R> { ?s ?p ?o } }",
        "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <R> { ?s ?p ?o } }",
        "DESCRIBE ?s WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <R> { ?s ?p ?o } } }"})
    void everyServiceIsCheckedWhereverItSits(String template) {
        String query = template.replace("<R>", "<" + REMOTE + ">");
        boolean hasService = template.contains("SERVICE");
        String refused = NONE.check(QueryFactory.create(query));
        if (hasService) {
            assertEquals("SERVICE <" + REMOTE + "> is not on this server's allowlist "
                    + "(no remote endpoints are allowed; see --allow-service)", refused, query);
            assertNull(ALLOWED.check(QueryFactory.create(query)), "allowlisted: " + query);
            String other = template.replace("<R>", "<http://127.0.0.1:10/other>");
            assertTrue(ALLOWED.check(QueryFactory.create(other)).startsWith("SERVICE <http://127.0.0.1:10/other> is not on"), other);
        } else {
            assertNull(refused, query);
        }
    }

    @Test
    void aServiceWithAVariableEndpointIsRefusedEvenWhenSomeAreAllowed() {
        assertEquals("SERVICE with a variable endpoint is not allowed",
                ALLOWED.check(QueryFactory.create("SELECT * { BIND(<" + REMOTE + "> AS ?e) SERVICE ?e { ?s ?p ?o } }")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "jar:file:/tmp/x.jar!/a.ttl", "http://127.0.0.1:9/data.ttl",
        "https://example.org/other.ttl"})
    void loadIsRefusedUnlessItsSourceIsListed(String source) {
        String refused = ALLOWED.check(UpdateFactory.create("LOAD <" + source + "> INTO GRAPH <https://example.org/g>"));
        assertEquals("LOAD <" + source + "> is not on this server's allowlist", refused);
        assertEquals("LOAD <" + source + "> is not on this server's allowlist (LOAD is not allowed; see --allow-load)",
                NONE.check(UpdateFactory.create("LOAD SILENT <" + source + ">")));
        assertNull(ALLOWED.check(UpdateFactory.create("LOAD <https://example.org/data.ttl>")));
    }

    @Test
    void aRelativeLoadSourceIsRefusedAsTheFileItResolvesTo() {
        String refused = NONE.check(UpdateFactory.create("LOAD <passwd>", "file:///etc/"));
        assertEquals("LOAD <file:///etc/passwd> is not on this server's allowlist (LOAD is not allowed; see --allow-load)", refused);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT { ?s ?p ?o } WHERE { SERVICE <R> { ?s ?p ?o } }",
        "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { SERVICE <R> { ?s ?p ?o } } }",
        "WITH <https://example.org/g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o BIND(EXISTS { SERVICE <R> { ?s ?p ?o } } AS ?x) }",
        "INSERT DATA { <https://example.org/a> <https://example.org/p> 1 } ; INSERT { ?s ?p ?o } WHERE { { SELECT * { SERVICE <R> { ?s ?p ?o } } } }"})
    void updatesAreCheckedInTheirWhereClauses(String template) {
        String update = template.replace("<R>", "<" + REMOTE + ">");
        assertTrue(NONE.check(UpdateFactory.create(update)).startsWith("SERVICE <" + REMOTE + "> is not on"), update);
        assertNull(ALLOWED.check(UpdateFactory.create(update)), update);
    }

    @Test
    void theGuardRefusesAtTheMomentOfTheCallAndConnectsNowhere() throws Exception {
        try (ConnectionCounter remote = new ConnectionCounter()) {
            String query = "SELECT * { SERVICE <" + remote.url("/sparql") + "> { ?s ?p ?o } }";
            RemoteAccessPolicy.Refused refused = assertThrows(RemoteAccessPolicy.Refused.class, () -> {
                try (QueryExecution qe = QueryExecution.dataset(DatasetFactory.create()).query(query)
                        .set(ARQConstants.registryServiceExecutors, NONE.serviceGuard()).build()) {
                    qe.execSelect().hasNext();
                }
            });
            assertTrue(refused.getMessage().startsWith("SERVICE <" + remote.url("/sparql") + "> is not on"), refused.getMessage());
            assertEquals(0, remote.connections());

            // allowed: the guard lets Jena's own executor call it (the counter closes the connection, so the call fails)
            RemoteAccessPolicy allowed = new RemoteAccessPolicy(Set.of(remote.url("/sparql")), Set.of());
            assertThrows(RuntimeException.class, () -> {
                try (QueryExecution qe = QueryExecution.dataset(DatasetFactory.create()).query(query)
                        .set(ARQConstants.registryServiceExecutors, allowed.serviceGuard()).build()) {
                    qe.execSelect().hasNext();
                }
            });
            assertTrue(remote.connections() > 0, "the allowlisted endpoint was called");
        }
    }
}
