package dev.floe.ml.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a pipeline file, checked: its kind, parameters ({@code with}), positional arguments ({@code args}), the
 * steps it names in {@code depends_on}, the files it reads ({@code inputs}) and writes ({@code outputs}) as written
 * (relative to the pipeline file's folder), its retries and its trigger rule.
 *
 * @param stdout where the step's standard output goes (one of its outputs), or null: into its log
 * @param line   the line of the step in the pipeline file, for messages
 */
public record StepSpec(String id, StepKind kind, Map<String, Object> parameters, List<String> arguments,
                       List<String> dependsOn, List<String> inputs, List<String> outputs, String stdout, RetryPolicy retry,
                       TriggerRule triggerRule, int line) {

    public StepSpec {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        arguments = List.copyOf(arguments);
        dependsOn = List.copyOf(dependsOn);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** Whether the step is a sensor (never cached: it looks again each run). */
    public boolean isSensor() {
        return kind instanceof SensorKind;
    }
}
