package dev.floe.endpoint;

import dev.floe.store.InvalidGeometryLiteralException;
import jakarta.ws.rs.core.Response;

/** A write that brings a geometry literal that does not parse: the client's mistake, 400 naming the literal. */
final class InvalidGeometryLiteralMapper extends FloeErrorMapper<InvalidGeometryLiteralException> {

    InvalidGeometryLiteralMapper() {
        super(InvalidGeometryLiteralException.class);
    }

    @Override
    Response answer(InvalidGeometryLiteralException failure, String during, String prefix) {
        return Failures.text(Response.Status.BAD_REQUEST, prefix + Failures.brief(failure.getMessage(), failure));
    }
}
