package dev.floe.endpoint.security;

import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Who may do what. Writes (POST /update; PUT, POST, DELETE on /data) need one of the write keys; reads need
 * a read or write key only when read keys are configured. A key comes as {@code Authorization: Bearer KEY}
 * or {@code X-API-Key: KEY}; a missing or wrong key is answered 401 before anything is read or written.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AccessFilter implements ContainerRequestFilter {

    private static final Set<String> WRITE_METHODS = Set.of("PUT", "POST", "DELETE", "PATCH");

    private final ApiKeys writeKeys;
    private final ApiKeys readKeys;

    public AccessFilter(ApiKeys writeKeys, ApiKeys readKeys) {
        this.writeKeys = writeKeys;
        this.readKeys = readKeys;
    }

    /** Whether a request changes data. */
    static boolean isWrite(String path, String method) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return "update".equals(p) || ("data".equals(p) && WRITE_METHODS.contains(method));
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if ("OPTIONS".equals(request.getMethod())) {
            return;
        }
        String key = presentedKey(request);
        if (isWrite(request.getUriInfo().getPath(), request.getMethod())) {
            if (writeKeys.isEmpty()) {
                request.abortWith(deny("writes are disabled on this server: start it with --api-keys FILE"));
            } else if (key == null) {
                request.abortWith(deny("this request changes data and needs an API key "
                        + "(Authorization: Bearer KEY or X-API-Key: KEY)"));
            } else if (!writeKeys.accepts(key)) {
                request.abortWith(deny("the API key is not valid for writes"));
            }
        } else if (!readKeys.isEmpty() && !readKeys.accepts(key) && !writeKeys.accepts(key)) {
            request.abortWith(deny(key == null ? "this server needs an API key for reads" : "the API key is not valid"));
        }
    }

    private static String presentedKey(ContainerRequestContext request) {
        String auth = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).strip();
        }
        String header = request.getHeaderString("X-API-Key");
        return header == null ? null : header.strip();
    }

    private static Response deny(String message) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"floe\"")
                .entity(message + "\n").type(MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8")).build();
    }
}
