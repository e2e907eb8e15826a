package dev.floe.ml.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.posexplode;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Entry point of floe on Spark for the ML side: a store's inference log ({@code STORE/logs/inference/}, the Avro
 * files {@code floe serve} writes, schema {@code inference-record.avsc}) as Spark tables, read by spark-avro, for
 * analyses over more requests than {@code floe monitor} looks at (e.g. drift by product or by region). The file being
 * written is hidden ({@code .inference-*.avro.open}) and left out, as Hadoop leaves out every file whose name starts
 * with a dot; every finished file is read.
 */
public final class InferenceLogs {

    /** The log's folder under a store directory (as {@code InferenceLog.FOLDER}). */
    public static final String FOLDER = "logs/inference";

    private InferenceLogs() {
    }

    /** One row per logged request, with the log's own nested schema (its input rows in the column {@code rows}). */
    public static Dataset<Row> requests(SparkSession spark, String storeDirectory) {
        return spark.read().format("avro").load(storeDirectory + "/" + FOLDER);
    }

    /**
     * One row per input row and channel, flat: the request's id, model, version, protocol, time, status; the row's
     * position in its request, subject, product, prediction IRI, predicted class and confidence; the channel's name
     * and its mean, std, p5, p95 and no-data share (nodata). Requests without rows (refused before the model saw them) have
     * none here; {@link #requests} has them.
     */
    public static Dataset<Row> channels(SparkSession spark, String storeDirectory) {
        Dataset<Row> rows = requests(spark, storeDirectory)
                .select(col("request_id"), col("model"), col("version"), col("protocol"), col("time"), col("status"),
                        posexplode(col("rows")).as(new String[] {"row", "r"}));
        return rows.select(col("request_id"), col("model"), col("version"), col("protocol"), col("time"), col("status"), col("row"),
                        col("r.subject").as("subject"), col("r.product").as("product"), col("r.prediction").as("prediction"),
                        col("r.predicted_class").as("predicted_class"), col("r.confidence").as("confidence"),
                        explode(col("r.channels")).as("c"))
                .select(col("request_id"), col("model"), col("version"), col("protocol"), col("time"), col("status"), col("row"),
                        col("subject"), col("product"), col("prediction"), col("predicted_class"), col("confidence"),
                        col("c.channel").as("channel"), col("c.mean").as("mean"), col("c.std").as("std"), col("c.p5").as("p5"),
                        col("c.p95").as("p95"), col("c.nodata").as("nodata"));
    }
}
