package dev.floe.store.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.jena.query.ResultSet;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.ResultSetMgr;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.spark.sql.SparkSession;

import dev.floe.sparql.access.ApiKeys;
import dev.floe.sparql.access.KeyFileException;

/**
 * The spark-submit entry of the Spark store: {@code load} (files into a store's next version) and {@code query}
 * (SELECT, ASK or CONSTRUCT over the store's newest version, the answer on standard output: a CONSTRUCT's triples as
 * N-Triples, or Turtle with {@code --format ttl}). floe's app does not depend on
 * Spark; this class runs from the module's job jar under spark-submit, which brings Spark and Sedona.
 *
 * <pre>
 * spark-submit --class dev.floe.store.spark.SparkStoreJob floe-store-spark-job.jar load --out URI FILE...
 * spark-submit --class dev.floe.store.spark.SparkStoreJob floe-store-spark-job.jar query --store URI
 *     [--format text|csv|tsv|json|xml|nt|ttl] (QUERY | --file F)
 * spark-submit --class dev.floe.store.spark.SparkStoreJob floe-store-spark-job.jar links --store URI
 *     [--relations sfIntersects,sfWithin,sfContains,sfTouches|all|...]
 * spark-submit --class dev.floe.store.spark.SparkStoreJob floe-store-spark-job.jar serve --store URI
 *     [--port 8080] [--bind 127.0.0.1] [--read-keys FILE] [--concurrent 4]
 * </pre>
 * {@code links} computes GeoSPARQL relations between the store's spatial objects once and stores them for queries to
 * use ({@link PrecomputedRelations}); {@code serve} answers the SPARQL 1.1 Protocol ({@link SparkSparqlEndpoint}) until the process is stopped.
 * Exit status 0 on success, 1 when the load or query fails (the message says why), 2 for bad arguments.
 */
public final class SparkStoreJob {

    static final String USAGE = """
            usage: SparkStoreJob load --out URI FILE...
                   SparkStoreJob query --store URI [--format text|csv|tsv|json|xml|nt|ttl] (QUERY | --file F)
                   SparkStoreJob links --store URI [--relations sfIntersects,sfWithin,sfContains,sfTouches|all|...]
                   SparkStoreJob serve --store URI [--port 8080] [--bind 127.0.0.1] [--read-keys FILE] [--concurrent 4]""";

    private static final Map<String, org.apache.jena.riot.Lang> FORMATS = Map.of("csv", ResultSetLang.RS_CSV,
            "tsv", ResultSetLang.RS_TSV, "json", ResultSetLang.RS_JSON, "xml", ResultSetLang.RS_XML);
    /** The formats of a CONSTRUCT's triples (N-Triples for text). */
    private static final Map<String, Lang> GRAPH_FORMATS = Map.of("nt", Lang.NTRIPLES, "ttl", Lang.TURTLE);

    private SparkStoreJob() {
    }

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("floe spark " + (args.length > 0 ? args[0] : "")).getOrCreate();
        int status;
        try {
            status = run(spark, args, System.out, System.err);
        } finally {
            spark.stop();
        }
        System.exit(status);
    }

    /** Runs a command; returns the exit status. */
    static int run(SparkSession spark, String[] args, PrintStream out, PrintStream err) {
        List<String> a = Arrays.asList(args);
        try {
            if (a.size() >= 3 && a.get(0).equals("load") && a.get(1).equals("--out")) {
                SparkStoreLoader.LoadResult r = new SparkStoreLoader(spark).load(a.get(2), a.subList(3, a.size()));
                err.println("loaded " + r.triples() + " new triples (" + r.predicates() + " predicates) as version "
                        + r.version() + " of " + a.get(2));
                return 0;
            }
            if (a.size() >= 4 && a.get(0).equals("query") && a.get(1).equals("--store")) {
                return query(spark, a, out, err);
            }
            if (a.size() >= 3 && a.get(0).equals("links") && a.get(1).equals("--store")) {
                String relations = "sfIntersects,sfWithin,sfContains,sfTouches";
                if (a.size() == 5 && a.get(3).equals("--relations")) {
                    relations = a.get(4);
                } else if (a.size() != 3) {
                    err.println(USAGE);
                    return 2;
                }
                List<dev.floe.geo.Relation> wanted = PrecomputedRelations.parse(relations);
                err.println(PrecomputedRelations.report(a.get(2), PrecomputedRelations.store(spark, a.get(2), wanted)));
                return 0;
            }
            if (!a.isEmpty() && a.get(0).equals("serve")) {
                try (SparkSparqlEndpoint endpoint = serve(spark, a.subList(1, a.size()), err)) {
                    Runtime.getRuntime().addShutdownHook(new Thread(endpoint::close, "floe spark endpoint stop"));
                    Thread.currentThread().join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 0;
            }
            err.println(USAGE);
            return 2;
        } catch (IllegalArgumentException | KeyFileException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (UnsupportedQueryException | SparkStoreLoader.LoadException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Starts the SPARQL endpoint on the store's newest version as {@code serve}'s options say, and says where on
     * {@code err}; the caller keeps it running.
     */
    static SparkSparqlEndpoint serve(SparkSession spark, List<String> options, PrintStream err) {
        String store = null;
        String bind = "127.0.0.1";
        int port = 8080;
        int concurrent = 4;
        ApiKeys readKeys = ApiKeys.NONE;
        for (int i = 0; i < options.size(); i += 2) {
            String name = options.get(i);
            if (i + 1 >= options.size()) {
                throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
            }
            String value = options.get(i + 1);
            switch (name) {
                case "--store" -> store = value;
                case "--bind" -> bind = value;
                case "--port" -> port = number(name, value, 0, 65535);
                case "--concurrent" -> concurrent = number(name, value, 1, 64);
                case "--read-keys" -> {
                    try {
                        readKeys = ApiKeys.read(Path.of(value));
                    } catch (IOException e) {
                        throw new IllegalArgumentException("cannot read the key file " + value + ": " + e.getMessage());
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        if (store == null) {
            throw new IllegalArgumentException("serve needs --store URI\n" + USAGE);
        }
        SparkStore opened = SparkStore.open(spark, store);
        try {
            SparkSparqlEndpoint endpoint = SparkSparqlEndpoint.start(new SparkSparqlEngine(opened), store,
                    new InetSocketAddress(bind, port), readKeys, concurrent, err);
            err.println("floe serves the Spark store " + store + " (version " + opened.manifest().version() + ") at "
                    + endpoint.uri() + (readKeys.isEmpty() ? "" : " (read keys required)"));
            return endpoint;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot listen on " + bind + ":" + port + ": " + e.getMessage());
        }
    }

    private static int number(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException(option + " must be a whole number from " + min + " to " + max + ", not " + value);
    }

    private static int query(SparkSession spark, List<String> a, PrintStream out, PrintStream err) {
        String store = a.get(2);
        String format = "text";
        int i = 3;
        if (a.get(i).equals("--format") && a.size() > i + 2) {
            format = a.get(i + 1);
            i += 2;
        }
        String query;
        if (a.get(i).equals("--file") && a.size() == i + 2) {
            try {
                query = Files.readString(Path.of(a.get(i + 1)));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the query file " + a.get(i + 1) + ": " + e.getMessage());
            }
        } else if (a.size() == i + 1) {
            query = a.get(i);
        } else {
            err.println(USAGE);
            return 2;
        }
        if (!format.equals("text") && !FORMATS.containsKey(format) && !GRAPH_FORMATS.containsKey(format)) {
            throw new IllegalArgumentException("unknown format " + format + " (text, csv, tsv, json or xml; nt or ttl for CONSTRUCT)");
        }
        boolean construct = SparkSparqlEngine.parse(query).isConstructType();
        if (construct ? FORMATS.containsKey(format) : GRAPH_FORMATS.containsKey(format)) {
            throw new IllegalArgumentException("the format " + format + (construct ? " is for SELECT and ASK answers (nt or ttl for CONSTRUCT)"
                    : " is for CONSTRUCT answers (text, csv, tsv, json or xml for SELECT and ASK)"));
        }
        SparkSparqlEngine engine = new SparkSparqlEngine(SparkStore.open(spark, store));
        if (construct) {
            RDFDataMgr.write(out, engine.construct(query), GRAPH_FORMATS.getOrDefault(format, Lang.NTRIPLES));
            out.flush();
            return 0;
        }
        if (SparkSparqlEngine.parse(query).isAskType()) {
            boolean yes = engine.ask(query);
            if (format.equals("text")) {
                out.println(yes ? "yes" : "no");
            } else {
                ResultSetMgr.write(out, yes, FORMATS.get(format));
            }
            return 0;
        }
        ResultSet rs = engine.select(query);
        if (format.equals("text")) {
            ResultSetFormatter.out(out, rs);
        } else {
            ResultSetMgr.write(out, rs, FORMATS.get(format));
        }
        out.flush();
        return 0;
    }
}
