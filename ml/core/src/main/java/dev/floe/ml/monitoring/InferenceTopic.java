package dev.floe.ml.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The inference log's optional second sink: every record the log writes is also sent to a Kafka topic, keyed by the
 * model's name (so one model's records stay in order within a partition), its value the record in Avro's
 * single-object encoding (a two-byte marker, the schema's 64-bit fingerprint, then the binary record: {@link #decoder}
 * reads it, as does any Avro library given {@code inference-record.avsc}). Records are encoded on the log's writer
 * thread and handed to this topic's own sender thread through a bounded queue ({@value #QUEUE} records), so that
 * brokers that are slow or gone hold up neither serving nor the log's files: the producer waits at most {@code
 * max.block.ms} (1 s by default here) for metadata or buffer space, then the record counts as failed, as does one the
 * brokers refuse or one that finds the queue full.
 */
public final class InferenceTopic implements AutoCloseable {

    /** Records waiting for the sender thread; beyond it they fail at once. */
    static final int QUEUE = 10_000;

    private final Producer<byte[], byte[]> producer;
    private final java.util.concurrent.ThreadPoolExecutor sender;
    private final String topic;
    private final BinaryMessageEncoder<GenericRecord> encoder = new BinaryMessageEncoder<>(GenericData.get(), InferenceRecordAvro.SCHEMA);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile String lastFailure;

    /** Sends to {@code topic} through {@code producer}, which this topic owns and closes. */
    public InferenceTopic(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
        this.sender = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "floe-inference-kafka");
                    t.setDaemon(true);
                    return t;
                }, (r, executor) -> fail(new IllegalStateException("the queue of records for Kafka is full (" + QUEUE + ")")));
    }

    /**
     * A producer for the brokers at {@code bootstrapServers} (host:port, comma-separated): acknowledged by the leader,
     * uncompressed, at most 1 s of blocking per send; {@code overrides} (Kafka producer settings) take precedence.
     */
    public static InferenceTopic connect(String bootstrapServers, String topic, Map<String, String> overrides) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "floe-inference-log");
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
        p.putAll(overrides);
        return new InferenceTopic(new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()), topic);
    }

    public String topic() {
        return topic;
    }

    /** Sends one record of the log; returns at once (failures are counted when the broker answers). */
    void send(GenericRecord record, String model) {
        byte[] value;
        try {
            ByteBuffer b = encoder.encode(record);
            value = new byte[b.remaining()];
            b.get(value);
        } catch (IOException e) {
            fail(e);
            return;
        }
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, model.getBytes(StandardCharsets.UTF_8), value);
        sender.execute(() -> {
            try {
                producer.send(r, (metadata, e) -> {
                    if (e == null) {
                        sent.incrementAndGet();
                    } else {
                        fail(e);
                    }
                });
            } catch (RuntimeException e) { // no metadata or buffer within max.block.ms, a closed producer, a record too large
                fail(e);
            }
        });
    }

    /** Waits until every record handed over so far is with the producer (not yet acknowledged). */
    void drain() {
        try {
            sender.submit(() -> { }).get();
        } catch (java.util.concurrent.RejectedExecutionException | java.util.concurrent.ExecutionException e) {
            // closed, or a full queue: nothing to wait for
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(Exception e) {
        failed.incrementAndGet();
        lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** Records the brokers acknowledged. */
    public long sent() {
        return sent.get();
    }

    /** Records that could not be encoded, sent or acknowledged. */
    public long failed() {
        return failed.get();
    }

    /** Why the last send failed, or null. */
    public String lastFailure() {
        return lastFailure;
    }

    /** Hands over what is queued and sends what the producer still buffers (at most 10 s each), then closes it. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }

    /** A decoder of the topic's values, for consumers in Java. */
    public static BinaryMessageDecoder<GenericRecord> decoder() {
        return new BinaryMessageDecoder<>(GenericData.get(), InferenceRecordAvro.SCHEMA);
    }

    /** Decodes one value of the topic into the record it carries. */
    public static InferenceRecord decode(byte[] value) {
        try {
            return InferenceRecordAvro.fromAvro(decoder().decode(value));
        } catch (IOException e) {
            throw new UncheckedIOException("not an inference record in Avro's single-object encoding: " + e.getMessage(), e);
        }
    }
}
