package dev.floe.endpoint;

import java.io.IOException;
import java.util.Locale;
import java.util.function.Consumer;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;

/**
 * One line per request, once its answer has been sent: method, path, status, rows (for SELECT results, triples for
 * CONSTRUCT/DESCRIBE, "-" otherwise) and milliseconds from arrival to the last byte, e.g.
 * {@code GET /sparql 200 3 rows 12 ms}. An answer cut off while streaming (a timeout) is logged as aborted.
 */
@PreMatching
@Priority(1)
final class RequestLog implements ContainerRequestFilter, ContainerResponseFilter, WriterInterceptor {

    /** Request property: when the request arrived (System.nanoTime()). */
    private static final String START = "floe.log.start";
    /** Request property the query operation sets: how many rows (or triples) the answer held. */
    static final String ROWS = "floe.log.rows";
    private static final String LINE = "floe.log.line";

    private final Consumer<String> sink;

    RequestLog(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(START, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String head = request.getMethod() + " /" + request.getUriInfo().getPath() + " " + response.getStatus();
        if (!response.hasEntity() || "HEAD".equals(request.getMethod())) {
            log(head, request.getProperty(START), null, "");
        } else {
            request.setProperty(LINE, new Pending(head, request));
        }
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        Object pending = context.getProperty(LINE);
        if (!(pending instanceof Pending p)) {
            context.proceed();
            return;
        }
        String outcome = "";
        try {
            context.proceed();
        } catch (IOException | RuntimeException e) {
            outcome = " aborted";
            throw e;
        } finally {
            log(p.head(), p.request().getProperty(START), p.request().getProperty(ROWS), outcome);
        }
    }

    private record Pending(String head, ContainerRequestContext request) {
    }

    private void log(String head, Object start, Object rows, String outcome) {
        long ms = start instanceof Long t ? (System.nanoTime() - t) / 1_000_000 : -1;
        sink.accept(String.format(Locale.ROOT, "%s %s %d ms%s", head, rows == null ? "-" : rows + " rows", ms, outcome));
    }
}
