package dev.floe.endpoint.security;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * What the key a request presents allows, as {@link AccessFilter} judged it: {@link Access.Level#WRITE} for a write
 * key, else {@link Access.Level#READ}, and why a write would be refused. The filter puts it on every request it lets
 * through (request property {@link #PROPERTY}), so that a resource whose access depends on the body, such as a
 * prediction request that records its answers in the store, can refuse the write after parsing, with the same status
 * and message the filter gives a write method; {@code holder} is the write key's label from the key file (null for any
 * other key), for records of who changed what. Immutable.
 */
public record Grant(Access.Level level, Refusal refusal, String holder) {

    /** The request property that holds the grant. */
    public static final String PROPERTY = Grant.class.getName();

    /** Why a write would be refused; {@link #NONE} when the key may write. */
    public enum Refusal { NONE, WRITES_DISABLED, NO_KEY, READ_ONLY_KEY, INVALID_KEY }

    /** The grant the filter put on {@code request}; a request it never saw may not write. */
    public static Grant of(ContainerRequestContext request) {
        return request.getProperty(PROPERTY) instanceof Grant g ? g : new Grant(Access.Level.READ, Refusal.WRITES_DISABLED, null);
    }

    public boolean mayWrite() {
        return level == Access.Level.WRITE;
    }

    /**
     * The 401 or 403 a write gets with this key (null when it may write); {@code what} says what the request does,
     * e.g. "this request changes data".
     */
    public Response refuseWrite(String what) {
        return switch (refusal) {
            case NONE -> null;
            case WRITES_DISABLED -> deny(Response.Status.FORBIDDEN,
                    "writes are disabled on this server: start it with --api-keys FILE");
            case NO_KEY -> deny(Response.Status.UNAUTHORIZED, what + " and needs an API key "
                    + "(Authorization: Bearer KEY or X-API-Key: KEY)");
            case READ_ONLY_KEY -> deny(Response.Status.UNAUTHORIZED, "this API key may only read; " + what);
            case INVALID_KEY -> deny(Response.Status.UNAUTHORIZED, "the API key is not valid for writes");
        };
    }

    static Response deny(Response.Status status, String message) {
        Response.ResponseBuilder r = Response.status(status);
        if (status == Response.Status.UNAUTHORIZED) {
            r.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"floe\"");
        }
        return r.entity(message + "\n").type(MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8")).build();
    }
}
