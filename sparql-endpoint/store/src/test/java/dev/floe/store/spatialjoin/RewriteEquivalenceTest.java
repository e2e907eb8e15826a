package dev.floe.store.spatialjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.apache.jena.geosparql.spatial.SpatialIndex;
import org.apache.jena.geosparql.spatial.SpatialIndexConstants;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionDatasetBuilder;
import org.apache.jena.sparql.ARQConstants;
import org.apache.jena.sparql.algebra.optimize.Optimize;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.floe.store.GeoStore;
import dev.floe.store.StoreFixtures;

/**
 * Every query of the GeoSPARQL compliance benchmark (../shared/geosparql-benchmark, 212 queries) answers on a real
 * store exactly as ARQ's own evaluation of it on the same store: floe's rewrites (spatial and distance joins, index
 * selections, the property function moved first) change how a query is evaluated, never its answer. Rows are
 * compared as multisets; a query that fails must fail both ways.
 */
class RewriteEquivalenceTest {

    static final Path BENCHMARK = StoreFixtures.sharedData("../geosparql-benchmark/geosparql10/gsb_dataset/dataset.rdf");

    @TempDir
    static Path dir;
    static GeoStore store;

    @BeforeAll
    static void load() {
        assumeTrue(BENCHMARK != null, "no ../shared/geosparql-benchmark");
        store = GeoStore.open(dir.resolve("store"));
        store.load(List.of(BENCHMARK));
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    static Stream<Path> queries() throws IOException {
        if (BENCHMARK == null) {
            return Stream.empty();
        }
        Path folder = BENCHMARK.getParent().resolveSibling("gsb_queries");
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> all = files.filter(f -> f.toString().endsWith(".rq")).sorted().toList();
            assertTrue(all.size() >= 200, "the benchmark's queries: " + all.size());
            return all.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void aBenchmarkQueryAnswersAsArqsOwnEvaluation(Path query) throws IOException {
        String text = Files.readString(query);
        assertEquals(answer(text, false), answer(text, true), query.getFileName() + ": floe's rewrites against ARQ's own");
    }

    /** The sorted rows ("var=value ..."), the boolean of an ASK, or the error's class; one store read. */
    static List<String> answer(String query, boolean rewrite) {
        SpatialIndex index = store.beginRead();
        try {
            QueryExecutionDatasetBuilder builder = QueryExecution.dataset(store.dataset()).query(query)
                    .set(SpatialIndexConstants.symSpatialIndex, index);
            if (!rewrite) {
                builder = builder.set(ARQConstants.sysOptimizerFactory, Optimize.getFactory());
            }
            try (QueryExecution qe = builder.build()) {
                if (qe.getQuery().isAskType()) {
                    return List.of(Boolean.toString(qe.execAsk()));
                }
                if (qe.getQuery().isConstructType() || qe.getQuery().isDescribeType()) {
                    List<String> triples = new ArrayList<>();
                    qe.execConstructTriples().forEachRemaining(t -> triples.add(t.toString()));
                    Collections.sort(triples);
                    return triples;
                }
                List<String> rows = new ArrayList<>();
                qe.execSelect().forEachRemaining(s -> {
                    List<String> vars = new ArrayList<>();
                    s.varNames().forEachRemaining(vars::add);
                    Collections.sort(vars);
                    StringBuilder row = new StringBuilder();
                    vars.forEach(v -> row.append(v).append('=').append(s.get(v)).append(' '));
                    rows.add(row.toString().trim());
                });
                Collections.sort(rows);
                return rows;
            }
        } catch (RuntimeException e) {
            return List.of("error: " + e.getClass().getSimpleName());
        } finally {
            store.dataset().end();
        }
    }
}
