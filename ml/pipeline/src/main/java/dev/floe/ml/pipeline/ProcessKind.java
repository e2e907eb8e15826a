package dev.floe.ml.pipeline;

import java.util.List;

/**
 * A step kind that runs as a child process: it gets its own exit code and, on timeout, is killed with its children.
 */
public interface ProcessKind extends StepKind {

    /** The program and its leading arguments as this machine runs them (e.g. java, the class path, the main class). */
    List<String> program();

    /** The same as a portable package runs it: {@code floe triplify}, {@code sh -c} (the CWL baseCommand). */
    List<String> portableProgram();

    /** The arguments after the program, from the step's parameters and positional arguments. */
    List<String> arguments(StepSpec step);
}
