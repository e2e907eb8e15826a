package dev.floe.ml.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One protocol request, decoded: the model version meant, the input tensors (batch dimension first), the id the
 * client gave it (or null), and for each row what it is about, when the client names it: an IRI (a patch, a SAR
 * record) and optionally its footprint as WKT in CRS84. Rows that name a subject are recorded as predictions in the
 * store ({@link Recording#SYNC} unless the client asks for {@link Recording#ASYNC}); a request without subjects
 * records nothing. {@code protocol} names the API the request came through (e.g. {@code tfserving:predict}, {@code
 * v2:infer}; {@code java} for a call in process), for the inference log.
 */
public record InferenceRequest(ModelSelector selector, Map<String, Tensor> inputs, String id, List<Subject> subjects,
                               Recording recording, String protocol) {

    /** When recorded predictions are written: before the answer ({@code SYNC}) or after it ({@code ASYNC}). */
    public enum Recording { SYNC, ASYNC }

    /** What one row is about: an IRI, and its footprint (WKT, CRS84) when the client gives one. */
    public record Subject(String iri, String footprintWkt) {
    }

    public InferenceRequest {
        inputs = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
        subjects = subjects == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(subjects));
        recording = recording == null ? Recording.SYNC : recording;
        protocol = protocol == null ? JAVA : protocol;
    }

    /** The protocol of a request made in process, not over HTTP. */
    public static final String JAVA = "java";

    /** A request made in process. */
    public InferenceRequest(ModelSelector selector, Map<String, Tensor> inputs, String id, List<Subject> subjects,
                            Recording recording) {
        this(selector, inputs, id, subjects, recording, JAVA);
    }

    /** A request that records nothing. */
    public static InferenceRequest of(ModelSelector selector, Map<String, Tensor> inputs) {
        return new InferenceRequest(selector, inputs, null, List.of(), Recording.SYNC);
    }

    /** True when at least one row names what it is about, so the request writes to the store. */
    public boolean records() {
        return subjects.stream().anyMatch(s -> s != null && s.iri() != null);
    }
}
