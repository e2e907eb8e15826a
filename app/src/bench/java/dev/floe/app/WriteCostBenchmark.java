package dev.floe.app;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.system.Txn;
import org.apache.jena.update.UpdateFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.store.GeoStore;

/**
 * What one small write costs as the store grows: stores of 1k, 10k, 100k and 1M point features in one graph, then
 * rounds of one INSERT DATA of one feature (timed from the call to its return: committed and indexed) followed by the
 * spatial property-function query that finds it (timed likewise). Medians printed per size, with the ratio to the
 * 1k store. Run: {@code mvn -B -Pbench test -pl app -am -Dtest=WriteCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (sizes by {@code -Dfloe.bench.writeSizes=1000,10000}).
 */
class WriteCostBenchmark {

    static final String GEO = "http://www.opengis.net/ont/geosparql#";

    @TempDir
    Path tmp;

    @Test
    void oneSmallWriteAndTheNextSpatialQueryAsTheStoreGrows() throws Exception {
        String sizes = System.getProperty("floe.bench.writeSizes", "1000,10000,100000,1000000");
        List<String> table = new ArrayList<>();
        double writeBase = 0;
        double queryBase = 0;
        for (String s : sizes.split(",")) {
            int n = Integer.parseInt(s.strip());
            Path data = tmp.resolve("features-" + n + ".nt");
            try (BufferedWriter w = Files.newBufferedWriter(data, StandardCharsets.UTF_8)) {
                for (int i = 0; i < n; i++) {
                    w.write("<https://example.org/f" + i + "> <" + GEO + "hasDefaultGeometry> <https://example.org/g" + i + "> .\n");
                    w.write("<https://example.org/g" + i + "> <" + GEO + "asWKT> \"POINT (" + ((i * 7919L) % 36000 / 100.0 - 180) + " "
                            + ((i * 104729L) % 16000 / 100.0 - 80) + ")\"^^<" + GEO + "wktLiteral> .\n");
                }
            }
            try (GeoStore store = GeoStore.open(tmp.resolve("store-" + n))) {
                store.load(List.of(data));
                int rounds = n >= 1_000_000 ? 5 : 9;
                List<Double> writes = new ArrayList<>();
                List<Double> queries = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    double lon = 100 + r * 0.001;
                    long t0 = System.nanoTime();
                    store.update(UpdateFactory.create("INSERT DATA { <https://example.org/new" + r + "> <" + GEO
                            + "hasDefaultGeometry> <https://example.org/new" + r + "-g> . <https://example.org/new" + r + "-g> <" + GEO
                            + "asWKT> \"POINT (" + lon + " 85.5)\"^^<" + GEO + "wktLiteral> }"));
                    long t1 = System.nanoTime();
                    long found = Txn.calculateRead(store.dataset(), () -> {
                        try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query("PREFIX geo: <" + GEO + "> "
                                + "SELECT ?f WHERE { ?f geo:sfWithin \"POLYGON ((99.9 85.4, 100.1 85.4, 100.1 85.6, 99.9 85.6, 99.9 85.4))\"^^geo:wktLiteral ; "
                                + "geo:hasDefaultGeometry ?g }").build()) {
                            long c = 0;
                            var rs = qe.execSelect();
                            while (rs.hasNext()) {
                                rs.next();
                                c++;
                            }
                            return c;
                        }
                    });
                    long t2 = System.nanoTime();
                    if (found != r + 1) {
                        throw new AssertionError("store of " + n + ": round " + r + " found " + found + " new features");
                    }
                    writes.add((t1 - t0) / 1e6);
                    queries.add((t2 - t1) / 1e6);
                }
                double write = median(writes);
                double query = median(queries);
                if (writeBase == 0) {
                    writeBase = write;
                    queryBase = query;
                }
                table.add(String.format(Locale.ROOT, "| %,d | %,d | %.1f | %.2fx | %.1f | %.2fx |", n, 2L * n, write, write / writeBase,
                        query, query / queryBase));
            }
        }
        System.out.println("| features | triples | one INSERT DATA, ms (median) | vs 1k | next spatial query, ms | vs 1k |");
        System.out.println("|---|---|---|---|---|---|");
        table.forEach(System.out::println);
    }

    private static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        return v.get(v.size() / 2);
    }
}
