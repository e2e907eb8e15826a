package dev.floe.endpoint.serving;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.floe.endpoint.security.Access;
import dev.floe.ml.api.InferenceRequest;
import dev.floe.ml.api.InferenceResult;
import dev.floe.ml.api.ModelSelector;
import dev.floe.ml.api.ModelService;
import dev.floe.ml.api.ModelVersionInfo;
import dev.floe.ml.api.ServingException;
import dev.floe.ml.api.Tensor;
import dev.floe.ml.api.TensorSpec;
import dev.floe.ml.api.VersionStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The Open Inference Protocol, version 2 (KServe, Triton) over the served models, with Triton's binary tensor
 * extension:
 *
 * <pre>
 *   GET  /v2                                    server metadata: name, version, extensions
 *   GET  /v2/health/live, /v2/health/ready      200, or 503 while a served model's default version is not loaded
 *   GET  /v2/models/M[/versions/V]              model metadata: name, versions, platform, inputs, outputs
 *   GET  /v2/models/M[/versions/V]/ready        200 {"name", "ready": true}, or 503 with "ready": false
 *   POST /v2/models/M[/versions/V]/infer        typed tensors in, typed tensors out
 * </pre>
 *
 * An inference request is JSON ({@code "data"} flat or nested), or, with the header {@value
 * InferenceV2Request#HEADER_LENGTH}: N, N bytes of JSON followed by the inputs' raw bytes (little-endian) in input
 * order, each input saying {@code "parameters": {"binary_data_size": bytes}}. Outputs asked for with
 * {@code "binary_data": true} (or all, with the request parameter {@code "binary_data_output": true}) come back the
 * same way, with the answer's {@value InferenceV2Request#HEADER_LENGTH}. Only the outputs named in
 * {@code "outputs"} are answered when it is given. FP16 is refused (send FP32).
 *
 * <p>The request's {@code "parameters"} may say what the rows are about: {@code "floe:subjects"} (absolute IRIs) and
 * {@code "floe:footprints"} (WKT in CRS84), one entry or null per row; rows with a subject are recorded in the store
 * as predictions, which needs a write key, and {@code "floe:record": "async"} records them after answering. The
 * answer's {@code "parameters"} then carry {@code "floe:predictions"}, the IRI recorded for each row.
 *
 * <p>Failures are {@code {"error": "..."}}: 400, 404 (unknown model or version), 503 (the model cannot answer now).
 */
@Path("/v2")
@Access(Access.Level.READ)
public final class InferenceV2Resource {

    /** The server's version in its metadata. */
    static final String VERSION = versionOfFloe();

    private static final String MODEL = "models/{model: [^/]+}";
    private static final String VERSIONED = MODEL + "/versions/{version: [^/]+}";

    private final ServedModels models;

    @Inject
    public InferenceV2Resource(ServedModels models) {
        this.models = models;
    }

    @GET
    public Response server() {
        return models.answer(200, g -> {
            g.writeStartObject();
            g.writeStringField("name", "floe");
            g.writeStringField("version", VERSION);
            g.writeArrayFieldStart("extensions");
            g.writeString("binary_tensor_data");
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    @GET
    @Path("health/live")
    public Response live() {
        return flag(200, null, "live", true);
    }

    @GET
    @Path("health/ready")
    public Response ready() {
        boolean ready = !models.any() || models.service().ready();
        return flag(ready ? 200 : 503, null, "ready", ready);
    }

    @GET
    @Path(MODEL)
    public Response metadata(@PathParam("model") String model) {
        return metadata(ModelSelector.of(model));
    }

    @GET
    @Path(VERSIONED)
    public Response metadata(@PathParam("model") String model, @PathParam("version") String version) {
        return metadata(Selectors.version(model, version));
    }

    @GET
    @Path(MODEL + "/ready")
    public Response modelReady(@PathParam("model") String model) {
        return modelReady(ModelSelector.of(model));
    }

    @GET
    @Path(VERSIONED + "/ready")
    public Response modelReady(@PathParam("model") String model, @PathParam("version") String version) {
        return modelReady(Selectors.version(model, version));
    }

    @POST
    @Path(MODEL + "/infer")
    public void infer(@PathParam("model") String model, @HeaderParam(InferenceV2Request.HEADER_LENGTH) String headerLength,
                      InputStream body, @Context ContainerRequestContext request, @Suspended AsyncResponse async) throws IOException {
        infer(ModelSelector.of(model), headerLength, body, request, async);
    }

    @POST
    @Path(VERSIONED + "/infer")
    public void infer(@PathParam("model") String model, @PathParam("version") String version,
                      @HeaderParam(InferenceV2Request.HEADER_LENGTH) String headerLength, InputStream body,
                      @Context ContainerRequestContext request, @Suspended AsyncResponse async) throws IOException {
        infer(Selectors.version(model, version), headerLength, body, request, async);
    }

    private Response flag(int status, String name, String field, boolean value) {
        return models.answer(status, g -> {
            g.writeStartObject();
            if (name != null) {
                g.writeStringField("name", name);
            }
            g.writeBooleanField(field, value);
            g.writeEndObject();
        });
    }

    private Response metadata(ModelSelector selector) {
        ModelService service = models.service();
        ModelVersionInfo info = service.metadata(selector);
        List<VersionStatus> versions = service.status(ModelSelector.of(selector.model()));
        return models.answer(200, g -> {
            g.writeStartObject();
            g.writeStringField("name", info.model());
            g.writeArrayFieldStart("versions");
            for (VersionStatus v : versions) {
                g.writeString(Long.toString(v.version()));
            }
            g.writeEndArray();
            g.writeStringField("platform", info.platform());
            specs(g, "inputs", info.signature().inputs());
            specs(g, "outputs", info.signature().outputs());
            g.writeObjectFieldStart("parameters");
            g.writeStringField("floe:version", Long.toString(info.version()));
            g.writeArrayFieldStart("floe:classes");
            for (String c : info.classes()) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private static void specs(JsonGenerator g, String field, List<TensorSpec> specs) throws IOException {
        g.writeArrayFieldStart(field);
        for (TensorSpec s : specs) {
            g.writeStartObject();
            g.writeStringField("name", s.name());
            g.writeStringField("datatype", s.datatype().name());
            shape(g, s.shape());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void shape(JsonGenerator g, long[] shape) throws IOException {
        g.writeFieldName("shape");
        g.writeArray(shape, 0, shape.length);
    }

    private Response modelReady(ModelSelector selector) {
        ModelService service = models.service();
        ModelVersionInfo info = service.metadata(selector);
        boolean ready = service.status(ModelSelector.version(info.model(), info.version())).stream()
                .anyMatch(VersionStatus::available);
        return flag(ready ? 200 : 503, info.model(), "ready", ready);
    }

    private void infer(ModelSelector selector, String headerLength, InputStream body, ContainerRequestContext request,
                       AsyncResponse async) throws IOException {
        ModelService service = models.service();
        long start = System.nanoTime();
        InferenceV2Request decoded;
        List<InferenceV2Request.Output> asked;
        java.util.concurrent.CompletableFuture<InferenceResult> answer;
        try {
            decoded = InferenceV2Request.read(models.json(), body, headerLength);
            Recording.checkAllowed(decoded.subjects(), request);
            ModelVersionInfo info = service.metadata(selector);
            Map<String, Tensor> inputs = SignatureBinding.bind(info, decoded.inputs());
            asked = decoded.outputs() != null ? decoded.outputs() : all(info);
            for (InferenceV2Request.Output o : asked) {
                if (info.signature().output(o.name()) == null) {
                    throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "unknown output " + o.name() + ": model "
                            + info.model() + " version " + info.version() + " gives " + info.signature().outputs());
                }
            }
            long rows = inputs.values().iterator().next().shape()[0];
            answer = service.inferAsync(new InferenceRequest(selector, inputs, decoded.id(), decoded.subjects().forRows(rows, true),
                    decoded.recording(), "v2:infer"));
        } catch (IOException | RuntimeException e) {
            ServedModels.refused(service, selector, "v2:infer", e, start);
            throw e;
        }
        InferenceV2Request d = decoded;
        List<InferenceV2Request.Output> outputs = asked;
        Answers.resume(async, answer, result -> inferred(d, outputs, result));
    }

    private Response inferred(InferenceV2Request decoded, List<InferenceV2Request.Output> asked, InferenceResult result) {
        List<Tensor> outputs = new ArrayList<>();
        List<Boolean> binary = new ArrayList<>();
        int binaryBytes = 0;
        for (InferenceV2Request.Output o : asked) {
            Tensor t = result.output(o.name());
            if (t == null) {
                throw new IllegalStateException("model " + result.model() + " gave no output " + o.name());
            }
            outputs.add(t);
            binary.add(o.binary(decoded.binaryOutputs()));
            binaryBytes += o.binary(decoded.binaryOutputs()) ? TensorBytes.size(t) : 0;
        }
        byte[] header = models.bytes(g -> {
            g.writeStartObject();
            g.writeStringField("model_name", result.model());
            g.writeStringField("model_version", Long.toString(result.version()));
            if (decoded.id() != null) {
                g.writeStringField("id", decoded.id());
            }
            if (!result.predictions().isEmpty()) {
                g.writeObjectFieldStart("parameters");
                g.writeArrayFieldStart("floe:predictions");
                for (String iri : result.predictions()) {
                    g.writeString(iri);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeArrayFieldStart("outputs");
            for (int i = 0; i < outputs.size(); i++) {
                Tensor t = outputs.get(i);
                g.writeStartObject();
                g.writeStringField("name", t.name());
                g.writeStringField("datatype", t.datatype().name());
                shape(g, t.shape());
                if (binary.get(i)) {
                    g.writeObjectFieldStart("parameters");
                    g.writeNumberField("binary_data_size", TensorBytes.size(t));
                    g.writeEndObject();
                } else {
                    g.writeFieldName("data");
                    JsonTensors.writeFlat(g, t);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        if (binaryBytes == 0) {
            return Response.ok(header, MediaType.APPLICATION_JSON_TYPE).build();
        }
        ByteBuffer all = ByteBuffer.allocate(header.length + binaryBytes).put(header);
        for (int i = 0; i < outputs.size(); i++) {
            if (binary.get(i)) {
                TensorBytes.encode(outputs.get(i), all);
            }
        }
        return Response.ok(all.array(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(InferenceV2Request.HEADER_LENGTH, header.length).build();
    }

    private static List<InferenceV2Request.Output> all(ModelVersionInfo info) {
        return info.signature().outputs().stream().map(s -> new InferenceV2Request.Output(s.name(), null)).toList();
    }

    private static String versionOfFloe() {
        String v = InferenceV2Resource.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0";
    }
}
