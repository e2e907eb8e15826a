package dev.floe.ml.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ml.monitoring.InferenceLog;
import dev.floe.ml.monitoring.InferenceLogOptions;
import dev.floe.ml.monitoring.InferenceRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** On Spark local[2] with spark-avro, the files floe's inference log writes read back exactly, nested and flat. */
class InferenceLogsTest {

    @TempDir
    static Path store;
    static SparkSession spark;
    static InferenceLog open;

    static InferenceRecord record(String id, int status, float hh) {
        List<InferenceRecord.Row> rows = status != 200 ? List.of() : List.of(new InferenceRecord.Row("https://example.org/patch/" + id,
                "https://example.org/product/S1A", "https://w3id.org/floe/data/prediction/" + id,
                List.of(new InferenceRecord.ChannelSummary("HH", hh, 2.5, hh - 4, hh + 4, 0),
                        new InferenceRecord.ChannelSummary("HV", -28, 1.5, -30, -26, 0.25)),
                List.of(new InferenceRecord.Extra("inc_angle", 38.5)), new float[] {0.25f, 0.75f}, "ship", 0.75f, null));
        return new InferenceRecord(id, "icebergs", 2, "champion", "tfserving:predict", Instant.parse("2026-12-07T10:00:00.125Z"), 1200,
                status, status == 200 ? null : "malformed JSON", rows);
    }

    @BeforeAll
    static void start() {
        // the log as floe serve writes it: two finished files (a rotation between), and an open one Spark leaves out
        try (InferenceLog log = new InferenceLog(store.resolve(InferenceLogs.FOLDER), InferenceLogOptions.defaults(), new SimpleMeterRegistry())) {
            log.offer(() -> record("r1", 200, -20f));
            log.offer(() -> record("r2", 400, 0));
        }
        try (InferenceLog log = new InferenceLog(store.resolve(InferenceLogs.FOLDER), InferenceLogOptions.defaults(), new SimpleMeterRegistry())) {
            log.offer(() -> record("r3", 200, -12f));
        }
        open = new InferenceLog(store.resolve(InferenceLogs.FOLDER), InferenceLogOptions.defaults(), new SimpleMeterRegistry());
        open.offer(() -> record("r4", 200, -5f));
        open.flush(); // r4 is in the hidden open file, readable by floe monitor, not yet by Spark
        spark = SparkSession.builder().master("local[2]").appName("floe-ml-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        open.close();
        spark.stop();
    }

    @Test
    void everyRequestReadsBackWithItsFields() {
        List<Row> requests = InferenceLogs.requests(spark, store.toString()).orderBy("request_id").collectAsList();
        assertEquals(List.of("r1", "r2", "r3"), requests.stream().map(r -> (String) r.getAs("request_id")).toList(),
                "the finished files; the open one is hidden");
        Row r1 = requests.get(0);
        assertEquals("r1", r1.getAs("request_id"));
        assertEquals("icebergs", r1.getAs("model"));
        assertEquals(2L, (long) r1.getAs("version"));
        assertEquals("champion", r1.getAs("alias"));
        assertEquals("tfserving:predict", r1.getAs("protocol"));
        assertEquals(java.sql.Timestamp.from(Instant.parse("2026-12-07T10:00:00.125Z")), r1.getAs("time"));
        assertEquals(1200L, (long) r1.getAs("latency_micros"));
        assertEquals(200, (int) r1.getAs("status"));
        Row r2 = requests.get(1);
        assertEquals(400, (int) r2.getAs("status"));
        assertEquals("malformed JSON", r2.getAs("error"));
        assertEquals(0, r2.getList(r2.fieldIndex("rows")).size());
    }

    @Test
    void channelsAreOneFlatRowPerInputRowAndChannel() {
        List<String> flat = InferenceLogs.channels(spark, store.toString()).orderBy("request_id", "channel").collectAsList().stream()
                .map(r -> r.getAs("request_id") + " " + r.getAs("row") + " " + r.getAs("subject") + " " + r.getAs("predicted_class") + " "
                        + r.getAs("confidence") + " " + r.getAs("channel") + " " + r.getAs("mean") + " " + r.getAs("p95") + " "
                        + r.getAs("nodata"))
                .toList();
        assertEquals(List.of(
                "r1 0 https://example.org/patch/r1 ship 0.75 HH -20.0 -16.0 0.0",
                "r1 0 https://example.org/patch/r1 ship 0.75 HV -28.0 -26.0 0.25",
                "r3 0 https://example.org/patch/r3 ship 0.75 HH -12.0 -8.0 0.0",
                "r3 0 https://example.org/patch/r3 ship 0.75 HV -28.0 -26.0 0.25"), flat);
    }
}
