package dev.floe.endpoint;

import java.nio.charset.StandardCharsets;

import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Wraps the Jersey container so that a failure before Jersey can answer (a malformed percent-encoding in the
 * request line, say) is answered in plain text rather than by Grizzly's HTML error page: 400 for a client's
 * mistake, 500 with a request id otherwise (see {@link Failures}).
 */
final class PlainTextErrors extends HttpHandler {

    private final HttpHandler jersey;

    PlainTextErrors(HttpHandler jersey) {
        super("floe");
        this.jersey = jersey;
    }

    @Override
    public void start() {
        jersey.start();
    }

    @Override
    public void destroy() {
        jersey.destroy();
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        try {
            jersey.service(request, response);
        } catch (Exception | StackOverflowError e) {
            if (response.isCommitted()) {
                throw e;
            }
            jakarta.ws.rs.core.Response answer = Failures.answer(e, request.getMethod() + " " + request.getRequestURI());
            response.reset();
            response.setStatus(answer.getStatus());
            response.setContentType("text/plain;charset=utf-8");
            byte[] body = String.valueOf(answer.getEntity()).getBytes(StandardCharsets.UTF_8);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        } finally {
            StreamedAnswer.requestEnded();
        }
    }
}
