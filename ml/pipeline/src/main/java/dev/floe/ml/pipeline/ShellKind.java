package dev.floe.ml.pipeline;

import java.util.List;
import java.util.Set;

/** A shell command ({@code with: {script: "..."}}), run by {@code sh -c} in the pipeline file's folder. */
public final class ShellKind implements ProcessKind {

    /** The kind's name in the pipeline file. */
    public static final String NAME = "shell";
    /** Its one parameter: the command line. */
    public static final String SCRIPT = "script";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> parameters() {
        return Set.of(SCRIPT);
    }

    @Override
    public Set<String> requiredParameters() {
        return Set.of(SCRIPT);
    }

    @Override
    public List<String> program() {
        return List.of("sh", "-c");
    }

    @Override
    public List<String> portableProgram() {
        return program();
    }

    @Override
    public List<String> arguments(StepSpec step) {
        return List.of(String.valueOf(step.parameters().get(SCRIPT)));
    }
}
