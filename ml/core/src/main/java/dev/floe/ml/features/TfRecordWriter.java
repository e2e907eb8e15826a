package dev.floe.ml.features;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes TFRecord files of {@code tf.train.Example} messages, as TensorFlow's {@code TFRecordDataset}
 * reads them. Each record is framed as: uint64 length (little-endian), uint32 masked CRC-32C of those 8
 * bytes, the payload, uint32 masked CRC-32C of the payload. The Example protobuf is encoded by hand
 * (three nested messages and a map; a protobuf dependency and generated classes would be larger than this
 * class). CRC-32C is the JDK's {@link CRC32C}.
 *
 * <p>Example encoding: Example{1: Features{1: map&lt;string, Feature&gt;}}, Feature{1: BytesList{1: repeated
 * bytes}, 2: FloatList{1: packed float}, 3: Int64List{1: packed int64}}. Missing values are left out of the
 * map, as TensorFlow expects for sparse or optional features.
 */
public final class TfRecordWriter implements AutoCloseable {

    private final OutputStream out;

    public TfRecordWriter(OutputStream out) {
        this.out = out;
    }

    /** TFRecord's checksum: CRC-32C, rotated right by 15 bits plus a constant (so a CRC of CRCs stays useful). */
    public static int maskedCrc32c(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }

    /** Writes one framed record. */
    public void write(byte[] payload) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(payload.length);
        head.putInt(maskedCrc32c(head.array(), 0, 8));
        out.write(head.array());
        out.write(payload);
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(maskedCrc32c(payload, 0, payload.length)).array());
    }

    /** Writes one row as a tf.train.Example. */
    public void writeExample(List<Feature> schema, Object[] row) throws IOException {
        write(example(schema, row));
    }

    /** The serialised tf.train.Example of a row: int/boolean/timestamp (epoch ms) as int64, double as float, string as bytes. */
    public static byte[] example(List<Feature> schema, Object[] row) {
        ByteArrayOutputStream features = new ByteArrayOutputStream();
        for (int c = 0; c < schema.size(); c++) {
            Object v = row[c];
            if (v == null) {
                continue;
            }
            byte[] feature = switch (schema.get(c).type()) {
                case INT -> int64Feature((Long) v);
                case BOOLEAN -> int64Feature((Boolean) v ? 1 : 0);
                case TIMESTAMP -> int64Feature(((Instant) v).toEpochMilli());
                case DOUBLE -> floatFeature(((Double) v).floatValue());
                case STRING -> bytesFeature(((String) v).getBytes(StandardCharsets.UTF_8));
            };
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            field(entry, 1, schema.get(c).name().getBytes(StandardCharsets.UTF_8));
            field(entry, 2, feature);
            field(features, 1, entry.toByteArray());
        }
        ByteArrayOutputStream example = new ByteArrayOutputStream();
        field(example, 1, features.toByteArray());
        return example.toByteArray();
    }

    private static byte[] int64Feature(long v) {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        varint(packed, v);
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        field(list, 1, packed.toByteArray());
        ByteArrayOutputStream feature = new ByteArrayOutputStream();
        field(feature, 3, list.toByteArray());
        return feature.toByteArray();
    }

    private static byte[] floatFeature(float v) {
        byte[] packed = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array();
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        field(list, 1, packed);
        ByteArrayOutputStream feature = new ByteArrayOutputStream();
        field(feature, 2, list.toByteArray());
        return feature.toByteArray();
    }

    private static byte[] bytesFeature(byte[] v) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        field(list, 1, v);
        ByteArrayOutputStream feature = new ByteArrayOutputStream();
        field(feature, 1, list.toByteArray());
        return feature.toByteArray();
    }

    /** A length-delimited field (wire type 2). */
    private static void field(ByteArrayOutputStream out, int number, byte[] value) {
        varint(out, (long) number << 3 | 2);
        varint(out, value.length);
        out.writeBytes(value);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
