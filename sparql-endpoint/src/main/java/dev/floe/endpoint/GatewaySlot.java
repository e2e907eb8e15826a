package dev.floe.endpoint;

import java.util.concurrent.atomic.AtomicReference;

import dev.floe.federation.FederatedGateway;

/**
 * The federated gateway of a server, if it has one. Filled once the server listens, because the local store is
 * a member reached through the server's own {@code /sparql}, whose port is known only then.
 */
final class GatewaySlot {

    private final AtomicReference<FederatedGateway> gateway = new AtomicReference<>();

    void set(FederatedGateway g) {
        gateway.set(g);
    }

    /** The gateway, or null when the server federates nothing. */
    FederatedGateway get() {
        return gateway.get();
    }
}
