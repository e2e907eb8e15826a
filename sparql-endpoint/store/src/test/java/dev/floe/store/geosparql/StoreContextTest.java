package dev.floe.store.geosparql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.geosparql.geof.nontopological.filter_functions.DistanceFF;
import org.apache.jena.geosparql.implementation.vocabulary.Geof;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.rdfconnection.RDFConnection;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.ARQConstants;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.OpVisitorBase;
import org.apache.jena.sparql.algebra.OpWalker;
import org.apache.jena.sparql.algebra.op.OpExt;
import org.apache.jena.sparql.algebra.op.OpFilter;
import org.apache.jena.sparql.algebra.optimize.Optimize;
import org.apache.jena.sparql.function.FunctionRegistry;
import org.apache.jena.sparql.pfunction.PropertyFunctionRegistry;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.system.Txn;
import org.apache.jena.update.UpdateFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.store.GeoStore;
import dev.floe.store.cancellation.CancellableRegex;
import dev.floe.store.spatialjoin.SpatialJoinStats;

/**
 * A GeoStore and an unmodified Jena dataset (and Fuseki) in one JVM: the store's queries and updates get floe's
 * corrections and rewrites, the plain dataset answers exactly as stock Jena with jena-geosparql.
 */
class StoreContextTest {

    static final String P = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX geof: <http://www.opengis.net/def/function/geosparql/> "
            + "PREFIX uom: <http://www.opengis.net/def/uom/OGC/1.0/> PREFIX ex: <https://example.org/> ";
    static final String DATA = "@prefix geo: <http://www.opengis.net/ont/geosparql#> . @prefix ex: <https://example.org/> .\n"
            + "ex:a1 a ex:A ; geo:asWKT \"POINT(0 0)\"^^geo:wktLiteral .\n"
            + "ex:a2 a ex:A ; geo:asWKT \"POINT(5 5)\"^^geo:wktLiteral .\n"
            + "ex:b1 a ex:B ; geo:asWKT \"POLYGON((-1 -1, 1 -1, 1 1, -1 1, -1 -1))\"^^geo:wktLiteral .\n";
    /** One degree of longitude on the equator, CRS84, in metres: floe's great-circle answer is about 111,195. */
    static final String DISTANCE = "geof:distance('POINT(0 0)'^^geo:wktLiteral, 'POINT(1 0)'^^geo:wktLiteral, uom:metre)";
    /** Equal points with a different serialisation: Jena's sfEquals compares the literal's coordinates exactly. */
    static final String EQUALS = "geof:ehEquals('POINT(1 2)'^^geo:wktLiteral, 'MULTIPOINT((1 2))'^^geo:wktLiteral)";
    static final String JOIN = "SELECT ?a ?b WHERE { ?a a ex:A ; geo:asWKT ?wa . ?b a ex:B ; geo:asWKT ?wb . "
            + "FILTER(geof:sfWithin(?wa, ?wb)) }";

    @TempDir
    static Path tmp;
    static GeoStore store;
    static Dataset plain;

    @BeforeAll
    static void open() {
        store = GeoStore.open(tmp.resolve("store"));
        store.update(UpdateFactory.create("PREFIX geo: <http://www.opengis.net/ont/geosparql#> INSERT DATA { "
                + "<https://example.org/a1> a <https://example.org/A> ; geo:asWKT \"POINT(0 0)\"^^geo:wktLiteral . "
                + "<https://example.org/a2> a <https://example.org/A> ; geo:asWKT \"POINT(5 5)\"^^geo:wktLiteral . "
                + "<https://example.org/b1> a <https://example.org/B> ; "
                + "geo:asWKT \"POLYGON((-1 -1, 1 -1, 1 1, -1 1, -1 -1))\"^^geo:wktLiteral . }"));
        plain = DatasetFactory.createTxnMem();
        RDFParser.fromString(DATA, Lang.TURTLE).parse(plain);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    static String eval(Dataset ds, String expression) {
        return Txn.calculateRead(ds, () -> {
            try (QueryExecution qe = QueryExecution.dataset(ds).query(P + "SELECT ?v WHERE { BIND(" + expression + " AS ?v) }").build()) {
                QuerySolution row = qe.execSelect().next();
                return row.get("v") == null ? "unbound" : row.get("v").asNode().getLiteralLexicalForm();
            }
        });
    }

    static List<String> pairs(Dataset ds, SpatialJoinStats stats) {
        return Txn.calculateRead(ds, () -> {
            List<String> out = new ArrayList<>();
            try (QueryExecution qe = QueryExecution.dataset(ds).query(P + JOIN).set(SpatialJoinStats.SYMBOL, stats).build()) {
                qe.execSelect().forEachRemaining(r -> out.add(r.get("a") + " " + r.get("b")));
            }
            return out;
        });
    }

    @Test
    void aPlainDatasetMeasuresMetresOnLonLatAsStockJena() {
        assertEquals("unbound", eval(plain, DISTANCE), "stock jena-geosparql: no linear distance on CRS84");
        assertEquals(111_195, Double.parseDouble(eval(store.dataset(), DISTANCE)), 200);
    }

    @Test
    void aPlainDatasetComparesEqualPointsAsStockJena() {
        assertEquals("false", eval(plain, EQUALS));
        assertEquals("true", eval(store.dataset(), EQUALS));
    }

    @Test
    void aPlainDatasetRunsSpatialJoinsAsArqsNestedLoop() {
        SpatialJoinStats plainStats = new SpatialJoinStats();
        SpatialJoinStats storeStats = new SpatialJoinStats();
        assertEquals(List.of("https://example.org/a1 https://example.org/b1"), pairs(plain, plainStats));
        assertEquals(pairs(plain, new SpatialJoinStats()), pairs(store.dataset(), storeStats));
        assertEquals(0, plainStats.joins.get());
        assertEquals(1, storeStats.joins.get());
    }

    @Test
    void oneQueryOnTheStoreCanRunWithArqsOwnOptimizer() {
        // how the comparisons with ARQ's nested loop run: the query's context overrides the dataset's
        SpatialJoinStats stats = new SpatialJoinStats();
        List<String> nested = Txn.calculateRead(store.dataset(), () -> {
            List<String> out = new ArrayList<>();
            try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(P + JOIN).set(SpatialJoinStats.SYMBOL, stats)
                    .set(ARQConstants.sysOptimizerFactory, Optimize.getFactory()).build()) {
                qe.execSelect().forEachRemaining(r -> out.add(r.get("a") + " " + r.get("b")));
            }
            return out;
        });
        assertEquals(List.of("https://example.org/a1 https://example.org/b1"), nested);
        assertEquals(0, stats.joins.get());
    }

    @Test
    void aPlainDatasetKeepsArqsRegexAndOptimizer() {
        Op op = Algebra.compile(QueryFactory.create(P + "SELECT ?a WHERE { ?a a ex:A FILTER(REGEX(STR(?a), 'a1')) }"));
        assertFalse(hasCancellableRegex(Algebra.optimize(op, plain.getContext())));
        assertTrue(hasCancellableRegex(Algebra.optimize(op, store.dataset().getContext())));
        assertSame(Optimize.stdOptimizationFactory, Optimize.getFactory(), "ARQ's JVM-wide optimizer is Jena's own");
        assertNull(plain.getContext().get(ARQConstants.sysOptimizerFactory));
    }

    @Test
    void jenasRegistriesKeepJenasOwnFunctions() {
        assertInstanceOf(DistanceFF.class, FunctionRegistry.get().get(Geof.DISTANCE_NAME).create(Geof.DISTANCE_NAME));
        assertInstanceOf(GeodesicDistance.class, assertInstanceOf(dev.floe.store.cancellation.Cancellation.Checked.class,
                FunctionRegistry.get(store.dataset().getContext()).get(Geof.DISTANCE_NAME).create(Geof.DISTANCE_NAME)).inner());
        String sfWithin = "http://www.opengis.net/ont/geosparql#sfWithin";
        assertFalse(PropertyFunctionRegistry.get().get(sfWithin).create(sfWithin) instanceof TopologyProperties.Distinct);
        assertInstanceOf(TopologyProperties.Distinct.class,
                PropertyFunctionRegistry.get(store.dataset().getContext()).get(sfWithin).create(sfWithin));
        Context global = org.apache.jena.query.ARQ.getContext();
        assertNull(global.get(ARQConstants.sysOptimizerFactory));
        assertSame(FunctionRegistry.get(), FunctionRegistry.get(global));
    }

    @Test
    void updatesOnTheStoreUseItsFunctions() {
        store.update(UpdateFactory.create(P + "INSERT { ex:d ex:metres ?d } WHERE { BIND(" + DISTANCE + " AS ?d) }"));
        String d = Txn.calculateRead(store.dataset(), () -> {
            try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(P + "SELECT ?d { ex:d ex:metres ?d }").build()) {
                return qe.execSelect().next().getLiteral("d").getLexicalForm();
            }
        });
        assertEquals(111_195, Double.parseDouble(d), 200);
    }

    @Test
    void fusekiInTheSameJvmAnswersAsShipped() {
        FusekiServer fuseki = FusekiServer.create().loopback(true).port(0).add("/ds", plain).build().start();
        try (RDFConnection c = RDFConnection.connect("http://127.0.0.1:" + fuseki.getHttpPort() + "/ds")) {
            List<String> answers = new ArrayList<>();
            c.querySelect(P + "SELECT ?d ?e WHERE { BIND(" + DISTANCE + " AS ?d) BIND(" + EQUALS + " AS ?e) }",
                    r -> answers.add((r.contains("d") ? r.get("d").toString() : "unbound") + " " + r.getLiteral("e").getLexicalForm()));
            assertEquals(List.of("unbound false"), answers);
        } finally {
            fuseki.stop();
        }
    }

    static boolean hasCancellableRegex(Op op) {
        boolean[] found = {false};
        OpWalker.walk(op, new OpVisitorBase() {
            @Override
            public void visit(OpFilter filter) {
                filter.getExprs().forEach(e -> found[0] |= e instanceof CancellableRegex);
            }

            @Override
            public void visit(OpExt ext) {
            }
        });
        return found[0];
    }
}
