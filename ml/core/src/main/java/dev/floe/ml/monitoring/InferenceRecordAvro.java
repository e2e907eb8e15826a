package dev.floe.ml.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The one place where an {@link InferenceRecord} becomes an Avro {@link GenericRecord} of the schema {@code
 * inference-record.avsc} and back (by hand, no generated classes). Reading takes any record the schema resolves, so
 * files of an older version of the schema read with defaults for the fields they lack. Stateless.
 */
final class InferenceRecordAvro {

    /** The schema, version {@link #VERSION}, from {@code inference-record.avsc}. */
    static final Schema SCHEMA = load();

    /** The version written into every record's {@code schema_version}. */
    static final int VERSION = 1;

    private static final Schema ROW = SCHEMA.getField("rows").schema().getElementType();
    private static final Schema CHANNEL = ROW.getField("channels").schema().getElementType();
    private static final Schema EXTRA = ROW.getField("extras").schema().getElementType();

    private InferenceRecordAvro() {
    }

    static GenericRecord toAvro(InferenceRecord r) {
        GenericData.Record g = new GenericData.Record(SCHEMA);
        g.put("schema_version", VERSION);
        g.put("request_id", r.requestId());
        g.put("model", r.model());
        g.put("version", r.version());
        g.put("alias", r.alias());
        g.put("protocol", r.protocol());
        g.put("time", r.time().toEpochMilli());
        g.put("latency_micros", r.latencyMicros());
        g.put("status", r.status());
        g.put("error", r.error());
        List<GenericRecord> rows = new ArrayList<>(r.rows().size());
        for (InferenceRecord.Row row : r.rows()) {
            rows.add(toAvro(row));
        }
        g.put("rows", rows);
        return g;
    }

    private static GenericRecord toAvro(InferenceRecord.Row row) {
        GenericData.Record g = new GenericData.Record(ROW);
        g.put("subject", row.subject());
        g.put("product", row.product());
        g.put("prediction", row.prediction());
        List<GenericRecord> channels = new ArrayList<>(row.channels().size());
        for (InferenceRecord.ChannelSummary c : row.channels()) {
            GenericData.Record s = new GenericData.Record(CHANNEL);
            s.put("channel", c.channel());
            s.put("mean", c.mean());
            s.put("std", c.std());
            s.put("p5", c.p5());
            s.put("p95", c.p95());
            s.put("nodata", c.noData());
            channels.add(s);
        }
        g.put("channels", channels);
        List<GenericRecord> extras = new ArrayList<>(row.extras().size());
        for (InferenceRecord.Extra e : row.extras()) {
            GenericData.Record x = new GenericData.Record(EXTRA);
            x.put("name", e.name());
            x.put("value", e.value());
            extras.add(x);
        }
        g.put("extras", extras);
        g.put("probabilities", floats(row.probabilities()));
        g.put("predicted_class", row.predictedClass());
        g.put("confidence", row.confidence());
        g.put("input", floats(row.input()));
        return g;
    }

    static InferenceRecord fromAvro(GenericRecord g) {
        List<InferenceRecord.Row> rows = new ArrayList<>();
        for (Object row : (Collection<?>) g.get("rows")) {
            rows.add(rowFromAvro((GenericRecord) row));
        }
        return new InferenceRecord(string(g.get("request_id")), string(g.get("model")), (Long) g.get("version"),
                string(g.get("alias")), string(g.get("protocol")), Instant.ofEpochMilli((Long) g.get("time")),
                (Long) g.get("latency_micros"), (Integer) g.get("status"), string(g.get("error")), rows);
    }

    private static InferenceRecord.Row rowFromAvro(GenericRecord g) {
        List<InferenceRecord.ChannelSummary> channels = new ArrayList<>();
        for (Object o : (Collection<?>) g.get("channels")) {
            GenericRecord c = (GenericRecord) o;
            channels.add(new InferenceRecord.ChannelSummary(string(c.get("channel")), (Double) c.get("mean"),
                    (Double) c.get("std"), (Double) c.get("p5"), (Double) c.get("p95"), (Double) c.get("nodata")));
        }
        List<InferenceRecord.Extra> extras = new ArrayList<>();
        for (Object o : (Collection<?>) g.get("extras")) {
            GenericRecord e = (GenericRecord) o;
            extras.add(new InferenceRecord.Extra(string(e.get("name")), (Double) e.get("value")));
        }
        return new InferenceRecord.Row(string(g.get("subject")), string(g.get("product")), string(g.get("prediction")),
                channels, extras, floats(g.get("probabilities")), string(g.get("predicted_class")),
                (Float) g.get("confidence"), floats(g.get("input")));
    }

    /** Avro reads strings as its own {@code Utf8}. */
    private static String string(Object o) {
        return o == null ? null : o.toString();
    }

    private static float[] floats(Object o) {
        if (o == null) {
            return null;
        }
        Collection<?> values = (Collection<?>) o;
        float[] out = new float[values.size()];
        int i = 0;
        for (Object v : values) {
            out[i++] = (Float) v;
        }
        return out;
    }

    /** A view, so a sampled input of thousands of values is written without copying it into a list first. */
    private static List<Float> floats(float[] values) {
        return values == null ? null : new FloatList(values);
    }

    private static final class FloatList extends AbstractList<Float> implements RandomAccess {
        private final float[] values;

        FloatList(float[] values) {
            this.values = values;
        }

        @Override
        public Float get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }
    }

    private static Schema load() {
        try (InputStream in = InferenceRecordAvro.class.getResourceAsStream("inference-record.avsc")) {
            if (in == null) {
                throw new IllegalStateException("inference-record.avsc is missing from floe-ml's resources");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read inference-record.avsc", e);
        }
    }
}
