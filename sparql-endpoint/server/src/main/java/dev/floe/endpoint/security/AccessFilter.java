package dev.floe.endpoint.security;

import java.lang.reflect.Method;
import java.util.function.Function;

import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import dev.floe.sparql.access.ApiKeys;
import dev.floe.sparql.access.PresentedKey;

/**
 * Who may do what, decided by the resource method that will handle the request (its {@link Access} level),
 * never by the request's path: {@code /update}, {@code /update/} and {@code /update;x=1} reach the same method
 * and need the same key. Public methods (the page and its bundled assets) need no key. Writes need one of the write
 * keys; reads need a read or write key only when read keys are configured. A method without {@link Access} needs a write key. A key comes as
 * {@code Authorization: Bearer KEY} or {@code X-API-Key: KEY} (never in the URL); a missing or wrong key is
 * answered 401 before the request body is read. Every request let through carries the {@link Grant} of its key, for
 * the resources whose level depends on the body (a prediction that records its answers is a write).
 */
@Priority(Priorities.AUTHENTICATION)
public final class AccessFilter implements ContainerRequestFilter {

    private final ApiKeys writeKeys;
    private final ApiKeys readKeys;
    private final Function<String, PresentedKey> presenting;

    @Context
    private ResourceInfo resource;

    public AccessFilter(ApiKeys writeKeys, ApiKeys readKeys) {
        this(writeKeys, readKeys, PresentedKey::of);
    }

    /** As above, hashing presented keys with {@code presenting} (tests count the hashes). */
    AccessFilter(ApiKeys writeKeys, ApiKeys readKeys, Function<String, PresentedKey> presenting) {
        this.writeKeys = writeKeys;
        this.readKeys = readKeys;
        this.presenting = presenting;
    }

    /**
     * The access level of the matched resource method: its own {@link Access}, else its class's. OPTIONS
     * answered by Jersey itself (no floe method declares OPTIONS) only lists the allowed methods: a read, so
     * that browsers' CORS pre-flight requests work. Anything else unannotated is a write.
     */
    public static Access.Level levelOf(Method method, String httpMethod) {
        if (method != null) {
            Access onMethod = method.getAnnotation(Access.class);
            if (onMethod != null) {
                return onMethod.value();
            }
            Access onClass = method.getDeclaringClass().getAnnotation(Access.class);
            if (onClass != null) {
                return onClass.value();
            }
        }
        boolean jerseyOptions = HttpMethod.OPTIONS.equals(httpMethod)
                && (method == null || method.getAnnotation(jakarta.ws.rs.OPTIONS.class) == null);
        return jerseyOptions ? Access.Level.READ : Access.Level.WRITE;
    }

    /** The level of the method Jersey matched for the request being filtered. */
    public static Access.Level levelOf(ResourceInfo resource, String httpMethod) {
        return levelOf(resource == null ? null : resource.getResourceMethod(), httpMethod);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Judgement judgement = judge(levelOf(resource, request.getMethod()), request.getMethod(), presentedKey(request));
        if (judgement.refusal() != null) {
            request.abortWith(judgement.refusal());
        } else {
            request.setProperty(Grant.PROPERTY, judgement.grant());
        }
    }

    /**
     * What a request for a method of {@code level} with {@code key} (null: none) gets: its grant, or the refusal. The key
     * is hashed once and its digest compared once with each configured key, in constant time.
     */
    Judgement judge(Access.Level level, String httpMethod, String key) {
        PresentedKey presented = presenting.apply(key);
        String writer = writeKeys.labelFor(presented);
        boolean reader = readKeys.contains(presented);
        Grant grant = grantFor(presented, writer, reader);
        if (level == Access.Level.WRITE) {
            Response refusal = grant.refuseWrite("this request changes data");
            if (refusal != null) {
                return new Judgement(grant, refusal);
            }
        } else if (level == Access.Level.READ && !readKeys.isEmpty() && !reader && writer == null
                && !HttpMethod.OPTIONS.equals(httpMethod)) {
            return new Judgement(grant, Grant.deny(Response.Status.UNAUTHORIZED,
                    key == null ? "this server needs an API key for reads" : "the API key is not valid"));
        }
        return new Judgement(grant, null);
    }

    /** The grant a request gets, or the refusal it is answered with (null when it is let through). */
    record Judgement(Grant grant, Response refusal) {
    }

    /** What {@code key} allows on this server, given whether it is a write key ({@code writer}: its label) or a read key. */
    private Grant grantFor(PresentedKey key, String writer, boolean reader) {
        if (writeKeys.isEmpty()) {
            return new Grant(Access.Level.READ, Grant.Refusal.WRITES_DISABLED, null);
        }
        if (!key.present()) {
            return new Grant(Access.Level.READ, Grant.Refusal.NO_KEY, null);
        }
        if (writer != null) {
            return new Grant(Access.Level.WRITE, Grant.Refusal.NONE, writer);
        }
        return new Grant(Access.Level.READ, reader ? Grant.Refusal.READ_ONLY_KEY : Grant.Refusal.INVALID_KEY, null);
    }

    private static String presentedKey(ContainerRequestContext request) {
        String auth = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).strip();
        }
        String header = request.getHeaderString("X-API-Key");
        return header == null ? null : header.strip();
    }
}
