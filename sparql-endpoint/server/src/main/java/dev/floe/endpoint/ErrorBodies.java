package dev.floe.endpoint;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;

/**
 * Gives every error answer that has no body one sentence of plain text: Jersey answers some malformed requests
 * (a Content-Type it cannot parse, say) with a bare status, which tells a client nothing.
 */
@Priority(10)
final class ErrorBodies implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400 || response.hasEntity() || "HEAD".equals(request.getMethod())) {
            return;
        }
        String target = request.getMethod() + " /" + request.getUriInfo().getPath();
        String what = response.getStatus() == 400
                ? "the request cannot be read (check its Content-Type, Accept and percent-encoding): " + target
                : response.getStatusInfo().getReasonPhrase() + ": " + target;
        response.setEntity(what + "\n", null, MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8"));
    }
}
