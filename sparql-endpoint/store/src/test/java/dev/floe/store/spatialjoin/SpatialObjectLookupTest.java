package dev.floe.store.spatialjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.system.Txn;
import org.apache.jena.update.UpdateFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.store.GeoStore;

/**
 * The property-function join remembers geometry literals and asserted relations per committed state of the
 * store: every write is seen by the next query, a reader of an older state keeps its own snapshot, and a write
 * transaction sees its own changes.
 */
class SpatialObjectLookupTest {

    static final String PREFIXES = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> PREFIX ex: <https://example.org/> ";
    static final String PLACES_IN_REGIONS = PREFIXES
            + "SELECT ?p ?r WHERE { ?p a ex:Place ; geo:sfWithin ?r . ?r a ex:Region }";
    static final Node P1 = NodeFactory.createURI("https://example.org/p1");

    @TempDir
    Path tmp;
    GeoStore store;

    @BeforeEach
    void open() {
        store = GeoStore.open(tmp.resolve("store"));
        update("INSERT DATA { "
                + "ex:north a ex:Region ; geo:hasDefaultGeometry ex:north-g . "
                + "ex:north-g geo:asWKT 'POLYGON ((0 10, 10 10, 10 20, 0 20, 0 10))'^^geo:wktLiteral . "
                + "ex:south a ex:Region ; geo:hasDefaultGeometry ex:south-g . "
                + "ex:south-g geo:asWKT 'POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))'^^geo:wktLiteral . "
                + "ex:far a ex:Region ; geo:hasDefaultGeometry ex:far-g . "
                + "ex:far-g geo:asWKT 'POLYGON ((100 0, 110 0, 110 10, 100 10, 100 0))'^^geo:wktLiteral . "
                + "ex:p1 a ex:Place ; geo:hasDefaultGeometry ex:p1-g . ex:p1-g geo:asWKT 'POINT (5 15)'^^geo:wktLiteral . "
                + "ex:p2 a ex:Place ; geo:hasDefaultGeometry ex:p2-g . ex:p2-g geo:asWKT 'POINT (5 5)'^^geo:wktLiteral }");
    }

    @AfterEach
    void close() {
        store.close();
    }

    void update(String update) {
        store.update(UpdateFactory.create(PREFIXES + update));
    }

    /** The join's answers, run twice so that the second run is answered from what the first remembered. */
    List<String> placesInRegions() {
        List<String> first = pairs();
        SpatialJoinStats stats = new SpatialJoinStats();
        List<String> second = Txn.calculateRead(store.dataset(), () -> pairs(stats));
        assertEquals(first, second);
        assertEquals(1, stats.joins.get(), "the query runs as an index join");
        return second;
    }

    List<String> pairs() {
        return Txn.calculateRead(store.dataset(), () -> pairs(new SpatialJoinStats()));
    }

    List<String> pairs(SpatialJoinStats stats) {
        List<String> out = new ArrayList<>();
        try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(PLACES_IN_REGIONS)
                .set(SpatialJoinStats.SYMBOL, stats).build()) {
            qe.execSelect().forEachRemaining((QuerySolution s) -> out.add(local(s, "p") + " " + local(s, "r")));
        }
        Collections.sort(out);
        return out;
    }

    static String local(QuerySolution s, String var) {
        return s.getResource(var).getLocalName();
    }

    SpatialObjectLookup lookup() {
        DatasetGraph dsg = store.dataset().asDatasetGraph();
        return SpatialObjectLookup.of(new ExecutionContext(dsg.getContext(), dsg.getDefaultGraph(), dsg, null));
    }

    @Test
    void everyCommittedMoveAndLinkIsSeenByTheNextJoin() {
        assertEquals(List.of("p1 north", "p2 south"), placesInRegions());

        update("DELETE { ex:p1-g geo:asWKT ?w } INSERT { ex:p1-g geo:asWKT 'POINT (5 6)'^^geo:wktLiteral } "
                + "WHERE { ex:p1-g geo:asWKT ?w }");
        assertEquals(List.of("p1 south", "p2 south"), placesInRegions());

        update("INSERT DATA { ex:p2 geo:sfWithin ex:far }"); // an asserted relation holds whatever the geometries say
        assertEquals(List.of("p1 south", "p2 far", "p2 south"), placesInRegions());

        update("DELETE DATA { ex:p1 geo:hasDefaultGeometry ex:p1-g }"); // no longer a spatial object
        assertEquals(List.of("p2 far", "p2 south"), placesInRegions());
    }

    @Test
    void aReaderOfAnOlderStateKeepsItsSnapshot() throws Exception {
        CountDownLatch readerStarted = new CountDownLatch(1);
        CountDownLatch moved = new CountDownLatch(1);
        CompletableFuture<String> before = new CompletableFuture<>();
        CompletableFuture<String> after = new CompletableFuture<>();
        Thread reader = new Thread(() -> Txn.executeRead(store.dataset(), () -> {
            try {
                before.complete(lookup().geometryLiteral(P1).getLiteralLexicalForm());
                readerStarted.countDown();
                assertTrue(moved.await(30, TimeUnit.SECONDS));
                after.complete(lookup().geometryLiteral(P1).getLiteralLexicalForm());
            } catch (Throwable e) {
                after.completeExceptionally(e);
            }
        }));
        reader.start();
        assertTrue(readerStarted.await(30, TimeUnit.SECONDS));
        update("DELETE { ex:p1-g geo:asWKT ?w } INSERT { ex:p1-g geo:asWKT 'POINT (7 7)'^^geo:wktLiteral } "
                + "WHERE { ex:p1-g geo:asWKT ?w }");
        // a newer reader looks up the moved point first, so the store's remembered answers are the new state's
        assertEquals("POINT (7 7)", Txn.calculateRead(store.dataset(),
                () -> lookup().geometryLiteral(P1).getLiteralLexicalForm()));
        moved.countDown();
        reader.join(30_000);
        assertEquals("POINT (5 15)", before.get());
        assertEquals("POINT (5 15)", after.get(), "the older reader still sees its own state");
    }

    @Test
    void aWriteTransactionSeesItsOwnChanges() {
        Txn.executeRead(store.dataset(), () -> assertTrue(lookup().remembers()));
        Txn.executeWrite(store.dataset(), () -> {
            store.dataset().asDatasetGraph().getDefaultGraph().add(P1, NodeFactory.createURI(
                    "http://www.opengis.net/ont/geosparql#sfWithin"), NodeFactory.createURI("https://example.org/far"));
            SpatialObjectLookup lookup = lookup();
            assertFalse(lookup.remembers());
            assertEquals(List.of(NodeFactory.createURI("https://example.org/far")), lookup.objects(P1,
                    NodeFactory.createURI("http://www.opengis.net/ont/geosparql#sfWithin")));
        });
    }

    @Test
    void aTdb2DatasetThatNoStoreSetUpRemembersNothing(@TempDir Path dir) {
        org.apache.jena.query.Dataset plain = org.apache.jena.tdb2.TDB2Factory.connectDataset(dir.toString());
        DatasetGraph dsg = plain.asDatasetGraph();
        Txn.executeRead(plain, () -> assertFalse(SpatialObjectLookup.of(
                new ExecutionContext(dsg.getContext(), dsg.getDefaultGraph(), dsg, null)).remembers()));
        Txn.executeRead(store.dataset(), () -> assertTrue(lookup().remembers()));
    }
}
