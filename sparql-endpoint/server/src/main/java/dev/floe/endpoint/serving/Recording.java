package dev.floe.endpoint.serving;

import dev.floe.endpoint.security.Grant;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Who may record predictions: a prediction request is a read ({@code @Access(READ)}), but one whose rows name
 * subjects writes predictions into the store, and so needs a write key. Decided once the body is read, before the
 * model service is called, and refused as {@link dev.floe.endpoint.security.AccessFilter} refuses a write method.
 */
final class Recording {

    private Recording() {
    }

    /** Refuses the request (401 or 403) when its rows name subjects and its key may not write. */
    static void checkAllowed(RowSubjects subjects, ContainerRequestContext request) {
        if (!subjects.any()) {
            return;
        }
        Grant grant = Grant.of(request);
        if (!grant.mayWrite()) {
            throw new WebApplicationException(grant.refuseWrite(
                    "this request records predictions in the store (its rows name subjects)"));
        }
    }
}
