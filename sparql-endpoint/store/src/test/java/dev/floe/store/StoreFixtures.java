package dev.floe.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.jena.geosparql.spatial.SpatialIndex;
import org.apache.jena.geosparql.spatial.SpatialIndexConstants;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionDatasetBuilder;
import org.apache.jena.query.ResultSet;
import org.apache.jena.sparql.ARQConstants;
import org.apache.jena.sparql.algebra.optimize.Optimize;

/**
 * The store's test fixtures as files, for this module's tests and for the modules that read them from floe-store's
 * test-jar (the server's): a fixture inside a jar is copied out once per JVM, since a store loads files by path.
 */
public final class StoreFixtures {
    private StoreFixtures() {
    }

    /**
     * A query's answer on a real store, evaluated as the endpoint evaluates it (one read transaction with the spatial
     * index version of the same write), after floe's rewrites or, with {@code rewrite} false, ARQ's own optimizer set
     * on this query only: a SELECT's rows as {@link #sortedRows}, an ASK's {@code true} or {@code false}, a CONSTRUCT's
     * or DESCRIBE's triples, sorted.
     */
    public static List<String> answer(GeoStore store, String query, boolean rewrite) {
        return answer(store, query, rewrite, null, null);
    }

    /** {@link #answer(GeoStore, String, boolean)} with one more setting in the query's context (e.g. counters). */
    public static List<String> answer(GeoStore store, String query, boolean rewrite, org.apache.jena.sparql.util.Symbol key, Object value) {
        SpatialIndex index = store.beginRead();
        try {
            QueryExecutionDatasetBuilder builder = QueryExecution.dataset(store.dataset()).query(query)
                    .set(SpatialIndexConstants.symSpatialIndex, index);
            if (key != null) {
                builder = builder.set(key, value);
            }
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
                return sortedRows(qe.execSelect());
            }
        } finally {
            store.dataset().end();
        }
    }

    /** The solutions as "var=value ..." rows, the variables in name order, the rows sorted: comparable as multisets. */
    public static List<String> sortedRows(ResultSet solutions) {
        List<String> rows = new ArrayList<>();
        solutions.forEachRemaining(s -> {
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

    /** Five Natural Earth populated places and a box around Italy (Turtle), the fixture most store and endpoint tests load. */
    public static Path places() {
        return file("places.ttl");
    }

    /**
     * A file of the real public datasets in ../shared/data (see its README), by its path there, e.g. {@code
     * natural-earth/50m/ne_50m_lakes.json}; {@code -Dfloe.shared.data=DIR} points elsewhere. Null where this checkout
     * has none: tests that need it skip. The default path is the one from a module two folders below the repository
     * (sparql-endpoint/store, ml/core: the modules whose tests use this); app/ and geo/ are one folder below.
     */
    public static Path sharedData(String relative) {
        String base = System.getProperty("floe.shared.data");
        Path dir = base == null ? Path.of("..", "..", "..", "shared", "data") : Path.of(base);
        Path p = dir.resolve(relative);
        return Files.isRegularFile(p) ? p : null;
    }

    /** A fixture of {@code src/test/resources/dev/floe/store/} by file name. */
    public static synchronized Path file(String name) {
        URL url = StoreFixtures.class.getResource(name);
        if (url == null) {
            throw new IllegalArgumentException("no store fixture " + name);
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
            Path copy = Path.of(System.getProperty("java.io.tmpdir"), "floe-store-fixtures-" + ProcessHandle.current().pid(), name);
            if (!Files.exists(copy)) {
                Files.createDirectories(copy.getParent());
                try (InputStream in = url.openStream()) {
                    Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                }
                copy.toFile().deleteOnExit();
                copy.getParent().toFile().deleteOnExit();
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
