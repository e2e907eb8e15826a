package dev.floe.endpoint.serving;

import dev.floe.ml.api.ServingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Answers a {@link ServingException} as TF Serving and the Open Inference Protocol do: {@code {"error": "..."}} with
 * the status of its kind (400, 404, 503).
 */
public final class ServingErrors implements ExceptionMapper<ServingException> {

    private final ServedModels models;

    public ServingErrors(ServedModels models) {
        this.models = models;
    }

    @Override
    public Response toResponse(ServingException failure) {
        return models.error(failure.kind().httpStatus(), failure.getMessage());
    }
}
