package dev.floe.ml.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnknownFieldSet;

class TfRecordWriterTest {

    @Test
    void maskedCrcsEqualValuesComputedIndependently() {
        // expected values from a bitwise CRC-32C in Python with TensorFlow's mask ((c >> 15 | c << 17) + 0xa282ead8)
        assertEquals(0xC78AB0E5, TfRecordWriter.maskedCrc32c("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9));
        assertEquals(0x191C1FBB, TfRecordWriter.maskedCrc32c("hello".getBytes(StandardCharsets.US_ASCII), 0, 5));
    }

    @Test
    void aRecordIsFramedAsLengthMaskedCrcPayloadMaskedCrc() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TfRecordWriter w = new TfRecordWriter(out)) {
            w.write("hello".getBytes(StandardCharsets.US_ASCII));
        }
        ByteBuffer b = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(8 + 4 + 5 + 4, b.remaining());
        assertEquals(5L, b.getLong());
        assertEquals(0x3E04B2EA, b.getInt(), "masked CRC of the 8 length bytes");
        byte[] payload = new byte[5];
        b.get(payload);
        assertEquals("hello", new String(payload, StandardCharsets.US_ASCII));
        assertEquals(0x191C1FBB, b.getInt());
    }

    @Test
    void exampleIsATfTrainExampleInProtobufWireFormat() throws IOException {
        List<Feature> schema = List.of(new Feature("x", FeatureType.INT), new Feature("s", FeatureType.STRING),
                new Feature("f", FeatureType.DOUBLE), new Feature("missing", FeatureType.DOUBLE));
        byte[] example = TfRecordWriter.example(schema, new Object[] {7L, "ab", 1.5, null});
        // the bytes an independent encoder (Python, by the proto definitions) produced
        assertEquals("0a280a0a0a017812051a030a01070a0b0a017312060a040a0261620a0d0a0166120812060a040000c03f",
                HexFormat.of().formatHex(example));
        // and protobuf-java's generic wire parser reads Example{features{feature{key, value}}} back
        Map<String, UnknownFieldSet> features = new LinkedHashMap<>();
        UnknownFieldSet ex = UnknownFieldSet.parseFrom(example);
        UnknownFieldSet fs = UnknownFieldSet.parseFrom(ex.getField(1).getLengthDelimitedList().get(0));
        for (ByteString entry : fs.getField(1).getLengthDelimitedList()) {
            UnknownFieldSet e = UnknownFieldSet.parseFrom(entry);
            features.put(e.getField(1).getLengthDelimitedList().get(0).toStringUtf8(),
                    UnknownFieldSet.parseFrom(e.getField(2).getLengthDelimitedList().get(0)));
        }
        assertEquals(List.of("x", "s", "f"), List.copyOf(features.keySet()), "missing values are left out");
        ByteString int64List = UnknownFieldSet.parseFrom(features.get("x").getField(3).getLengthDelimitedList().get(0))
                .getField(1).getLengthDelimitedList().get(0);
        assertEquals(7L, CodedInputStream.newInstance(int64List.toByteArray()).readRawVarint64());
        assertEquals("ab", UnknownFieldSet.parseFrom(features.get("s").getField(1).getLengthDelimitedList().get(0))
                .getField(1).getLengthDelimitedList().get(0).toStringUtf8());
        byte[] floats = UnknownFieldSet.parseFrom(features.get("f").getField(2).getLengthDelimitedList().get(0))
                .getField(1).getLengthDelimitedList().get(0).toByteArray();
        assertArrayEquals(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).array(), floats);
    }
}
