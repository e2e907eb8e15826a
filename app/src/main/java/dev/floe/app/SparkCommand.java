package dev.floe.app;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code floe spark load|query|serve}: the Spark store (GeoParquet tables on any Hadoop file system, SPARQL on Spark
 * and Sedona). Listed here so that {@code floe --help} shows it; it runs as the job of sparql-endpoint/spark, which
 * the {@code ./floe} launcher starts (under spark-submit when Spark is installed, else in one JVM on local[*]): this
 * jar has no Spark in it, so reached here it says how to run it.
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = {"The store on Spark and Sedona, for data that outgrows one machine (docs/SPARK.md); run by the ./floe launcher:",
                "  ./floe spark load --out URI FILE...            RDF into GeoParquet tables, as the store's next version",
                "  ./floe spark query --store URI [--format F] (QUERY | --file F)",
                "  ./floe spark links --store URI [--relations sfWithin,...|all]   relations computed once, stored for queries",
                "  ./floe spark serve --store URI [--port 8080] [--read-keys FILE]   (also: ./floe serve --engine spark)",
                "  each with [--master URL]: local[*] by default, or spark://..., yarn, k8s://..."})
final class SparkCommand implements Callable<Integer> {

    /** What a Spark command reached in this jar says. */
    static final String NOT_HERE = "the Spark store runs on Spark, which the floe jar does not contain: run it through the "
            + "./floe launcher (./floe spark load|query|serve ..., ./floe serve --engine spark --store URI) or with "
            + "spark-submit as docs/SPARK.md shows";

    /** load|query|serve and their options, whatever they are: the Spark job parses them. */
    @Unmatched
    String[] args;

    @Override
    public Integer call() {
        throw new UsageException(NOT_HERE);
    }
}
