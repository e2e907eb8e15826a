package dev.floe.endpoint;

import dev.floe.federation.MemberFailureException;
import jakarta.ws.rs.core.Response;

/**
 * Federation members that were down, slow or refused the query: the fault is upstream, 502 (504 when every failed
 * member timed out), the body naming each member and what went wrong.
 */
final class MemberFailureMapper extends FloeErrorMapper<MemberFailureException> {

    MemberFailureMapper() {
        super(MemberFailureException.class);
    }

    @Override
    Response answer(MemberFailureException failure, String during, String prefix) {
        return Failures.text(failure.timedOut() ? Response.Status.GATEWAY_TIMEOUT : Response.Status.BAD_GATEWAY,
                prefix + failure.getMessage());
    }
}
