package dev.floe.ml.pipeline;

import dev.floe.geo.FloeException;

/**
 * A pipeline that cannot run: a malformed file, an unknown step kind or parameter, a cycle, a missing input (the
 * message names the file, the line and the step), or a step that failed for good.
 */
public final class PipelineException extends FloeException {

    private static final long serialVersionUID = 1L;

    /** An error whose message says where. */
    public PipelineException(String message) {
        super(message);
    }

    /** An error whose message says where, caused by {@code cause}. */
    public PipelineException(String message, Throwable cause) {
        super(message, cause);
    }
}
