package dev.floe.store.spatialjoin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.apache.jena.query.Dataset;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.ReadWrite;
import org.junit.jupiter.api.Test;

import dev.floe.store.geosparql.GeoSparqlSetup;

/**
 * A focused, in-process measurement of distance conditions with the rewrite on (index join, envelope-filtered
 * selection) and off (ARQ's nested loop), alternating, on synthetic data shaped like the issue's: 1,500 points
 * against 159 detailed polygons (300 vertices), and a selection over 3,000 geometries (a third of them polygons of
 * 100 vertices). Not a test (the name keeps it out of the test run): run it with
 * {@code mvn -B -o -pl sparql-endpoint/store test -Dtest=DistanceJoinBenchmark}; it prints a Markdown table.
 */
class DistanceJoinBenchmark {

    static final int RUNS = 7;

    @Test
    void distanceJoinsAgainstTheNestedLoop() {
        GeoSparqlSetup.ensureJena();
        Random r = new Random(159);
        StringBuilder ttl = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            DistanceJoinTest.feature(ttl, "p" + i, "ex:Place", DistanceJoinTest.point(-180 + 360 * r.nextDouble(),
                    Math.toDegrees(Math.asin(2 * r.nextDouble() - 1))));
        }
        for (int i = 0; i < 159; i++) {
            DistanceJoinTest.feature(ttl, "s" + i, "ex:Shelf", blob(r, 300));
        }
        for (int i = 0; i < 3000; i++) {
            double lon = -180 + 360 * r.nextDouble();
            double lat = Math.toDegrees(Math.asin(2 * r.nextDouble() - 1)) * 0.95;
            DistanceJoinTest.feature(ttl, "f" + i, "ex:Feature", i % 3 == 0 ? blobAt(r, lon, lat, 100) : DistanceJoinTest.point(lon, lat));
        }
        Dataset ds = DistanceJoinTest.dataset(ttl.toString());
        String[][] queries = {
            {"join: 1,500 points within 100 km of 159 polygons (300 vertices)", "SELECT ?a ?b WHERE { ?a a ex:Place ; geo:asWKT ?wa . "
                    + "?b a ex:Shelf ; geo:asWKT ?wb . FILTER(geof:distance(?wa, ?wb, uom:metre) < 100000) }"},
            {"selection: 3,000 geometries within 300 km of Oslo", "SELECT ?a WHERE { ?a a ex:Feature ; geo:asWKT ?w . "
                    + "FILTER(geof:distance(?w, \"POINT(10.7522 59.9139)\"^^geo:wktLiteral, uom:kilometre) < 300) }"},
            {"the selection's pattern alone, no filter (its floor)", "SELECT ?a WHERE { ?a a ex:Feature ; geo:asWKT ?w }"},
        };
        List<String> table = new ArrayList<>();
        table.add("| query | rows | index ms | nested loop ms | nested / index |");
        table.add("|---|---|---|---|---|");
        for (String[] q : queries) {
            double[] on = new double[RUNS];
            double[] off = new double[RUNS];
            for (int i = -1; i < RUNS; i++) { // one untimed round first
                double a = time(ds, q[1], true);
                double b = time(ds, q[1], false);
                if (i >= 0) {
                    on[i] = a;
                    off[i] = b;
                }
            }
            int rows = DistanceJoinTest.rows(ds, q[1], true, new SpatialJoinStats()).size();
            if (rows != DistanceJoinTest.rows(ds, q[1], false, new SpatialJoinStats()).size()) {
                throw new IllegalStateException("answers differ: " + q[0]);
            }
            Arrays.sort(on);
            Arrays.sort(off);
            table.add(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f |", q[0], rows, on[RUNS / 2], off[RUNS / 2],
                    off[RUNS / 2] / on[RUNS / 2]));
        }
        System.out.println(Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + "; median of " + RUNS + " alternating runs after an untimed round");
        table.forEach(System.out::println);
    }

    private static double time(Dataset ds, String query, boolean spatialJoin) {
        long t = System.nanoTime();
        ds.begin(ReadWrite.READ);
        try (QueryExecution qe = DistanceJoinTest.withoutRewrites(QueryExecution.dataset(ds).query(DistanceJoinTest.P + query),
                !spatialJoin).build()) {
            qe.execSelect().forEachRemaining(s -> { });
        } finally {
            ds.end();
        }
        return (System.nanoTime() - t) / 1e6;
    }

    /** An irregular ring of {@code n} vertices somewhere south of 60 degrees south, like an ice shelf. */
    private static String blob(Random r, int n) {
        return blobAt(r, -180 + 359 * r.nextDouble(), -60 - 18 * r.nextDouble(), n);
    }

    private static String blobAt(Random r, double lon, double lat, int n) {
        double radius = 0.2 + 2 * r.nextDouble();
        StringBuilder wkt = new StringBuilder("POLYGON((");
        String first = null;
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * i / n;
            double k = radius * (0.7 + 0.3 * r.nextDouble());
            String c = String.format(Locale.ROOT, "%.6f %.6f", lon + k * Math.cos(angle),
                    Math.max(-89.9, Math.min(89.9, lat + 0.5 * k * Math.sin(angle))));
            wkt.append(c).append(", ");
            first = first == null ? c : first;
        }
        return wkt.append(first).append("))").toString();
    }
}
