package dev.floe.endpoint.serving;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floe.endpoint.security.Access;
import dev.floe.endpoint.security.Grant;
import dev.floe.ml.api.AliasUpdate;
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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/**
 * The TensorFlow Serving REST API (https://www.tensorflow.org/tfx/serving/api_rest) over the served models, with
 * its field names:
 *
 * <pre>
 *   GET  /v1/models/M[/versions/V|/labels/L]             model_version_status
 *   GET  /v1/models/M[/versions/V|/labels/L]/metadata    model_spec and the serving_default signature_def
 *   POST /v1/models/M[/versions/V|/labels/L]:predict     {"instances": [...]} -> {"predictions": [...]},
 *                                                        {"inputs": ...} -> {"outputs": ...}
 *   POST /v1/models/M[/versions/V|/labels/L]:classify    {"examples": [...], "context": {...}}
 *                                                        -> {"results": [[["label", score], ...], ...]}
 * </pre>
 *
 * A label is a model alias (e.g. {@code champion}); without version or label the model's default version answers.
 * A model with one output has its name left out of predictions and outputs, as TF Serving does; classify lists every
 * class with its probability, highest first. {@code "signature_name"} may only be {@code "serving_default"}.
 *
 * <p>floe's own fields say what each row is about: an instance (or example) may carry {@code "floe:subject"} (an
 * absolute IRI) and {@code "floe:footprint"} (WKT in CRS84); columnar inputs take {@code "floe:subjects"} and
 * {@code "floe:footprints"}, lists with one entry (or null) per row. Rows that name a subject are recorded in the
 * store as predictions, which needs a write key; {@code "floe:record": "async"} records them after answering
 * (default {@code "sync"}: before). The answer then carries {@code "floe:predictions"}, the IRI of each row's
 * recorded prediction (null for rows that named no subject).
 *
 * <p>Labels are moved here too, which TF Serving does through its model configuration rather than its REST API: {@code
 * PUT /v1/models/M/labels/L} with {@code {"version": N}} points label L at version N, {@code DELETE} removes it; both
 * are writes (a write key), recorded in the registry's alias history, and the default version served follows at once.
 *
 * <p>{@code GET /v1/models/M/monitoring} (floe's own) tells how M is watched: the inference log's counts and, per
 * version, the drift monitor's windows and its last report with every test.
 *
 * <p>Failures are {@code {"error": "..."}}: 400 for a body that is not JSON or does not fit the signature, 404 for an
 * unknown model, version or label, 503 when the model cannot answer now.
 */
@Path("/v1/models")
@Access(Access.Level.READ)
public final class TfServingResource {

    private static final String MODEL = "{model: [^/:]+}";
    private static final String VERSION = MODEL + "/versions/{version: [^/:]+}";
    private static final String LABEL = MODEL + "/labels/{label: [^/:]+}";

    private final ServedModels models;

    @Inject
    public TfServingResource(ServedModels models) {
        this.models = models;
    }

    @GET
    @Path(MODEL)
    public Response status(@PathParam("model") String model) {
        return status(ModelSelector.of(model));
    }

    @GET
    @Path(VERSION)
    public Response status(@PathParam("model") String model, @PathParam("version") String version) {
        return status(Selectors.version(model, version));
    }

    @GET
    @Path(LABEL)
    public Response statusOfLabel(@PathParam("model") String model, @PathParam("label") String label) {
        return status(ModelSelector.alias(model, label));
    }

    @GET
    @Path(MODEL + "/metadata")
    public Response metadata(@PathParam("model") String model) {
        return metadata(ModelSelector.of(model));
    }

    @GET
    @Path(VERSION + "/metadata")
    public Response metadata(@PathParam("model") String model, @PathParam("version") String version) {
        return metadata(Selectors.version(model, version));
    }

    @GET
    @Path(LABEL + "/metadata")
    public Response metadataOfLabel(@PathParam("model") String model, @PathParam("label") String label) {
        return metadata(ModelSelector.alias(model, label));
    }

    @POST
    @Path(MODEL + ":predict")
    public void predict(@PathParam("model") String model, InputStream body, @Context ContainerRequestContext request,
                        @Suspended AsyncResponse async) throws IOException {
        predict(ModelSelector.of(model), body, request, async);
    }

    @POST
    @Path(VERSION + ":predict")
    public void predict(@PathParam("model") String model, @PathParam("version") String version, InputStream body,
                        @Context ContainerRequestContext request, @Suspended AsyncResponse async) throws IOException {
        predict(Selectors.version(model, version), body, request, async);
    }

    @POST
    @Path(LABEL + ":predict")
    public void predictWithLabel(@PathParam("model") String model, @PathParam("label") String label, InputStream body,
                                 @Context ContainerRequestContext request, @Suspended AsyncResponse async) throws IOException {
        predict(ModelSelector.alias(model, label), body, request, async);
    }

    @PUT
    @Path(LABEL)
    @Access(Access.Level.WRITE)
    public Response setLabel(@PathParam("model") String model, @PathParam("label") String label, InputStream body,
                             @Context ContainerRequestContext request) throws IOException {
        JsonNode version;
        try {
            version = new ObjectMapper(models.json()).readTree(body).path("version");
        } catch (JsonProcessingException e) {
            throw TfServingRequest.malformed(e);
        }
        long v;
        if (version.canConvertToExactIntegral() && version.isNumber()) {
            v = version.longValue();
        } else if (version.isTextual() && version.asText().matches("[0-9]{1,18}")) {
            v = Long.parseLong(version.asText());
        } else {
            throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "the body must be {\"version\": N}, N a version number");
        }
        return labelled(models.service().setAlias(model, label, v, who(request)));
    }

    @DELETE
    @Path(LABEL)
    @Access(Access.Level.WRITE)
    public Response removeLabel(@PathParam("model") String model, @PathParam("label") String label,
                                @Context ContainerRequestContext request) {
        return labelled(models.service().setAlias(model, label, null, who(request)));
    }

    /** Who an alias change over HTTP is recorded as made by: the write key's label in the key file. */
    private static String who(ContainerRequestContext request) {
        String holder = Grant.of(request).holder();
        return holder == null ? "an API key" : holder;
    }

    private Response labelled(AliasUpdate u) {
        return models.answer(200, g -> {
            g.writeStartObject();
            g.writeStringField("model", u.model());
            g.writeStringField("label", u.alias());
            if (u.from() == null) {
                g.writeNullField("from_version");
            } else {
                g.writeStringField("from_version", Long.toString(u.from()));
            }
            if (u.to() == null) {
                g.writeNullField("to_version");
            } else {
                g.writeStringField("to_version", Long.toString(u.to()));
            }
            g.writeBooleanField("changed", u.changed());
            g.writeEndObject();
        });
    }

    @GET
    @Path(MODEL + "/monitoring")
    public Response monitoring(@PathParam("model") String model) {
        dev.floe.ml.api.ModelMonitoring m = models.service().monitoring(model);
        return models.answer(200, g -> {
            g.writeStartObject();
            g.writeStringField("model", m.model());
            g.writeObjectFieldStart("inference_log");
            g.writeNumberField("written", m.logWritten());
            g.writeNumberField("dropped", m.logDropped());
            g.writeNumberField("failed", m.logFailed());
            g.writeEndObject();
            g.writeNumberField("window_size", m.windowSize());
            g.writeArrayFieldStart("versions");
            for (dev.floe.ml.api.ModelMonitoring.VersionDrift v : m.versions()) {
                g.writeStartObject();
                g.writeStringField("version", Long.toString(v.version()));
                g.writeBooleanField("reference_profile", v.profile());
                g.writeNumberField("rows", v.rows());
                g.writeNumberField("rows_in_open_window", v.rowsInWindow());
                g.writeNumberField("windows", v.windows());
                g.writeNumberField("drifted_windows", v.driftedWindows());
                dev.floe.ml.api.ModelMonitoring.Window w = v.last();
                if (w == null) {
                    g.writeNullField("last_window");
                } else {
                    g.writeObjectFieldStart("last_window");
                    g.writeStringField("report", w.report());
                    g.writeStringField("start", w.start().toString());
                    g.writeStringField("end", w.end().toString());
                    g.writeNumberField("size", w.size());
                    g.writeBooleanField("drifted", w.drifted());
                    g.writeArrayFieldStart("drifted_features");
                    for (String f : w.driftedFeatures()) {
                        g.writeString(f);
                    }
                    g.writeEndArray();
                    g.writeArrayFieldStart("tests");
                    for (dev.floe.ml.api.ModelMonitoring.Test t : w.tests()) {
                        g.writeStartObject();
                        g.writeStringField("statistic", t.statistic());
                        g.writeStringField("feature", t.feature());
                        g.writeNumberField("value", t.value());
                        g.writeNumberField("threshold", t.threshold());
                        g.writeBooleanField("drifted", t.drifted());
                        if (t.pValue() != null) {
                            g.writeNumberField("p_value", t.pValue());
                        }
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    @POST
    @Path(MODEL + ":classify")
    public void classify(@PathParam("model") String model, InputStream body, @Context ContainerRequestContext request,
                         @Suspended AsyncResponse async) throws IOException {
        classify(ModelSelector.of(model), body, request, async);
    }

    @POST
    @Path(VERSION + ":classify")
    public void classify(@PathParam("model") String model, @PathParam("version") String version, InputStream body,
                         @Context ContainerRequestContext request, @Suspended AsyncResponse async) throws IOException {
        classify(Selectors.version(model, version), body, request, async);
    }

    @POST
    @Path(LABEL + ":classify")
    public void classifyWithLabel(@PathParam("model") String model, @PathParam("label") String label, InputStream body,
                                  @Context ContainerRequestContext request, @Suspended AsyncResponse async) throws IOException {
        classify(ModelSelector.alias(model, label), body, request, async);
    }

    private Response status(ModelSelector selector) {
        List<VersionStatus> versions = models.service().status(selector);
        return models.answer(200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("model_version_status");
            for (VersionStatus v : versions) {
                g.writeStartObject();
                g.writeStringField("version", Long.toString(v.version()));
                g.writeStringField("state", v.state().name());
                g.writeObjectFieldStart("status");
                g.writeStringField("error_code", v.error() == null ? "OK" : "UNKNOWN");
                g.writeStringField("error_message", v.error() == null ? "" : v.error());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private Response metadata(ModelSelector selector) {
        ModelVersionInfo info = models.service().metadata(selector);
        return models.answer(200, g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("model_spec");
            g.writeStringField("name", info.model());
            g.writeStringField("signature_name", "");
            g.writeStringField("version", Long.toString(info.version()));
            g.writeEndObject();
            g.writeObjectFieldStart("metadata");
            g.writeObjectFieldStart("signature_def");
            g.writeObjectFieldStart("signature_def");
            g.writeObjectFieldStart(TfServingRequest.SIGNATURE);
            tensorInfos(g, "inputs", info.signature().inputs());
            tensorInfos(g, "outputs", info.signature().outputs());
            g.writeStringField("method_name", "tensorflow/serving/predict");
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private static void tensorInfos(JsonGenerator g, String field, List<TensorSpec> specs) throws IOException {
        g.writeObjectFieldStart(field);
        for (TensorSpec s : specs) {
            g.writeObjectFieldStart(s.name());
            g.writeStringField("dtype", s.datatype().tensorFlowName());
            g.writeObjectFieldStart("tensor_shape");
            g.writeArrayFieldStart("dim");
            for (long d : s.shape()) {
                g.writeStartObject();
                g.writeStringField("size", Long.toString(d));
                g.writeStringField("name", "");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeBooleanField("unknown_rank", false);
            g.writeEndObject();
            g.writeStringField("name", s.name());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private void predict(ModelSelector selector, InputStream body, ContainerRequestContext request, AsyncResponse async)
            throws IOException {
        ModelService service = models.service();
        long start = System.nanoTime();
        TfServingRequest decoded;
        CompletableFuture<InferenceResult> answer;
        try {
            decoded = TfServingRequest.predict(models.json(), body);
            answer = infer(service, selector, decoded, request, false);
        } catch (IOException | RuntimeException e) {
            ServedModels.refused(service, selector, "tfserving:predict", e, start);
            throw e;
        }
        TfServingRequest d = decoded;
        Answers.resume(async, answer, result -> predicted(d, result));
    }

    private Response predicted(TfServingRequest decoded, InferenceResult result) {
        List<Tensor> outputs = result.outputs();
        return models.answer(200, g -> {
            g.writeStartObject();
            if (decoded.columnar()) {
                g.writeFieldName("outputs");
                if (outputs.size() == 1) {
                    JsonTensors.write(g, outputs.get(0));
                } else {
                    g.writeStartObject();
                    for (Tensor t : outputs) {
                        g.writeFieldName(t.name());
                        JsonTensors.write(g, t);
                    }
                    g.writeEndObject();
                }
            } else {
                g.writeArrayFieldStart("predictions");
                int rows = outputs.isEmpty() ? 0 : (int) outputs.get(0).shape()[0];
                for (int r = 0; r < rows; r++) {
                    if (outputs.size() == 1) {
                        JsonTensors.writeRow(g, outputs.get(0), r);
                    } else {
                        g.writeStartObject();
                        for (Tensor t : outputs) {
                            g.writeFieldName(t.name());
                            JsonTensors.writeRow(g, t, r);
                        }
                        g.writeEndObject();
                    }
                }
                g.writeEndArray();
            }
            predictions(g, result);
            g.writeEndObject();
        });
    }

    private void classify(ModelSelector selector, InputStream body, ContainerRequestContext request, AsyncResponse async)
            throws IOException {
        ModelService service = models.service();
        long start = System.nanoTime();
        CompletableFuture<InferenceResult> answer;
        try {
            answer = infer(service, selector, TfServingRequest.classify(models.json(), body), request, true);
        } catch (IOException | RuntimeException e) {
            ServedModels.refused(service, selector, "tfserving:classify", e, start);
            throw e;
        }
        Answers.resume(async, answer, result -> classified(service, result));
    }

    private Response classified(ModelService service, InferenceResult result) {
        Tensor probabilities = result.output(Selectors.PROBABILITIES);
        List<String> classes = service.metadata(ModelSelector.version(result.model(), result.version())).classes();
        if (!(probabilities instanceof Tensor.Numbers p) || p.shape().length != 2 || p.shape()[1] != classes.size()) {
            throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "model " + result.model()
                    + " does not classify: it gives no " + Selectors.PROBABILITIES + " over its " + classes.size() + " classes");
        }
        int rows = (int) p.shape()[0];
        int k = classes.size();
        return models.answer(200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("results");
            for (int r = 0; r < rows; r++) {
                int offset = r * k;
                List<Integer> order = new ArrayList<>();
                for (int c = 0; c < k; c++) {
                    order.add(c);
                }
                order.sort(Comparator.comparingDouble((Integer c) -> -p.data()[offset + c]));
                g.writeStartArray();
                for (int c : order) {
                    g.writeStartArray();
                    g.writeString(classes.get(c));
                    g.writeNumber((float) p.data()[offset + c]);
                    g.writeEndArray();
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            predictions(g, result);
            g.writeEndObject();
        });
    }

    /**
     * Checks who may record, types the inputs by the signature, and (for classify, a model that gives class
     * probabilities) runs the model.
     */
    private static CompletableFuture<InferenceResult> infer(ModelService service, ModelSelector selector, TfServingRequest decoded,
                                                            ContainerRequestContext request, boolean classify) {
        Recording.checkAllowed(decoded.subjects(), request);
        ModelVersionInfo info = service.metadata(selector);
        if (classify && (info.signature().output(Selectors.PROBABILITIES) == null || info.classes().isEmpty())) {
            throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "model " + info.model()
                    + " does not classify: it gives no " + Selectors.PROBABILITIES + " over named classes; use :predict");
        }
        Map<String, Tensor> inputs = SignatureBinding.bind(info, decoded.inputs());
        long rows = inputs.values().iterator().next().shape()[0];
        return service.inferAsync(new InferenceRequest(selector, inputs, null,
                decoded.subjects().forRows(rows, decoded.columnar()), decoded.recording(),
                classify ? "tfserving:classify" : "tfserving:predict"));
    }

    /** {@code "floe:predictions"}: the IRI recorded for each row, when any was. */
    private static void predictions(JsonGenerator g, InferenceResult result) throws IOException {
        if (result.predictions().isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("floe:predictions");
        for (String iri : result.predictions()) {
            g.writeString(iri);
        }
        g.writeEndArray();
    }
}
