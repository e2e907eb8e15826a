package dev.floe.endpoint;

import java.util.List;

import dev.floe.geo.FloeException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * How one class of {@link FloeException} is answered over HTTP: its status and a plain-text body with the
 * exception's message (never an HTML page, never a stack trace). There is one subclass per floe exception class that
 * a request can raise, registered with Jersey for exceptions that leave a resource bare; {@link #answerFor} consults the
 * same mappers for those a resource catches (often wrapped in Jena's exceptions) so that it can put its own prefix,
 * such as "nothing was changed: ", before the message. A floe exception without a mapper is the server's fault
 * ({@link Failures#serverFault}). Stateless and thread-safe.
 */
abstract class FloeErrorMapper<T extends FloeException> implements ExceptionMapper<T> {

    /** Most specific first: {@link #answerFor} takes the first mapper whose class the failure is an instance of. */
    private static final List<FloeErrorMapper<?>> ALL = all();

    private final Class<T> type;

    FloeErrorMapper(Class<T> type) {
        this.type = type;
    }

    /** A new instance of each mapper, most specific first (to register with a Jersey application). */
    static List<FloeErrorMapper<?>> all() {
        return List.of(new InvalidGeometryLiteralMapper(), new StoreFailureMapper(), new MemberFailureMapper(),
                new FederatedQueryMapper());
    }

    /**
     * The answer for {@code failure} by the mapper of its class, with {@code prefix} before its message; null when
     * no mapper takes it. {@code during} names the request for the server log.
     */
    static Response answerFor(FloeException failure, String during, String prefix) {
        for (FloeErrorMapper<?> mapper : ALL) {
            Response r = mapper.answerIfMine(failure, during, prefix);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private Response answerIfMine(FloeException failure, String during, String prefix) {
        return type.isInstance(failure) ? answer(type.cast(failure), during, prefix) : null;
    }

    /** The answer for {@code failure}: its status and a body of {@code prefix} then the message. */
    abstract Response answer(T failure, String during, String prefix);

    @Override
    public Response toResponse(T failure) {
        return answer(failure, "a request", "");
    }
}
