package dev.floe.ml.sar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floe.ml.MlDataException;

/**
 * Streams records of the Statoil/C-CORE {@code train.json} / {@code test.json} format: a JSON array of
 * objects (or one object, or objects one after another) with {@code id}, {@code band_1}, {@code band_2}
 * (side x side dB floats each, row-major), {@code inc_angle} (degrees or "na") and, on training data,
 * {@code is_iceberg} (0 or 1). Only one record is in memory at a time, so the full 1604-record file
 * (about 1.5 GB of JSON text) reads in constant memory.
 *
 * <p>Every problem is reported as an {@link MlDataException} naming the file, the record's index and id
 * and what is wrong; nothing is skipped silently.
 */
public final class SarRecordReader {

    /** The side of the competition's patches. */
    public static final int STATOIL_SIDE = 75;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            // the reader must see NaN/Infinity tokens to reject them with a clear message
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build());

    private final int side;
    private final boolean requireLabel;

    /**
     * @param side         the expected patch side (75 for the competition data)
     * @param requireLabel whether a record without {@code is_iceberg} is an error (training data)
     */
    public SarRecordReader(int side, boolean requireLabel) {
        this.side = side;
        this.requireLabel = requireLabel;
    }

    /** Reads every record of {@code file} into a list. */
    public List<SarRecord> readAll(Path file) {
        List<SarRecord> records = new ArrayList<>();
        read(file, records::add);
        return records;
    }

    /** Streams the records of {@code file} to {@code sink} in file order; returns how many were read. */
    public long read(Path file, Consumer<SarRecord> sink) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), sink);
        } catch (IOException e) {
            throw new MlDataException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Streams the records of {@code in}; {@code source} names the input in error messages. */
    public long read(InputStream in, String source, Consumer<SarRecord> sink) throws IOException {
        long index = 0;
        try (JsonParser parser = MAPPER.getFactory().createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new MlDataException(source + ": empty file, expected a JSON array of SAR patch records");
            }
            boolean array = first == JsonToken.START_ARRAY;
            JsonToken token = array ? parser.nextToken() : first;
            while (token != null && token != JsonToken.END_ARRAY) {
                if (token != JsonToken.START_OBJECT) {
                    throw new MlDataException(source + ": record " + index + ": expected a JSON object, found " + token);
                }
                JsonNode node = MAPPER.readTree(parser);
                sink.accept(toRecord(node, source, index));
                index++;
                token = parser.nextToken();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MlDataException(source + ": record " + index + ": malformed JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
        return index;
    }

    private SarRecord toRecord(JsonNode node, String source, long index) {
        JsonNode idNode = node.get("id");
        if (idNode == null || !idNode.isValueNode() || idNode.asText().isBlank()) {
            throw new MlDataException(source + ": record " + index + ": no \"id\"");
        }
        String id = idNode.asText();
        String where = source + ": record " + index + " (id " + id + ")";
        float[] hh = band(node, "band_1", where);
        float[] hv = band(node, "band_2", where);
        Double angle = null;
        JsonNode a = node.get("inc_angle");
        if (a == null) {
            throw new MlDataException(where + ": no \"inc_angle\" (give degrees or \"na\")");
        }
        if (a.isNumber()) {
            angle = a.doubleValue();
            if (!Double.isFinite(angle)) {
                throw new MlDataException(where + ": inc_angle is " + angle);
            }
        } else if (!(a.isTextual() && "na".equalsIgnoreCase(a.asText()))) {
            throw new MlDataException(where + ": inc_angle is neither a number nor \"na\": " + a);
        }
        Integer label = null;
        JsonNode l = node.get("is_iceberg");
        if (l == null || l.isNull()) {
            if (requireLabel) {
                throw new MlDataException(where + ": missing label \"is_iceberg\" (training records need 0 or 1)");
            }
        } else if (l.isIntegralNumber() && (l.asInt() == 0 || l.asInt() == 1)) {
            label = l.asInt();
        } else {
            throw new MlDataException(where + ": is_iceberg must be 0 or 1, found " + l);
        }
        return new SarRecord(id, side, hh, hv, angle, label);
    }

    private float[] band(JsonNode node, String name, String where) {
        JsonNode values = node.get(name);
        if (values == null || !values.isArray()) {
            throw new MlDataException(where + ": no \"" + name + "\" array");
        }
        if (values.size() != side * side) {
            throw new MlDataException(where + ": " + name + " has " + values.size() + " values, expected "
                    + side * side + " (" + side + "x" + side + ")");
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = values.get(i);
            if (!v.isNumber()) {
                throw new MlDataException(where + ": " + name + "[" + i + "] is not a number: " + v);
            }
            double d = v.doubleValue();
            if (!Double.isFinite(d)) {
                throw new MlDataException(where + ": " + name + "[" + i + "] is " + d);
            }
            out[i] = (float) d;
        }
        return out;
    }
}
