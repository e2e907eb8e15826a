package dev.floe.endpoint;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Refuses request bodies larger than the configured maximum with 413: at once when Content-Length says
 * so, and while reading when a chunked body grows past it.
 */
@Priority(Priorities.HEADER_DECORATOR)
final class RequestSizeFilter implements ContainerRequestFilter {

    private final long max;

    RequestSizeFilter(long max) {
        this.max = max;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > max) {
            request.abortWith(tooLarge(max));
            return;
        }
        request.setEntityStream(new Bounded(request.getEntityStream(), max));
    }

    static Response tooLarge(long max) {
        return Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE)
                .entity("the request body is larger than this server accepts (" + max + " bytes)\n")
                .type(MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8")).build();
    }

    /** Counts bytes read and stops the request with 413 past the limit. */
    private static final class Bounded extends FilterInputStream {
        private final long max;
        private long read;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        private void count(long n) {
            if (n > 0) {
                read += n;
                if (read > max) {
                    throw new WebApplicationException(tooLarge(max));
                }
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(n);
            return n;
        }
    }
}
