package dev.floe.ml.pipeline;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One run of a pipeline: its id, when it started and ended, and how each step it considered ended, in file order. */
public record RunResult(String runId, PipelineSpec pipeline, Instant started, Instant ended, Map<String, StepOutcome> steps) {

    public RunResult {
        steps = Collections.unmodifiableMap(new LinkedHashMap<>(steps));
    }

    /** Whether no step failed or was left out because an upstream step failed. */
    public boolean succeeded() {
        return steps.values().stream().noneMatch(o -> o.state().failed());
    }

    /** The run's state as its record says it. */
    public String status() {
        return succeeded() ? "success" : "failed";
    }
}
