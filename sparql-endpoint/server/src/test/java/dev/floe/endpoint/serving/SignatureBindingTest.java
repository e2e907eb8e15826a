package dev.floe.endpoint.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;

import dev.floe.ml.api.DataType;
import dev.floe.ml.api.ModelSignature;
import dev.floe.ml.api.ModelVersionInfo;
import dev.floe.ml.api.ServingException;
import dev.floe.ml.api.Tensor;
import dev.floe.ml.api.TensorSpec;

class SignatureBindingTest {

    static final JsonFactory JSON = ServedModels.of(null).json();
    static final ModelVersionInfo MODEL = new ModelVersionInfo("toy", 1, List.of(), "floe-test", new ModelSignature(
            List.of(new TensorSpec("x", DataType.FP32, new long[] {-1, 3})), List.of()), List.of());

    /** Input x of {@code values} (one row of three) through each of the four paths a request takes. */
    static List<Map<String, Tensor>> everyPath(String a, String b, String c, float... binary) throws IOException {
        String row = "[" + a + "," + b + "," + c + "]";
        return List.of(
                bind(TfServingRequest.predict(JSON, stream("{\"instances\":[" + row + "]}")).inputs()),
                bind(TfServingRequest.predict(JSON, stream("{\"inputs\":{\"x\":[" + row + "]}}")).inputs()),
                bind(InferenceV2Request.read(JSON, stream("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":"
                        + row + "}]}"), null).inputs()),
                bind(binary(binary).inputs()));
    }

    static InferenceV2Request binary(float... values) throws IOException {
        byte[] header = ("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":"
                + 4 * values.length + "}}]}").getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(header.length + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        body.put(header);
        for (float v : values) {
            body.putFloat(v);
        }
        return InferenceV2Request.read(JSON, new ByteArrayInputStream(body.array()), Integer.toString(header.length));
    }

    static Map<String, Tensor> bind(List<DecodedTensor> decoded) {
        return SignatureBinding.bind(MODEL, decoded);
    }

    static ByteArrayInputStream stream(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyPathGivesTheModelItsFp32InputAsTheFloatsItTakes() throws IOException {
        for (Map<String, Tensor> inputs : everyPath("0.1", "-25.123457", "3", 0.1f, -25.123457f, 3f)) {
            Tensor.Floats x = assertInstanceOf(Tensor.Floats.class, inputs.get("x"));
            assertArrayEquals(new long[] {1, 3}, x.shape());
            assertArrayEquals(new float[] {0.1f, -25.123457f, 3f}, x.data());
        }
    }

    @Test
    void aValueThatIsNotFiniteIsRefusedOnEveryPathWithTheSameMessage() {
        assertRefused("input x: element 1 is NaN; only finite numbers are accepted", "0", "NaN", "0", 0, Float.NaN, 0);
        assertRefused("input x: element 2 is -Infinity; only finite numbers are accepted", "0", "0", "-Infinity",
                0, 0, Float.NEGATIVE_INFINITY);
    }

    @Test
    void theFirstBadElementIsNamedWhetherItIsNotFiniteOrBeyondFp32() {
        // JSON only: binary FP32 cannot hold a number beyond FP32
        assertRefused("input x: element 0 is NaN; only finite numbers are accepted", "NaN", "0", "1e39");
        assertRefused("input x: element 0 (1.0E39) is beyond the range of FP32", "1e39", "NaN", "0");
        assertRefused("input x: element 2 (-1.0E39) is beyond the range of FP32", "0", "1", "-1e39");
    }

    /** Each of the four paths (three when {@code binary} is empty) refuses the row with {@code expected}. */
    private static void assertRefused(String expected, String a, String b, String c, float... binary) {
        String row = "[" + a + "," + b + "," + c + "]";
        List<org.junit.jupiter.api.function.Executable> paths = new java.util.ArrayList<>(List.of(
                () -> bind(TfServingRequest.predict(JSON, stream("{\"instances\":[" + row + "]}")).inputs()),
                () -> bind(TfServingRequest.predict(JSON, stream("{\"inputs\":{\"x\":[" + row + "]}}")).inputs()),
                () -> bind(InferenceV2Request.read(JSON, stream("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\","
                        + "\"data\":" + row + "}]}"), null).inputs())));
        if (binary.length > 0) {
            paths.add(() -> bind(binary(binary).inputs()));
        }
        for (org.junit.jupiter.api.function.Executable path : paths) {
            assertEquals(expected, assertThrows(ServingException.class, path).getMessage());
        }
    }
}
