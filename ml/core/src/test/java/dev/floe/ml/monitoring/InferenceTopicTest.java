package dev.floe.ml.monitoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The inference log's Kafka sink, on Kafka's own MockProducer: what reaches the topic, and what is counted. */
class InferenceTopicTest {

    @TempDir
    Path dir;

    static InferenceRecord record(String id, String model) {
        return new InferenceRecord(id, model, 2, null, "v2:infer", Instant.parse("2026-12-07T10:00:00.125Z"), 950, 200, null, List.of(
                new InferenceRecord.Row("https://example.org/patch/" + id, null, null,
                        List.of(new InferenceRecord.ChannelSummary("HH", -20.5, 2.25, -24, -17, 0)),
                        List.of(new InferenceRecord.Extra("inc_angle", 38.5)), new float[] {0.25f, 0.75f}, "ship", 0.75f,
                        new float[] {-20f, -21f})));
    }

    @Test
    void everyWrittenRecordIsSentKeyedByModelInSingleObjectEncoding() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, new ByteArraySerializer(), new ByteArraySerializer());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (InferenceLog log = new InferenceLog(dir, InferenceLogOptions.defaults(), meters, new InferenceTopic(producer, "floe-inference"))) {
            log.offer(() -> record("r1", "icebergs"));
            log.offer(() -> record("r2", "land-cover"));
            log.flush();
            List<ProducerRecord<byte[], byte[]>> sent = producer.history();
            assertEquals(2, sent.size());
            assertEquals("floe-inference", sent.get(0).topic());
            assertEquals("icebergs", new String(sent.get(0).key(), StandardCharsets.UTF_8));
            assertEquals("land-cover", new String(sent.get(1).key(), StandardCharsets.UTF_8));
            // Avro's single-object encoding: the marker C3 01, then the schema's fingerprint, then the record
            assertEquals((byte) 0xC3, sent.get(0).value()[0]);
            assertEquals((byte) 0x01, sent.get(0).value()[1]);
            InferenceRecord back = InferenceTopic.decode(sent.get(0).value());
            InferenceRecord original = record("r1", "icebergs");
            assertEquals(original.requestId(), back.requestId());
            assertEquals(original.time(), back.time());
            assertEquals(original.protocol(), back.protocol());
            assertEquals(original.rows().get(0).channels(), back.rows().get(0).channels());
            assertEquals(original.rows().get(0).extras(), back.rows().get(0).extras());
            assertArrayEquals(original.rows().get(0).probabilities(), back.rows().get(0).probabilities());
            assertArrayEquals(original.rows().get(0).input(), back.rows().get(0).input());
            assertEquals(2.0, meters.get("floe.inference.log.kafka").tags("outcome", "sent").functionCounter().count());
        }
        assertTrue(producer.closed(), "closing the log closes its producer");
        try (Stream<InferenceRecord> files = InferenceLog.read(dir)) {
            assertEquals(2, files.count(), "the files have them too");
        }
    }

    @Test
    void aSendTheBrokerRefusesIsCountedAndTheLogGoesOn() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, new ByteArraySerializer(), new ByteArraySerializer());
        InferenceTopic topic = new InferenceTopic(producer, "floe-inference");
        try (InferenceLog log = new InferenceLog(dir, InferenceLogOptions.defaults(), new SimpleMeterRegistry(), topic)) {
            log.offer(() -> record("r1", "icebergs"));
            log.offer(() -> record("r2", "icebergs"));
            log.flush();
            assertTrue(producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker gone")));
            assertTrue(producer.completeNext());
            assertEquals(1, topic.failed());
            assertEquals(1, topic.sent());
            assertEquals("TimeoutException: broker gone", topic.lastFailure());
            assertEquals(2, log.written(), "the files do not depend on the brokers");
        }
    }

    @Test
    void brokersThatAreNotThereFailEachRecordWithoutHoldingUpTheFiles() {
        // a real producer, no broker on port 1: each send gives up after max.block.ms, on the topic's own thread
        InferenceTopic topic = InferenceTopic.connect("127.0.0.1:1", "floe-inference", java.util.Map.of("max.block.ms", "50"));
        try (InferenceLog log = new InferenceLog(dir, InferenceLogOptions.defaults(), new SimpleMeterRegistry(), topic)) {
            for (int i = 0; i < 3; i++) {
                String id = "r" + i;
                log.offer(() -> record(id, "icebergs"));
            }
            log.flush();
            assertEquals(3, log.written());
            assertEquals(3, topic.failed());
            assertEquals(0, topic.sent());
            assertTrue(topic.lastFailure().startsWith("TimeoutException"), topic.lastFailure());
        }
    }
}
