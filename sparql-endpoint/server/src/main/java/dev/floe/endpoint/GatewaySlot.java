package dev.floe.endpoint;

import java.util.concurrent.atomic.AtomicReference;

import dev.floe.federation.FederatedGateway;

/**
 * The federated gateway of a server, if it has one. Filled once the server listens, because the local store is
 * a member reached through the server's own {@code /sparql}, whose port is known only then.
 */
final class GatewaySlot {

    private final AtomicReference<FederatedGateway> gateway = new AtomicReference<>();
    /** Whether the server was started with a federation, so that it is ready only once the gateway is. */
    private final boolean expected;

    GatewaySlot() {
        this(false);
    }

    GatewaySlot(boolean expected) {
        this.expected = expected;
    }

    /** Whether every endpoint the server was started with answers: false while its federated gateway starts. */
    boolean ready() {
        return !expected || gateway.get() != null;
    }
    /** A random secret the gateway sends to this server's /sparql as its local member (never leaves the process). */
    private final String localMemberToken = newToken();

    private static String newToken() {
        byte[] b = new byte[24];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    String localMemberToken() {
        return localMemberToken;
    }

    /** Whether a request carries this server's gateway token (constant-time comparison). */
    boolean isGatewayRequest(String token) {
        return token != null && gateway.get() != null && java.security.MessageDigest.isEqual(
                token.getBytes(java.nio.charset.StandardCharsets.UTF_8), localMemberToken.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    void set(FederatedGateway g) {
        gateway.set(g);
    }

    /** The gateway, or null when the server federates nothing. */
    FederatedGateway get() {
        return gateway.get();
    }
}
