package dev.floe.endpoint.serving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import dev.floe.ml.api.ModelService;
import dev.floe.ml.api.ServingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The models one server serves (none when it was started without them) and the JSON factory its serving protocols
 * read and write with. One per server, shared by its requests; thread-safe.
 */
public final class ServedModels {

    static final String NONE = "this server serves no models (register one: floe models register NAME --run RUN)";

    private final ModelService service;
    private final JsonFactory json;

    private ServedModels(ModelService service) {
        this.service = service;
        // NaN and Infinity are read so that the answer can name the input that holds them (they are then refused)
        this.json = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                // a parse error names line and column, never the server's stream class ("[Source: ...EntityInputStream]")
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .build();
    }

    /** The models of {@code service}; null serves none. */
    public static ServedModels of(ModelService service) {
        return new ServedModels(service);
    }

    /** Whether the server serves models at all. */
    boolean any() {
        return service != null;
    }

    /** The service; NOT_FOUND when the server serves no models. */
    ModelService service() {
        if (service == null) {
            throw new ServingException(ServingException.Kind.NOT_FOUND, NONE);
        }
        return service;
    }

    JsonFactory json() {
        return json;
    }

    /** What writes one JSON answer. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** A JSON answer with {@code status}, written by {@code body}. */
    Response answer(int status, Body body) {
        return Response.status(status).entity(bytes(body)).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The bytes {@code body} writes. */
    byte[] bytes(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = json.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the target is memory
        }
        return out.toByteArray();
    }

    /** {@code {"error": message}} with {@code status}, as both serving protocols answer failures. */
    Response error(int status, String message) {
        return answer(status, g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }

    /**
     * Tells {@code service} of a request its protocol refused before the model saw it ({@code e}: why), with the
     * status the answer will carry, so that the inference log and the meters count it too.
     */
    static void refused(ModelService service, dev.floe.ml.api.ModelSelector selector, String protocol, Exception e, long startNanos) {
        int status = e instanceof ServingException se ? se.kind().httpStatus()
                : e instanceof jakarta.ws.rs.WebApplicationException w ? w.getResponse().getStatus()
                : e instanceof IOException ? 400 : 500;
        try {
            service.refused(selector, protocol, status, e.getMessage(), startNanos);
        } catch (RuntimeException ignored) {
            // logging a refusal must never change the answer
        }
    }
}
