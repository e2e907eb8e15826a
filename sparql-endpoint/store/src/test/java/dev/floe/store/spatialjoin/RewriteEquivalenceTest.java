package dev.floe.store.spatialjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.floe.store.GeoStore;
import dev.floe.store.StoreFixtures;

/**
 * Every query of the GeoSPARQL compliance benchmark (../shared/geosparql-benchmark, 212 queries) answers on a real
 * store exactly as ARQ's own evaluation of it on the same store: floe's rewrites (spatial and distance joins, the
 * property function against a constant moved first) change how a query is evaluated, never its answer. Rows are
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

    /** The answer as {@link StoreFixtures#answer} gives it, or the error's class. */
    static List<String> answer(String query, boolean rewrite) {
        try {
            return StoreFixtures.answer(store, query, rewrite);
        } catch (RuntimeException e) {
            return List.of("error: " + e.getClass().getSimpleName());
        }
    }
}
