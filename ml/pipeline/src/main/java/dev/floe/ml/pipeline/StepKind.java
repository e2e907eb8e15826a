package dev.floe.ml.pipeline;

import java.util.Set;

/**
 * What a step does, named by its {@code kind} in the pipeline file: a floe command, a shell command or a sensor. A
 * kind knows its parameters, so that a pipeline file naming one it lacks fails before anything runs.
 */
public interface StepKind {

    /** The name the pipeline file gives, e.g. {@code triplify}, {@code models alias}, {@code shell}. */
    String name();

    /** The parameters a step of this kind may set under {@code with}. */
    Set<String> parameters();

    /** The parameters a step of this kind must set. */
    default Set<String> requiredParameters() {
        return Set.of();
    }

    /** Whether a step may give positional arguments ({@code args}). */
    default boolean takesArguments() {
        return false;
    }
}
