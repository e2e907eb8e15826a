package dev.floe.store.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spark-submit entry: load, then query in each format, and the exit status and message of each failure. */
class SparkStoreJobTest {

    static SparkSession spark;
    @TempDir
    Path tmp;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("floe-store-job-test");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    int run(String... args) {
        out.reset();
        err.reset();
        return SparkStoreJob.run(spark, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void loadThenQueryAnswersInTheAskedFormat() throws IOException {
        Path nt = tmp.resolve("a.nt");
        Files.write(nt, List.of("<http://x/a> <http://x/name> \"Alpha\" .", "<http://x/b> <http://x/name> \"Beta\" ."));
        String store = tmp.resolve("store").toString();
        assertEquals(0, run("load", "--out", store, nt.toString()), err());
        assertEquals("loaded 2 new triples (1 predicates) as version 1 of " + store + "\n", err());

        assertEquals(0, run("query", "--store", store, "--format", "csv",
                "SELECT ?n WHERE { ?s <http://x/name> ?n } ORDER BY ?n"), err());
        assertEquals("n\r\nAlpha\r\nBeta\r\n", out());

        Path q = tmp.resolve("q.rq");
        Files.writeString(q, "ASK { <http://x/a> <http://x/name> \"Alpha\" }");
        assertEquals(0, run("query", "--store", store, "--file", q.toString()), err());
        assertEquals("yes\n", out());
    }

    @Test
    void constructWritesItsTriplesAsNTriplesOrTurtle() throws IOException {
        Path nt = tmp.resolve("a.nt");
        Files.write(nt, List.of("<http://x/a> <http://x/name> \"Alpha\" .", "<http://x/b> <http://x/name> \"Beta\" .",
                "<http://x/b> <http://x/name> \"B\" ."));
        String store = tmp.resolve("store").toString();
        assertEquals(0, run("load", "--out", store, nt.toString()), err());
        String query = "CONSTRUCT { ?s a <http://x/Named> } WHERE { ?s <http://x/name> ?n }";

        assertEquals(0, run("query", "--store", store, query), err());
        assertEquals(List.of("<http://x/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x/Named> .",
                "<http://x/b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x/Named> ."), out().lines().sorted().toList());

        assertEquals(0, run("query", "--store", store, "--format", "ttl", query), err());
        assertTrue(out().contains("<http://x/a>  a  <http://x/Named>") || out().contains("<http://x/a>\n        a       <http://x/Named>"), out());

        assertEquals(2, run("query", "--store", store, "--format", "csv", query));
        assertEquals("error: the format csv is for SELECT and ASK answers (nt or ttl for CONSTRUCT)\n", err());
    }

    @Test
    void failuresExitWithAStatusAndAMessage() {
        String store = tmp.resolve("store").toString();
        assertEquals(2, run("load"));
        assertTrue(err().startsWith("usage: SparkStoreJob load"), err());
        assertEquals(2, run("query", "--store", store, "SELEKT"));
        assertTrue(err().startsWith("error: not a SPARQL query"), err());
        assertEquals(1, run("query", "--store", store, "SELECT ?x WHERE { SERVICE <http://x/sparql> { ?x ?p ?o } }"));
        assertEquals("error: the Spark engine does not support SERVICE\n", err());
        assertEquals(1, run("query", "--store", store, "DESCRIBE <http://x/a>"));
        assertEquals("error: the Spark engine does not support DESCRIBE queries (only SELECT, ASK and CONSTRUCT)\n", err());
        assertEquals(2, run("load", "--out", store, tmp.resolve("missing.nt").toString()));
        assertEquals("error: no such file: " + tmp.resolve("missing.nt") + "\n", err());
    }
}
