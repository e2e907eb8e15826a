package dev.floe.endpoint;

import dev.floe.store.StoreException;
import jakarta.ws.rs.core.Response;

/**
 * A store operation that failed while serving a request (the spatial index cannot be built or saved, say): the
 * server's fault, not the client's. Answered 500 with a request id; the message, which names the store's directory,
 * goes only to the server log.
 */
final class StoreFailureMapper extends FloeErrorMapper<StoreException> {

    StoreFailureMapper() {
        super(StoreException.class);
    }

    @Override
    Response answer(StoreException failure, String during, String prefix) {
        return Failures.serverFault(failure, during);
    }
}
