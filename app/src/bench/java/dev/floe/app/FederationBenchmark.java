package dev.floe.app;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.RDFDataMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.WKTReader;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.federation.FederatedGateway;
import dev.floe.federation.FederatedQueryException;
import dev.floe.federation.Federation;
import dev.floe.federation.GatewayOptions;
import dev.floe.federation.Member;
import dev.floe.federation.MemberStatus;
import dev.floe.store.GeoStore;
import dev.floe.triplify.ProgressListener;

/**
 * The federation benchmark (docs/BENCHMARKS.md), run with {@code mvn -B -Pbench verify}: a GeoFedBench-like
 * federation of the demo data split by theme (countries, seas, ice shelves, glaciated areas, populated places)
 * and by region (west of 30 W; east of it north and south of the equator) into Fuseki datasets, plus floe
 * serving the EO products: query time and remote requests of floe's gateway (summaries, spatial pruning)
 * against plain FedX (ASK probes only) over the same members, in one run. Prints a Markdown table and writes
 * it to target/benchmark-federation.md. Not a test: it asserts nothing but equal answer counts.
 */
class FederationBenchmark {

    static final String P = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX geof: <http://www.opengis.net/def/function/geosparql/> PREFIX floe: <https://w3id.org/floe/ontology#> "
            + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ";
    static final String BALKANS = "\"POLYGON ((13 42, 20 42, 20 47, 13 47, 13 42))\"^^geo:wktLiteral";
    static final String ROSS = "\"<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POLYGON ((160 -86, 210 -86, 210 -70, 160 -70, 160 -86))\"^^geo:wktLiteral";
    static final String[][] QUERIES = {
        {"places in a box (Balkans)", "SELECT ?p WHERE { ?p a floe:PopulatedPlace ; geo:hasDefaultGeometry/geo:asWKT ?w . "
                + "FILTER(geof:sfWithin(?w, " + BALKANS + ")) }"},
        {"ice shelves meeting a box (Ross Sea, CRS84 IRI)", "SELECT ?s WHERE { ?s a floe:IceShelf ; geo:hasDefaultGeometry/geo:asWKT ?w . "
                + "FILTER(geof:sfIntersects(?w, " + ROSS + ")) }"},
        {"labels of seas meeting a box (Balkans)", "SELECT ?name WHERE { ?s a floe:Sea ; rdfs:label ?name ; geo:hasDefaultGeometry/geo:asWKT ?w . "
                + "FILTER(geof:sfIntersects(?w, " + BALKANS + ")) }"},
        {"products x countries in a box (Balkans)", "SELECT ?product ?country WHERE { ?p a floe:EOProduct ; floe:productId ?product ; "
                + "geo:hasDefaultGeometry/geo:asWKT ?fp . ?c a floe:Country ; rdfs:label ?country ; geo:hasDefaultGeometry/geo:asWKT ?cw . "
                + "FILTER(geof:sfIntersects(?cw, " + BALKANS + ") && geof:sfIntersects(?fp, ?cw)) }"},
        {"products x countries and seas (no area)", "SELECT ?product ?place WHERE { ?p a floe:EOProduct ; floe:productId ?product ; "
                + "geo:hasDefaultGeometry/geo:asWKT ?fp . { ?c a floe:Country ; rdfs:label ?place ; geo:hasDefaultGeometry/geo:asWKT ?cw } "
                + "UNION { ?c a floe:Sea ; rdfs:label ?place ; geo:hasDefaultGeometry/geo:asWKT ?cw } FILTER(geof:sfIntersects(?fp, ?cw)) }"},
    };
    static final int WARMUP = 3;
    static final int RUNS = 7;
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    final List<String> out = new ArrayList<>();

    @Test
    void gatewayAgainstPlainFedX() throws Exception {
        GeoStore all = GeoStore.open(tmp.resolve("demo"));
        DemoData.install(all, line -> { }, ProgressListener.NONE);
        Path rdf = all.directory().resolve("demo-input/rdf");
        GeoStore products = GeoStore.open(tmp.resolve("products"));
        try (Stream<Path> files = Files.list(rdf)) {
            products.load(files.filter(f -> f.getFileName().toString().startsWith("stac-")).sorted().toList());
        }
        all.close();
        FusekiServer.Builder fuseki = FusekiServer.create().loopback(true).port(0);
        List<String> datasets = new ArrayList<>();
        for (String theme : List.of("countries", "seas", "ice-shelves", "glaciated-areas", "populated-places")) {
            for (Map.Entry<String, Model> part : split(RDFDataMgr.loadModel(rdf.resolve(theme + ".nt").toString())).entrySet()) {
                if (!part.getValue().isEmpty()) {
                    Dataset ds = DatasetFactory.createTxnMem();
                    ds.getDefaultModel().add(part.getValue());
                    fuseki.add("/" + theme + "-" + part.getKey(), ds);
                    datasets.add(theme + "-" + part.getKey());
                }
            }
        }
        FusekiServer server = fuseki.build().start();
        EndpointServer floe = EndpointServer.start(products, EndpointConfig.loopback(0));
        List<Member> members = new ArrayList<>();
        members.add(new Member("products", floe.sparqlUri(), false, Member.DEFAULT_TIMEOUT, null));
        for (String d : datasets) {
            members.add(new Member(d, java.net.URI.create("http://127.0.0.1:" + server.getHttpPort() + "/" + d + "/query"), false,
                    Member.DEFAULT_TIMEOUT, null));
        }
        Federation federation = new Federation(members, "benchmark");
        try (FederatedGateway gateway = FederatedGateway.start(federation, GatewayOptions.defaults().withQueryTimeout(TIMEOUT));
             FederatedGateway plain = FederatedGateway.start(federation, GatewayOptions.plainFedX().withQueryTimeout(TIMEOUT))) {
            line("## Federated queries: floe's gateway against plain FedX");
            line("");
            line("Data: the demo data as a GeoFedBench-like federation of " + members.size() + " endpoints: floe serving the "
                    + "23 EO products, and " + datasets.size() + " datasets of an embedded Fuseki 5.6.0 (the Natural Earth layers "
                    + "split by theme and by region: west of 30 W, east of it north and south of the equator). Both engines are "
                    + "FedX 5.1.2 over the same members; floe's adds the member summaries (" + summaryTime(gateway) + ") and "
                    + "the pruning. Requests: HTTP requests to all members for one query, first run (FedX's ASK cache cold) "
                    + "and each warm run. Time: median of " + RUNS + " runs after " + WARMUP + " warm-up runs (3 runs, no warm-up, "
                    + "when one run takes over 5 s); a query is cancelled after " + TIMEOUT.toSeconds() + " s.");
            line("");
            line("| query | rows | floe requests cold / warm | FedX requests cold / warm | floe ms | FedX ms | FedX / floe |");
            line("|---|---|---|---|---|---|---|");
            for (String[] q : QUERIES) {
                Measure f = measure(gateway, P + q[1]);
                Measure x = measure(plain, P + q[1]);
                if (x == null) {
                    line(String.format(Locale.ROOT, "| %s | %d | %d / %d | - | %.1f | over %d s (cancelled) | over %.0f |", q[0], f.rows,
                            f.coldRequests, f.warmRequests, f.median, TIMEOUT.toSeconds(), TIMEOUT.toMillis() / f.median));
                    continue;
                }
                String rows = f.rows == x.rows ? String.valueOf(f.rows) : "floe " + f.rows + " / FedX " + x.rows + " (differ)";
                line(String.format(Locale.ROOT, "| %s | %s | %d / %d | %d / %d | %.1f | %.1f | %.1f |", q[0], rows, f.coldRequests,
                        f.warmRequests, x.coldRequests, x.warmRequests, f.median, x.median, x.median / f.median));
            }
            line("");
        } finally {
            floe.close();
            server.stop();
            products.close();
        }
        Path report = Path.of("target", "benchmark-federation.md");
        try (BufferedWriter w = Files.newBufferedWriter(report, StandardCharsets.UTF_8)) {
            for (String l : out) {
                w.write(l);
                w.newLine();
            }
        }
    }

    static String summaryTime(FederatedGateway g) {
        long started = System.nanoTime();
        List<MemberStatus> s = g.refreshSummaries();
        return String.format(Locale.ROOT, "%d members summarised in %.0f ms", s.size(), (System.nanoTime() - started) / 1e6);
    }

    record Measure(long rows, long coldRequests, long warmRequests, double median) {
    }

    static long requests(FederatedGateway g) {
        return g.members().stream().mapToLong(m -> m.traffic().requests()).sum();
    }

    /** Cold run, warm-up, timed runs (fewer when one run takes seconds); null when a run passes the timeout. */
    static Measure measure(FederatedGateway g, String query) {
        long before = requests(g);
        long rows;
        long started = System.nanoTime();
        try {
            rows = g.query(query, false).rows().size();
        } catch (FederatedQueryException e) {
            if (e.timedOut()) {
                return null;
            }
            throw e;
        }
        boolean slow = System.nanoTime() - started > 5e9;
        long cold = requests(g) - before;
        int runs = slow ? 3 : RUNS;
        for (int i = 1; i < (slow ? 1 : WARMUP); i++) {
            g.query(query, false);
        }
        double[] ms = new double[runs];
        long warmBefore = requests(g);
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            g.query(query, false);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        long warm = (requests(g) - warmBefore) / runs;
        Arrays.sort(ms);
        return new Measure(rows, cold, warm, ms[runs / 2]);
    }

    /** Splits a layer's features (with their geometries) by the region of their centroid. */
    static Map<String, Model> split(Model layer) throws Exception {
        Property hasDefault = layer.createProperty("http://www.opengis.net/ont/geosparql#hasDefaultGeometry");
        Property asWkt = layer.createProperty("http://www.opengis.net/ont/geosparql#asWKT");
        Map<String, Model> parts = new LinkedHashMap<>();
        for (String r : List.of("west", "north", "south")) {
            parts.put(r, ModelFactory.createDefaultModel());
        }
        WKTReader wkt = new WKTReader();
        for (Resource f : layer.listSubjectsWithProperty(hasDefault).toList()) {
            Resource g = f.getPropertyResourceValue(hasDefault);
            Point c = wkt.read(g.getProperty(asWkt).getString()).getCentroid();
            String region = c.getX() < -30 ? "west" : c.getY() >= 0 ? "north" : "south";
            parts.get(region).add(f.listProperties()).add(g.listProperties());
        }
        return parts;
    }

    void line(String s) {
        System.out.println(s);
        out.add(s);
    }
}
