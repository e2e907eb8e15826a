package dev.floe.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.jena.sparql.core.Var;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two queries run at once on one gateway, each reaching its own member (the summaries prune the other one): a
 * member that fails one query is blamed by that query only, with its own reason. The members hold their answers
 * until both queries have reached them, so the queries' member requests really overlap.
 */
class ConcurrentQueryFailuresTest {

    static final String TTL = "@prefix ex: <https://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . ";
    static final String RIVERS = "PREFIX ex: <https://example.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            + "SELECT ?name WHERE { ?r a ex:River ; rdfs:label ?name }";
    static final String LAKES = "PREFIX ex: <https://example.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            + "SELECT ?name WHERE { ?l a ex:Lake ; rdfs:label ?name }";

    LoopbackMember rivers;
    LoopbackMember lakes;
    FederatedGateway gateway;
    final ExecutorService callers = Executors.newFixedThreadPool(2);
    /** Set once both members have received a request of the pair: each waits for the other's. */
    final CountDownLatch riversAsked = new CountDownLatch(1);
    final CountDownLatch lakesAsked = new CountDownLatch(1);
    final AtomicInteger overlapping = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        rivers = new LoopbackMember(TTL + "ex:danube a ex:River ; rdfs:label \"Danube\" .");
        lakes = new LoopbackMember(TTL + "ex:garda a ex:Lake ; rdfs:label \"Garda\" .");
        gateway = FederatedGateway.start(new Federation(List.of(
                new Member("lakes", lakes.endpoint(), false, Duration.ofSeconds(10), null),
                new Member("rivers", rivers.endpoint(), false, Duration.ofSeconds(10), null)), "test"), GatewayOptions.defaults());
        assertEquals(2, gateway.summaries().size(), "both members summarised, so each query reaches one");
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
        gateway.close();
        rivers.close();
        lakes.close();
    }

    /** Counts this member as reached and waits until the other member is reached too. */
    void meet(CountDownLatch mine, CountDownLatch other) throws InterruptedException {
        mine.countDown();
        if (other.await(5, TimeUnit.SECONDS)) {
            overlapping.incrementAndGet();
        }
    }

    @Test
    void aQueryOfHealthyMembersIsUntouchedByAConcurrentQueryWhoseMemberFails() throws Exception {
        rivers.replyWith(q -> {
            meet(riversAsked, lakesAsked);
            return 200;
        });
        lakes.replyWith(q -> {
            meet(lakesAsked, riversAsked);
            return 500;
        });
        Future<FederatedResult> healthy = callers.submit(() -> gateway.query(RIVERS, false));
        Future<FederatedResult> partial = callers.submit(() -> gateway.query(LAKES, true));

        FederatedResult a = healthy.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("\"Danube\""), a.rows().stream().map(b -> b.get(Var.alloc("name")).toString()).toList());
        assertEquals(List.of(), a.warnings());
        FederatedResult b = partial.get(30, TimeUnit.SECONDS);
        assertEquals(0, b.rows().size());
        assertEquals(1, b.warnings().size(), b.warnings().toString());
        assertTrue(b.warnings().get(0).startsWith("member 'lakes' (" + lakes.endpoint() + ") failed: it answered HTTP 500"), b.warnings().get(0));
        assertTrue(b.warnings().get(0).endsWith("; its results are left out"), b.warnings().get(0));
        assertTrue(overlapping.get() >= 2, "the two queries' member requests did not overlap");
    }

    @Test
    void concurrentQueriesFailingAtDifferentMembersEachNameOnlyTheirOwn() throws Exception {
        long lakesFailuresBefore = gateway.traffic("lakes").failures();
        rivers.replyWith(q -> {
            meet(riversAsked, lakesAsked);
            // fail only once the lakes query's failure has happened, while this query still runs
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (gateway.traffic("lakes").failures() == lakesFailuresBefore && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            return 503;
        });
        lakes.replyWith(q -> {
            meet(lakesAsked, riversAsked);
            return 500;
        });
        Future<FederatedResult> a = callers.submit(() -> gateway.query(RIVERS, false));
        Future<FederatedResult> b = callers.submit(() -> gateway.query(LAKES, false));

        MemberFailureException riversFailure = failure(a);
        assertEquals(List.of("rivers"), riversFailure.members());
        assertFalse(riversFailure.timedOut());
        assertTrue(riversFailure.getMessage().startsWith("member 'rivers' (" + rivers.endpoint() + ") failed: it answered HTTP 503"),
                riversFailure.getMessage());
        assertFalse(riversFailure.getMessage().contains("lakes") || riversFailure.getMessage().contains("HTTP 500"), riversFailure.getMessage());
        MemberFailureException lakesFailure = failure(b);
        assertEquals(List.of("lakes"), lakesFailure.members());
        assertTrue(lakesFailure.getMessage().startsWith("member 'lakes' (" + lakes.endpoint() + ") failed: it answered HTTP 500"),
                lakesFailure.getMessage());
        assertFalse(lakesFailure.getMessage().contains("rivers") || lakesFailure.getMessage().contains("HTTP 503"), lakesFailure.getMessage());
        assertTrue(overlapping.get() >= 2, "the two queries' member requests did not overlap");
    }

    @Test
    void aMemberWithoutSummaryIsExplainedByItsOwnFailureDuringThatSummary() throws Exception {
        // on refresh and after a change alike
        lakes.replyWith(q -> 500);
        gateway.refreshSummaries();
        assertEquals("it answered HTTP 500 Internal Server Error", status("lakes").summaryError());
        assertEquals(null, status("rivers").summaryError());
        lakes.replyWith(q -> 503);
        gateway.changed("lakes");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (status("lakes").summaryError().startsWith("being recomputed") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(status("lakes").summaryError().startsWith("it answered HTTP 503"), status("lakes").summaryError());
    }

    MemberStatus status(String member) {
        return gateway.members().stream().filter(m -> m.member().name().equals(member)).findFirst().orElseThrow();
    }

    static MemberFailureException failure(Future<FederatedResult> query) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> query.get(30, TimeUnit.SECONDS));
        return assertInstanceOf(MemberFailureException.class, e.getCause());
    }
}
