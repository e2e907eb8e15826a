package dev.floe.endpoint;

import java.security.SecureRandom;
import java.util.HexFormat;

import org.apache.jena.atlas.web.HttpException;
import org.apache.jena.datatypes.DatatypeFormatException;
import org.apache.jena.geosparql.configuration.SrsException;
import org.apache.jena.geosparql.implementation.SRSInfoException;
import org.apache.jena.geosparql.implementation.UnitsConversionException;
import org.apache.jena.geosparql.implementation.registry.UnitsURIException;
import org.apache.jena.query.QueryBuildException;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.text.TextIndexParseException;
import org.apache.jena.riot.RiotException;
import org.apache.jena.sparql.engine.http.QueryExceptionHTTP;
import org.apache.jena.sparql.expr.ExprEvalException;
import org.locationtech.jts.geom.TopologyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.floe.endpoint.security.RemoteAccessPolicy;
import dev.floe.geo.FloeException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * How a failure is answered: a floe exception by the {@link FloeErrorMapper} of its class; a client's mistake (a
 * query that cannot be built or evaluated, an invalid literal, a request nested too deeply) is a 400 with a short
 * message in the client's terms, a failing allowlisted remote source a 502; anything else is the server's
 * fault, logged once with its stack trace and answered 500 with a request id that finds it in the log. A body is
 * always plain text, never an HTML page or a stack trace.
 */
final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);
    private static final SecureRandom IDS = new SecureRandom();

    /** Said of any request that overflows the stack: deeply nested syntax, very long UNION chains. */
    static final String TOO_DEEP = "the request is nested too deeply or is too long for this server to process; "
            + "simplify it (fewer nested groups, fewer UNION branches)";

    private Failures() {
    }

    /**
     * The message for a failure caused by what the client sent, or null when it is the server's fault. Looks at
     * the failure and its causes.
     */
    static String clientMistake(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.URISyntaxException uri) {
                return "the request's URL is malformed: " + uri.getReason() + " at character " + (uri.getIndex() + 1);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StackOverflowError) {
                return TOO_DEEP;
            }
            if (t instanceof QueryParseException || t instanceof QueryBuildException || t instanceof RiotException) {
                return brief(t.getMessage(), t);
            }
            if (t instanceof DatatypeFormatException) {
                return "invalid literal: " + brief(t.getMessage(), t);
            }
            if (t instanceof TextIndexParseException) {
                return "text search syntax error: " + brief(t.getMessage(), t);
            }
            if (t instanceof UnitsConversionException || t instanceof UnitsURIException) {
                return "unit of measure: " + brief(t.getMessage(), t);
            }
            if (t instanceof SRSInfoException || t instanceof SrsException) {
                return "coordinate reference system: " + brief(t.getMessage(), t);
            }
            if (t instanceof TopologyException) {
                return "a geometry operation failed on an invalid geometry: " + brief(t.getMessage(), t);
            }
            if (t instanceof ExprEvalException || t instanceof IllegalArgumentException) {
                // raised by functions on their arguments (a DE-9IM pattern of the wrong length, a bad number)
                return "cannot evaluate the request: " + brief(t.getMessage(), t);
            }
        }
        return null;
    }

    /** The server's fault: logged once with its trace under a new request id, answered 500 with that id. */
    static Response serverFault(Throwable failure, String during) {
        String id = newRequestId();
        LOG.error("request {} failed ({}): {}", id, during, failure.toString(), failure);
        return text(Response.Status.INTERNAL_SERVER_ERROR, "internal server error (request id " + id
                + "): the server log has the details under that id");
    }

    /** The answer for any failure: see {@link #answer(Throwable, String, String)}. */
    static Response answer(Throwable failure, String during) {
        return answer(failure, during, "");
    }

    /**
     * The answer for any failure: 403 for a SERVICE call refused while running, 503 for a query cancelled at its
     * timeout, 502 for a failing remote source, the answer of its {@link FloeErrorMapper} for a floe exception, 400 for
     * a client's mistake (its message after {@code prefix}), else {@link #serverFault}.
     */
    static Response answer(Throwable failure, String during, String prefix) {
        // a floe exception thrown as it is says best what went wrong, whatever it wraps
        Response mapped = failure instanceof FloeException floe ? FloeErrorMapper.answerFor(floe, during, prefix) : null;
        if (mapped != null) {
            return mapped;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RemoteAccessPolicy.Refused refused) {
                return text(Response.Status.FORBIDDEN, refused.getMessage());
            }
            if (t instanceof QueryCancelledException) {
                return text(Response.Status.SERVICE_UNAVAILABLE, prefix + "query cancelled: it ran past the server's timeout");
            }
            if (t instanceof HttpException || t instanceof QueryExceptionHTTP) {
                // an allowlisted SERVICE endpoint or LOAD source failed: the fault is upstream
                return text(Response.Status.BAD_GATEWAY, prefix + "a remote source failed: " + brief(t.getMessage(), t));
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FloeException floe) {
                mapped = FloeErrorMapper.answerFor(floe, during, prefix);
                if (mapped != null) {
                    return mapped;
                }
                break;
            }
        }
        String mistake = clientMistake(failure);
        return mistake != null ? text(Response.Status.BAD_REQUEST, prefix + mistake) : serverFault(failure, during);
    }

    static Response text(Response.StatusType status, String message) {
        return Response.status(status).entity(message + "\n").type(MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8")).build();
    }

    static String newRequestId() {
        byte[] b = new byte[6];
        IDS.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The first lines of a parser's message, without its list of expected tokens; never "null". */
    static String brief(String message, Throwable t) {
        if (message == null || message.isBlank()) {
            return "the parser stopped without saying why (" + t.getClass().getSimpleName()
                    + "); the request may be too long or nested too deeply";
        }
        int expecting = message.indexOf("Was expecting");
        String m = (expecting > 0 ? message.substring(0, expecting) : message).strip();
        m = m.replaceAll("\\s*\\R\\s*", " ");
        return m.length() > 500 ? m.substring(0, 500) + "..." : m;
    }
}
