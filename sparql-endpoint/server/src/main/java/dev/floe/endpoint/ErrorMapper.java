package dev.floe.endpoint;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Every exception a resource or Jersey raises, unless a {@link FloeErrorMapper} takes its class, becomes a plain-text
 * answer: a {@link WebApplicationException}
 * keeps its status (and headers such as Allow) with a sentence saying what was wrong with the request; anything
 * else is answered by {@link Failures#answer}. Jersey's and Grizzly's HTML error pages never reach a client.
 */
final class ErrorMapper implements ExceptionMapper<Throwable> {

    @Context
    private UriInfo uri;
    @Context
    private Request request;

    @Override
    public Response toResponse(Throwable failure) {
        String target = request.getMethod() + " /" + uri.getPath();
        if (failure instanceof WebApplicationException web) {
            Response r = web.getResponse();
            if (r.hasEntity()) {
                return r;
            }
            if (r.getStatus() >= 500) {
                return Failures.serverFault(web.getCause() != null ? web.getCause() : web, target);
            }
            String mistake = web.getCause() == null ? null : Failures.clientMistake(web.getCause());
            return Response.fromResponse(r).entity(describe(r, target) + (mistake != null ? ": " + mistake : "") + "\n")
                    .type(MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8")).build();
        }
        return Failures.answer(failure, target);
    }

    private static String describe(Response r, String target) {
        return switch (r.getStatus()) {
            case 404 -> "not found: " + target.substring(target.indexOf(' ') + 1)
                    + " (paths are case-sensitive and take no trailing slash; see / for this server's endpoints)";
            case 405 -> "method not allowed: " + target + (r.getAllowedMethods().isEmpty() ? ""
                    : "; allowed: " + String.join(", ", new java.util.TreeSet<>(r.getAllowedMethods())));
            case 406 -> "none of the media types in Accept can be produced for " + target;
            case 415 -> "unsupported Content-Type for " + target;
            default -> r.getStatusInfo().getReasonPhrase() + ": " + target;
        };
    }
}
