package dev.floe.ml.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void aShapeThatDoesNotHoldTheDataIsAnInvalidArgument() {
        ServingException e = assertThrows(ServingException.class,
                () -> Tensor.Numbers.fp32("patch", new long[] {2, 3}, new double[5]));
        assertEquals(ServingException.Kind.INVALID_ARGUMENT, e.kind());
        assertEquals(400, e.kind().httpStatus());
        assertEquals("input patch: shape [2, 3] holds 6 values, the data has 5", e.getMessage());
    }

    @Test
    void floatsRefuseTheFirstValueThatIsNotFiniteWhoeverMakesThem() {
        ServingException e = assertThrows(ServingException.class,
                () -> new Tensor.Floats("patch", new long[] {1, 3}, new float[] {1, Float.POSITIVE_INFINITY, Float.NaN}));
        assertEquals(ServingException.Kind.INVALID_ARGUMENT, e.kind());
        assertEquals("input patch: element 1 is Infinity; only finite numbers are accepted", e.getMessage());
        Tensor.Floats f = new Tensor.Floats("patch", new long[] {1, 2}, new float[] {0.1f, -25.5f});
        assertEquals(DataType.FP32, f.datatype());
        assertEquals(0.1f, (float) f.number(0));
    }

    @Test
    void aNegativeDimensionIsAnInvalidArgument() {
        ServingException e = assertThrows(ServingException.class, () -> Tensor.elements(new long[] {-1, 4}));
        assertEquals("negative dimension in shape [-1, 4]", e.getMessage());
    }

    @Test
    void datatypesParseInAnyCaseAndKnowTheirTensorFlowNames() {
        assertEquals(DataType.FP32, DataType.parse("fp32"));
        assertEquals("DT_FLOAT", DataType.FP32.tensorFlowName());
        assertEquals(4, DataType.FP32.elementBytes());
        assertEquals(0, DataType.BYTES.elementBytes());
        assertEquals(ServingException.Kind.INVALID_ARGUMENT,
                assertThrows(ServingException.class, () -> DataType.parse("FLOAT")).kind());
    }

    @Test
    void aSelectorNamesAVersionOrALabelNotBoth() {
        assertEquals("land-cover label champion", ModelSelector.alias("land-cover", "champion").toString());
        assertEquals("land-cover version 2", ModelSelector.version("land-cover", 2).toString());
        assertThrows(ServingException.class, () -> new ModelSelector("land-cover", 1L, "champion"));
        assertThrows(ServingException.class, () -> ModelSelector.of(" "));
    }

    @Test
    void aRequestRecordsOnlyWhenARowNamesItsSubject() {
        Map<String, Tensor> in = Map.of("patch", Tensor.Numbers.fp32("patch", new long[] {1, 1}, new double[] {0.5}));
        assertEquals(false, InferenceRequest.of(ModelSelector.of("m"), in).records());
        InferenceRequest r = new InferenceRequest(ModelSelector.of("m"), in, "r1",
                java.util.List.of(new InferenceRequest.Subject("https://example.org/patch/1", null)), null);
        assertEquals(true, r.records());
        assertEquals(InferenceRequest.Recording.SYNC, r.recording());
    }
}
