package dev.floe.ml.pipeline;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run of a pipeline: its id, when it started and ended, how each step it considered ended (in file order), and
 * whether its runner was killed before it ended (then it holds the steps that had ended, and ended with the last).
 */
public record RunResult(String runId, PipelineSpec pipeline, Instant started, Instant ended, Map<String, StepOutcome> steps,
                        boolean interrupted) {

    public RunResult {
        steps = Collections.unmodifiableMap(new LinkedHashMap<>(steps));
    }

    /** Whether no step failed or was left out because an upstream step failed. */
    public boolean succeeded() {
        return steps.values().stream().noneMatch(o -> o.state().failed());
    }

    /** The run's state as its record says it: success, failed or interrupted. */
    public String status() {
        return interrupted ? "interrupted" : succeeded() ? "success" : "failed";
    }
}
