package dev.floe.endpoint;

import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

/**
 * One URL per resource: a path with a trailing slash, an empty segment, a {@code .} or {@code ..} segment, a
 * matrix parameter or any percent-encoding is answered 404 before Jersey matches it, rather than being taken as
 * another spelling of a resource. Access does not depend on this ({@link dev.floe.endpoint.security.AccessFilter}
 * judges the matched method); it keeps URLs, logs and caches unambiguous. A colon may follow a segment's first
 * character: TF Serving's verbs are spelt {@code /v1/models/NAME:predict}.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
final class CanonicalPaths implements ContainerRequestFilter {

    private static final Pattern CANONICAL = Pattern.compile("/|(/[A-Za-z0-9_~-][A-Za-z0-9._~:-]*)+");

    static boolean isCanonical(String rawPath) {
        return rawPath != null && CANONICAL.matcher(rawPath).matches() && !rawPath.contains("/..") && !rawPath.endsWith("/.");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String raw = request.getUriInfo().getRequestUri().getRawPath();
        if (!isCanonical(raw)) {
            String shown = raw == null ? "" : raw.length() > 200 ? raw.substring(0, 200) + "..." : raw;
            request.abortWith(Failures.text(jakarta.ws.rs.core.Response.Status.NOT_FOUND, "not found: " + shown
                    + " (no such resource: paths take no trailing slash, empty segments, matrix parameters or "
                    + "percent-encoding; see / for this server's endpoints)"));
        }
    }
}
