package dev.floe.endpoint;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Variant;

import dev.floe.sparql.ResultFormat;

/**
 * The {@link ResultFormat}s in JAX-RS terms, for content negotiation: the formats themselves live in the store
 * module, beside the writer that every caller shares, which knows nothing of JAX-RS.
 */
final class ResultMediaTypes {

    private ResultMediaTypes() {
    }

    /** The variants for content negotiation for SELECT/ASK ({@code results}) or CONSTRUCT/DESCRIBE. */
    static List<Variant> variants(boolean results) {
        List<Variant> out = new ArrayList<>();
        for (ResultFormat f : ResultFormat.values()) {
            if (f.forResults() == results) {
                out.add(new Variant(MediaType.valueOf(f.mediaType()), (String) null, null));
            }
        }
        return out;
    }

    /** The format with this media type (or one it is compatible with) among SELECT/ASK or graph formats, or null. */
    static ResultFormat byMediaType(MediaType type, boolean results) {
        for (ResultFormat f : ResultFormat.values()) {
            if (f.forResults() == results && MediaType.valueOf(f.mediaType()).isCompatible(type)) {
                return f;
            }
        }
        return null;
    }

    /** The format's media type with {@code charset=utf-8}, as every answer is sent. */
    static MediaType withCharset(ResultFormat format) {
        return MediaType.valueOf(format.mediaType()).withCharset("utf-8");
    }
}
