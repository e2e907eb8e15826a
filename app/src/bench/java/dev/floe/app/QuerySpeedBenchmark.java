package dev.floe.app;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.geosparql.configuration.GeoSPARQLConfig;
import org.apache.jena.query.ARQ;
import org.apache.jena.query.Dataset;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.ResourceFactory;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.loader.DataLoader;
import org.apache.jena.tdb2.loader.LoaderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.sparql.access.ApiKeys;
import dev.floe.ontology.Floe;
import dev.floe.store.GeoStore;
import dev.floe.triplify.InvalidGeometryPolicy;
import dev.floe.triplify.TriplifyOptions;
import dev.floe.triplify.Triplifier;

/**
 * The analyst's spatial questions on three systems in one run (issue 24): floe's endpoint, an embedded Fuseki 5.6
 * with jena-geosparql (both over HTTP on loopback, SPARQL JSON answers read by the client) and a PostGIS cluster that
 * the benchmark creates, starts and deletes (GiST indexes on geometry and geography, queried over JDBC on loopback).
 * The same Natural Earth layers in all three, at two sizes: as triplified (small) and with the populated places
 * replicated 64 times under distinct IRIs (large). Each question is timed as the median of 7 runs after warm-up
 * runs; the floor of each system is a trivial request over the same connection ({@code ASK {}}, {@code SELECT 1}).
 * Row counts are compared across the systems; a difference is printed, not hidden.
 *
 * <p>Run: {@code mvn -B -Pbench -pl app -am verify -Dtest=QuerySpeedBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (needs Debian's postgresql and postgresql-15-postgis-3). {@code -Dfloe.bench.sizes=1} runs the small size only;
 * {@code -Dfloe.bench.profile=DIR} also records a JFR profile of floe's server per question into DIR.
 */
class QuerySpeedBenchmark {

    static final String BENCH = "https://w3id.org/floe/bench#";
    static final String PREFIXES = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX geof: <http://www.opengis.net/def/function/geosparql/> PREFIX floe: <https://w3id.org/floe/ontology#> "
            + "PREFIX uom: <http://www.opengis.net/def/uom/OGC/1.0/> PREFIX attr: <https://w3id.org/floe/attr/> "
            + "PREFIX bench: <" + BENCH + "> ";

    /** A Natural Earth layer: its file under ../shared/data/natural-earth, class, PostGIS table and population attribute. */
    record Layer(String file, String dataset, Resource featureClass, String table, String population) {
    }

    static final List<Layer> LAYERS = List.of(
            new Layer("110m/ne_110m_admin_0_countries.json", "countries", Floe.Country, "countries", "POP_EST"),
            new Layer("10m/ne_10m_antarctic_ice_shelves_polys.json", "ice-shelves", Floe.IceShelf, "ice_shelves", null),
            new Layer("50m/ne_50m_geography_marine_polys.json", "seas", Floe.Sea, "seas", null),
            new Layer("50m/ne_50m_glaciated_areas.json", "glaciated-areas", Floe.GlaciatedArea, "glaciated", null),
            new Layer("50m/ne_50m_lakes.json", "lakes", ResourceFactory.createResource(BENCH + "Lake"), "lakes", null),
            new Layer("50m/ne_50m_populated_places_simple.json", "populated-places", Floe.PopulatedPlace, "places", "pop_max"));

    static final int COPIES_LARGE = 64;
    static final String SMALL_BOX = "POLYGON((3 50, 7 50, 7 53.5, 3 53.5, 3 50))";
    /** A large, non-rectangular polygon over Europe, North Africa and the Middle East. */
    static final String LARGE_POLYGON = "POLYGON((-10 35, 5 20, 30 15, 55 25, 60 45, 40 60, 20 70, 0 60, -10 35))";
    static final String MEETING_POLYGON = "POLYGON((10 45, 20 45, 20 50, 10 50, 10 45))";

    /** A question: its class, its SPARQL and its SQL (both give one row per answer). */
    record Question(String name, String sparql, String sql) {
    }

    static final List<Question> QUESTIONS = List.of(
            new Question("places in a small box (filter)",
                    "SELECT ?p WHERE { ?p a floe:PopulatedPlace ; geo:hasDefaultGeometry/geo:asWKT ?w . "
                            + "FILTER(geof:sfWithin(?w, " + wkt(SMALL_BOX) + ")) }",
                    "SELECT iri FROM places WHERE ST_Within(geom, ST_GeomFromText('" + SMALL_BOX + "', 4326))"),
            new Question("places in a small box (property function)",
                    "SELECT ?p WHERE { ?p a floe:PopulatedPlace ; geo:sfWithin " + wkt(SMALL_BOX) + " }",
                    "SELECT iri FROM places WHERE ST_Within(geom, ST_GeomFromText('" + SMALL_BOX + "', 4326))"),
            new Question("places in a large polygon",
                    "SELECT ?p WHERE { ?p a floe:PopulatedPlace ; geo:hasDefaultGeometry/geo:asWKT ?w . "
                            + "FILTER(geof:sfWithin(?w, " + wkt(LARGE_POLYGON) + ")) }",
                    "SELECT iri FROM places WHERE ST_Within(geom, ST_GeomFromText('" + LARGE_POLYGON + "', 4326))"),
            new Question("countries meeting a polygon",
                    "SELECT ?c WHERE { ?c a floe:Country ; geo:hasDefaultGeometry/geo:asWKT ?w . "
                            + "FILTER(geof:sfIntersects(?w, " + wkt(MEETING_POLYGON) + ")) }",
                    "SELECT iri FROM countries WHERE ST_Intersects(geom, ST_GeomFromText('" + MEETING_POLYGON + "', 4326))"),
            new Question("places per country (point in polygon, count)",
                    "SELECT ?c (COUNT(?p) AS ?n) WHERE { ?p a floe:PopulatedPlace ; geo:hasDefaultGeometry/geo:asWKT ?wp . "
                            + "?c a floe:Country ; geo:hasDefaultGeometry/geo:asWKT ?wc . FILTER(geof:sfWithin(?wp, ?wc)) } GROUP BY ?c",
                    "SELECT c.iri, count(*) FROM countries c JOIN places p ON ST_Within(p.geom, c.geom) GROUP BY c.iri"),
            new Question("join: glaciated areas x countries",
                    "SELECT ?g ?c WHERE { ?g a floe:GlaciatedArea ; geo:hasDefaultGeometry/geo:asWKT ?wg . "
                            + "?c a floe:Country ; geo:hasDefaultGeometry/geo:asWKT ?wc . FILTER(geof:sfIntersects(?wg, ?wc)) }",
                    "SELECT g.iri, c.iri FROM glaciated g JOIN countries c ON ST_Intersects(g.geom, c.geom)"),
            new Question("join: ice shelves x seas",
                    "SELECT ?s ?m WHERE { ?s a floe:IceShelf ; geo:hasDefaultGeometry/geo:asWKT ?ws . "
                            + "?m a floe:Sea ; geo:hasDefaultGeometry/geo:asWKT ?wm . FILTER(geof:sfIntersects(?ws, ?wm)) }",
                    "SELECT s.iri, m.iri FROM ice_shelves s JOIN seas m ON ST_Intersects(s.geom, m.geom)"),
            new Question("join: lakes x countries",
                    "SELECT ?l ?c WHERE { ?l a bench:Lake ; geo:hasDefaultGeometry/geo:asWKT ?wl . "
                            + "?c a floe:Country ; geo:hasDefaultGeometry/geo:asWKT ?wc . FILTER(geof:sfIntersects(?wl, ?wc)) }",
                    "SELECT l.iri, c.iri FROM lakes l JOIN countries c ON ST_Intersects(l.geom, c.geom)"),
            new Question("places within 50 km of an ice shelf",
                    "SELECT ?p ?s WHERE { ?p a floe:PopulatedPlace ; geo:hasDefaultGeometry/geo:asWKT ?wp . "
                            + "?s a floe:IceShelf ; geo:hasDefaultGeometry/geo:asWKT ?ws . "
                            + "FILTER(geof:distance(?wp, ?ws, uom:metre) < 50000) }",
                    "SELECT p.iri, s.iri FROM places p JOIN ice_shelves s ON ST_DWithin(p.geog, s.geog, 50000)"),
            new Question("places within 50 km of a lake",
                    "SELECT ?p ?l WHERE { ?p a floe:PopulatedPlace ; geo:hasDefaultGeometry/geo:asWKT ?wp . "
                            + "?l a bench:Lake ; geo:hasDefaultGeometry/geo:asWKT ?wl . "
                            + "FILTER(geof:distance(?wp, ?wl, uom:metre) < 50000) }",
                    "SELECT p.iri, l.iri FROM places p JOIN lakes l ON ST_DWithin(p.geog, l.geog, 50000)"),
            new Question("top 10 places by population (no geometry)",
                    "SELECT ?p ?pop WHERE { ?p a floe:PopulatedPlace ; attr:pop_max ?pop } ORDER BY DESC(?pop) LIMIT 10",
                    "SELECT iri, pop FROM places ORDER BY pop DESC LIMIT 10"),
            new Question("top 10 countries by population (no geometry)",
                    "SELECT ?c ?pop WHERE { ?c a floe:Country ; attr:POP_EST ?pop } ORDER BY DESC(?pop) LIMIT 10",
                    "SELECT iri, pop FROM countries ORDER BY pop DESC LIMIT 10"));

    static final String WRITE_THEN_FIND = "one new place written, then found by a spatial query";
    static final int WARMUP_RUNS = 5;
    static final double WARMUP_SECONDS = 1.5;
    static final int TIMED_RUNS = 7;
    /** A first run slower than this is followed by one timed run only. */
    static final double SLOW_MS = 2000;
    /** Fuseki's query timeout: its nested loops on the large store would take minutes. */
    static final long FUSEKI_TIMEOUT_MS = 30_000;
    static final String KEY = "bench-write-key-0123456789";

    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final BenchReport report = new BenchReport();

    private static String wkt(String wkt) {
        return "\"" + wkt + "\"^^geo:wktLiteral";
    }

    @Test
    void threeSystems() throws Exception {
        Path shared = Path.of(System.getProperty("floe.shared.data", "../../shared/data")).resolve("natural-earth");
        Map<Layer, Path> triples = new LinkedHashMap<>();
        for (Layer layer : LAYERS) {
            Path out = tmp.resolve(layer.dataset() + ".nt");
            new Triplifier(new TriplifyOptions(layer.dataset(), layer.featureClass(), "name", null, InvalidGeometryPolicy.REPAIR))
                    .triplify(shared.resolve(layer.file()), out);
            triples.put(layer, out);
        }
        line("# Query speed: floe, Fuseki and PostGIS");
        line("");
        line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB.");
        String profile = System.getProperty("floe.bench.profile");
        try (PostgisCluster pg = PostgisCluster.start()) {
            for (String s : System.getProperty("floe.bench.sizes", "1," + COPIES_LARGE).split(",")) {
                int copies = Integer.parseInt(s.strip());
                size(triples, copies, pg, profile == null ? null : Path.of(profile));
            }
        }
        report.write("benchmark-query-speed.md");
    }

    private void size(Map<Layer, Path> layers, int copies, PostgisCluster pg, Path profile) throws Exception {
        Path nt = tmp.resolve("data-x" + copies + ".nt");
        long count = writeData(layers, copies, nt);
        line("");
        line("## " + (copies == 1 ? "Small" : "Large") + ": " + String.format(Locale.ROOT, "%,d", count) + " triples"
                + (copies == 1 ? "" : " (populated places x " + copies + ")"));
        line("");
        // PostGIS: one table per layer from the same triples, GiST on geometry and on geography
        long t0 = System.nanoTime();
        try (Connection db = pg.connect()) {
            loadPostgis(db, layers, copies);
        }
        double pgLoad = (System.nanoTime() - t0) / 1e9;
        // floe
        Path floeDir = tmp.resolve("floe-x" + copies);
        t0 = System.nanoTime();
        GeoStore floe = GeoStore.open(floeDir);
        floe.load(List.of(nt));
        double floeLoad = (System.nanoTime() - t0) / 1e9;
        Path keys = tmp.resolve("keys-" + copies);
        Files.writeString(keys, "bench " + KEY + "\n");
        EndpointServer server = EndpointServer.start(floe, EndpointConfig.loopback(0).withKeys(ApiKeys.read(keys), ApiKeys.NONE));
        // Fuseki: the same file through Jena's loader, jena-geosparql's index as its documentation sets it up
        t0 = System.nanoTime();
        Dataset fusekiData = TDB2Factory.connectDataset(tmp.resolve("fuseki-x" + copies).toString());
        DataLoader loader = LoaderFactory.createLoader(fusekiData.asDatasetGraph(), (fmt, args) -> { });
        loader.startBulk();
        loader.load(nt.toString());
        loader.finishBulk();
        GeoSPARQLConfig.setupSpatialIndex(fusekiData);
        double fusekiLoad = (System.nanoTime() - t0) / 1e9;
        FusekiServer fuseki = FusekiServer.create().loopback(true).port(0).add("/ds", fusekiData).build();
        fusekiData.getContext().set(ARQ.queryTimeout, Long.toString(FUSEKI_TIMEOUT_MS));
        fuseki.start();
        URI fusekiUri = URI.create("http://127.0.0.1:" + fuseki.getHttpPort() + "/ds/query");
        try (Connection db = pg.connect()) {
            line(String.format(Locale.ROOT, "Load, seconds: floe %.1f (TDB2 + spatial + text index), Fuseki %.1f (TDB2 loader + "
                    + "jena-geosparql's index), PostGIS %.1f (COPY + GiST on geometry and geography + ANALYZE).", floeLoad, fusekiLoad, pgLoad));
            line("");
            Timing floeFloor = timeHttp(server.sparqlUri(), "ASK {}", null);
            Timing fusekiFloor = timeHttp(fusekiUri, "ASK {}", null);
            Timing pgFloor = timeSql(db, "SELECT 1");
            line(String.format(Locale.ROOT, "Floor (a trivial request over the same connection), ms: floe %s (ASK {}), Fuseki %s (ASK {}), "
                    + "PostGIS %s (SELECT 1).", fmt(floeFloor.median), fmt(fusekiFloor.median), fmt(pgFloor.median)));
            line("");
            line("| question | rows | floe ms | Fuseki ms | PostGIS ms | floe / PostGIS | goal: PostGIS x 1.5 + floor, ms "
                    + "| Fuseki / floe | in-process: floe ms | Fuseki's dataset ms | Fuseki / floe |");
            line("|---|---|---|---|---|---|---|---|---|---|---|");
            for (Question q : QUESTIONS) {
                Timing p = timeSql(db, q.sql());
                Timing f = timeHttp(server.sparqlUri(), PREFIXES + q.sparql(), profile == null ? null
                        : profile.resolve("x" + copies + "-" + q.name().replaceAll("[^a-z0-9]+", "-") + ".jfr"));
                Timing j = timeHttp(fusekiUri, PREFIXES + q.sparql(), null);
                Timing fi = time(() -> inProcess(floe, PREFIXES + q.sparql()));
                Timing ji = j.timedOut ? j : time(() -> inProcess(fusekiData, PREFIXES + q.sparql()));
                row(q.name(), f, j, p, floeFloor, fi, ji);
            }
            writeThenFind(server, db, floeFloor);
        } finally {
            server.close();
            fuseki.stop();
            fusekiData.close();
            floe.close();
        }
        line("");
    }

    /** A question evaluated in this JVM on floe's store, as the endpoint does (one read, its index version); rows. */
    private static long inProcess(GeoStore store, String query) {
        org.apache.jena.geosparql.spatial.SpatialIndex index = store.beginRead();
        try (org.apache.jena.query.QueryExecution qe = org.apache.jena.query.QueryExecution.dataset(store.dataset()).query(query)
                .set(org.apache.jena.geosparql.spatial.SpatialIndexConstants.symSpatialIndex, index).build()) {
            return drain(qe);
        } finally {
            store.dataset().end();
        }
    }

    /** A question evaluated in this JVM on Fuseki's dataset (jena-geosparql as shipped); rows. */
    private static long inProcess(Dataset dataset, String query) {
        return org.apache.jena.system.Txn.calculateRead(dataset, () -> {
            try (org.apache.jena.query.QueryExecution qe = org.apache.jena.query.QueryExecution.dataset(dataset).query(query)
                    .timeout(FUSEKI_TIMEOUT_MS).build()) {
                return drain(qe);
            }
        });
    }

    private static long drain(org.apache.jena.query.QueryExecution qe) {
        long n = 0;
        var rs = qe.execSelect();
        while (rs.hasNext()) {
            rs.next();
            n++;
        }
        return n;
    }

    private void row(String name, Timing f, Timing j, Timing p, Timing floeFloor) {
        row(name, f, j, p, floeFloor, null, null);
    }

    private void row(String name, Timing f, Timing j, Timing p, Timing floeFloor, Timing fi, Timing ji) {
        String rows = f.rows == p.rows && (j == null || j.rows == f.rows || j.timedOut) ? Long.toString(f.rows)
                : "floe " + f.rows + ", Fuseki " + (j == null ? "-" : j.timedOut ? "timeout" : j.rows) + ", PostGIS " + p.rows + " (answers differ)";
        double goal = p.median * 1.5 + floeFloor.median;
        line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.1f | %s %s | %s | %s | %s | %s |", name, rows, f.shown(),
                j == null ? "-" : j.shown(), p.shown(), f.median / p.median, fmt(goal), f.median <= goal ? "(met)" : "(missed)",
                j == null || j.timedOut ? "-" : String.format(Locale.ROOT, "%.1f", j.median / f.median),
                fi == null ? "-" : fi.shown(), ji == null ? "-" : ji.shown(),
                fi == null || ji == null || ji.timedOut ? "-" : String.format(Locale.ROOT, "%.1f", ji.median / fi.median)));
    }

    /** One INSERT DATA of a place, then the small-box question that must find it; timed together, undone untimed. */
    private void writeThenFind(EndpointServer server, Connection db, Timing floeFloor) throws Exception {
        URI update = server.baseUri().resolve("update");
        String find = PREFIXES + "SELECT ?p WHERE { ?p a floe:PopulatedPlace ; geo:hasDefaultGeometry/geo:asWKT ?w . "
                + "FILTER(geof:sfWithin(?w, " + wkt("POLYGON((4.1 51.1, 4.2 51.1, 4.2 51.2, 4.1 51.2, 4.1 51.1))") + ")) }";
        double[] floeMs = new double[TIMED_RUNS + WARMUP_RUNS];
        double[] pgMs = new double[TIMED_RUNS + WARMUP_RUNS];
        long rows = -1;
        long pgRows = -1;
        for (int i = 0; i < floeMs.length; i++) {
            String iri = "https://w3id.org/floe/bench/new-place-" + i;
            String data = "<" + iri + "> a floe:PopulatedPlace ; geo:hasDefaultGeometry <" + iri + "/g> . <" + iri + "/g> geo:asWKT "
                    + wkt("POINT(4.15 51.15)") + " .";
            long t = System.nanoTime();
            update(update, PREFIXES + "INSERT DATA { " + data + " }");
            rows = run(server.sparqlUri(), find);
            floeMs[i] = (System.nanoTime() - t) / 1e6;
            update(update, PREFIXES + "DELETE DATA { " + data + " }");
            t = System.nanoTime();
            try (Statement s = db.createStatement()) {
                s.execute("INSERT INTO places(iri, geom, geog) VALUES ('" + iri + "', ST_GeomFromText('POINT(4.15 51.15)', 4326), "
                        + "ST_GeomFromText('POINT(4.15 51.15)', 4326)::geography)");
                pgRows = count(s.executeQuery("SELECT iri FROM places WHERE ST_Within(geom, "
                        + "ST_GeomFromText('POLYGON((4.1 51.1, 4.2 51.1, 4.2 51.2, 4.1 51.2, 4.1 51.1))', 4326))"));
            }
            pgMs[i] = (System.nanoTime() - t) / 1e6;
            try (Statement s = db.createStatement()) {
                s.execute("DELETE FROM places WHERE iri = '" + iri + "'");
            }
        }
        row(WRITE_THEN_FIND, Timing.of(Arrays.copyOfRange(floeMs, WARMUP_RUNS, floeMs.length), rows),
                null, Timing.of(Arrays.copyOfRange(pgMs, WARMUP_RUNS, pgMs.length), pgRows), floeFloor);
    }

    private void update(URI endpoint, String update) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/sparql-update").POST(HttpRequest.BodyPublishers.ofString(update)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(endpoint + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    record Timing(double median, long rows, int runs, boolean timedOut) {
        static Timing of(double[] ms, long rows) {
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            return new Timing(sorted[sorted.length / 2], rows, sorted.length, false);
        }

        String shown() {
            return timedOut ? "> " + FUSEKI_TIMEOUT_MS / 1000 + " s (timeout)" : fmt(median) + (runs == 1 ? " (1 run)" : "");
        }
    }

    interface Run {
        long run() throws Exception;
    }

    private static Timing time(Run r) throws Exception {
        long first = System.nanoTime();
        long rows = r.run();
        double firstMs = (System.nanoTime() - first) / 1e6;
        if (firstMs > SLOW_MS) {
            long t = System.nanoTime();
            r.run();
            return new Timing((System.nanoTime() - t) / 1e6, rows, 1, false);
        }
        long warm = System.nanoTime();
        for (int i = 1; i < WARMUP_RUNS || System.nanoTime() - warm < WARMUP_SECONDS * 1e9; i++) {
            r.run();
        }
        double[] ms = new double[TIMED_RUNS];
        for (int i = 0; i < TIMED_RUNS; i++) {
            long t = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        return Timing.of(ms, rows);
    }

    private Timing timeHttp(URI endpoint, String query, Path profile) throws Exception {
        try {
            Timing t = time(() -> run(endpoint, query));
            if (profile != null) {
                Profiles.record(profile, () -> run(endpoint, query));
            }
            return t;
        } catch (QueryTimedOut e) {
            return new Timing(FUSEKI_TIMEOUT_MS, -1, 1, true);
        }
    }

    private static Timing timeSql(Connection db, String sql) throws Exception {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            return time(() -> count(s.executeQuery()));
        }
    }

    private static long count(ResultSet rs) throws Exception {
        long n = 0;
        try (rs) {
            while (rs.next()) {
                rs.getString(1);
                n++;
            }
        }
        return n;
    }

    static final class QueryTimedOut extends RuntimeException {
        QueryTimedOut(String message) {
            super(message);
        }
    }

    private long run(URI endpoint, String query) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/sparql-results+json")
                .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 503 || (r.statusCode() == 500 && r.body().contains("imeout"))) {
            throw new QueryTimedOut(r.body());
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException(endpoint + " answered " + r.statusCode() + ": " + r.body());
        }
        var tree = JSON.readTree(r.body());
        return tree.has("boolean") ? 1 : tree.path("results").path("bindings").size();
    }

    /** The layers' triples, the populated places {@code copies} times under distinct IRIs; returns the triple count. */
    private static long writeData(Map<Layer, Path> layers, int copies, Path out) throws IOException {
        long n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (Map.Entry<Layer, Path> e : layers.entrySet()) {
                boolean places = e.getKey().table().equals("places");
                String base = "https://w3id.org/floe/data/" + e.getKey().dataset() + "/";
                for (int c = 0; c < (places ? copies : 1); c++) {
                    String prefix = c == 0 ? base : "https://w3id.org/floe/data/" + e.getKey().dataset() + "-copy" + c + "/";
                    try (Stream<String> lines = Files.lines(e.getValue(), StandardCharsets.UTF_8)) {
                        for (String line : (Iterable<String>) lines::iterator) {
                            w.write(c == 0 ? line : line.replace(base, prefix));
                            w.newLine();
                            n++;
                        }
                    }
                }
            }
        }
        return n;
    }

    /** One table per layer (iri, name, population, geometry, geography) from the same triples, by COPY. */
    private static void loadPostgis(Connection db, Map<Layer, Path> layers, int copies) throws Exception {
        String geo = "http://www.opengis.net/ont/geosparql#";
        for (Map.Entry<Layer, Path> e : layers.entrySet()) {
            Layer layer = e.getKey();
            try (Statement s = db.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + layer.table());
                s.execute("CREATE TABLE " + layer.table() + " (iri text, name text, pop double precision, wkt text, "
                        + "geom geometry(Geometry, 4326), geog geography(Geometry, 4326))");
            }
            Model m = ModelFactory.createDefaultModel();
            RDFDataMgr.read(m, e.getValue().toString());
            StringBuilder csv = new StringBuilder();
            String base = "https://w3id.org/floe/data/" + layer.dataset() + "/";
            m.listSubjectsWithProperty(m.createProperty(geo, "hasDefaultGeometry")).forEach(f -> {
                org.apache.jena.rdf.model.Statement g = f.getPropertyResourceValue(m.createProperty(geo, "hasDefaultGeometry"))
                        .getProperty(m.createProperty(geo, "asWKT"));
                org.apache.jena.rdf.model.Statement name = f.getProperty(m.createProperty("https://w3id.org/floe/attr/name"));
                org.apache.jena.rdf.model.Statement pop = layer.population() == null ? null : f.getProperty(m.createProperty("https://w3id.org/floe/attr/" + layer.population()));
                for (int c = 0; c < (layer.table().equals("places") ? copies : 1); c++) {
                    String iri = c == 0 ? f.getURI() : f.getURI().replace(base, "https://w3id.org/floe/data/" + layer.dataset() + "-copy" + c + "/");
                    csv.append(quote(iri)).append(',').append(name == null ? "" : quote(name.getString())).append(',')
                            .append(pop == null ? "" : pop.getLiteral().getLexicalForm()).append(',')
                            .append(quote(g.getString())).append('\n');
                }
            });
            ((PGConnection) db.unwrap(PGConnection.class)).getCopyAPI().copyIn("COPY " + layer.table() + " (iri, name, pop, wkt) "
                    + "FROM STDIN WITH (FORMAT csv)", new StringReader(csv.toString()));
            try (Statement s = db.createStatement()) {
                s.execute("UPDATE " + layer.table() + " SET geom = ST_GeomFromText(wkt, 4326), geog = ST_GeomFromText(wkt, 4326)::geography");
                s.execute("CREATE INDEX ON " + layer.table() + " USING gist (geom)");
                s.execute("CREATE INDEX ON " + layer.table() + " USING gist (geog)");
                s.execute("VACUUM ANALYZE " + layer.table());
            }
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static String fmt(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%,.0f", ms) : String.format(Locale.ROOT, "%.2f", ms);
    }

    private void line(String s) {
        report.say("%s", s);
    }
}
