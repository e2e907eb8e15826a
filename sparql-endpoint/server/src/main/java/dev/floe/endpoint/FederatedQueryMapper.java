package dev.floe.endpoint;

import dev.floe.federation.FederatedQueryException;
import jakarta.ws.rs.core.Response;

/**
 * A federated query that cannot be run: 400 when the query is at fault, 503 when it ran past the gateway's timeout,
 * else 500 with the engine's message.
 */
final class FederatedQueryMapper extends FloeErrorMapper<FederatedQueryException> {

    FederatedQueryMapper() {
        super(FederatedQueryException.class);
    }

    @Override
    Response answer(FederatedQueryException failure, String during, String prefix) {
        Response.Status status = failure.badRequest() ? Response.Status.BAD_REQUEST
                : failure.timedOut() ? Response.Status.SERVICE_UNAVAILABLE : Response.Status.INTERNAL_SERVER_ERROR;
        return Failures.text(status, prefix + failure.getMessage());
    }
}
