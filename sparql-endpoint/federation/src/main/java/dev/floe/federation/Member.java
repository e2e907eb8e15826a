package dev.floe.federation;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One member of a federation: a SPARQL endpoint the gateway may contact, or the serving floe store
 * ({@code local}, whose endpoint is only known once the server is listening).
 *
 * @param name     unique name; used in error messages, warnings and the request log
 * @param endpoint the SPARQL query URL; null for the local store before it is bound
 * @param local    whether this member is the floe store that serves the gateway
 * @param timeout  longest wait for a connection or for the next bytes of an answer
 * @param apiKey   sent as {@code Authorization: Bearer KEY}; null for none
 */
public record Member(String name, URI endpoint, boolean local, Duration timeout, String apiKey) {

    /** Timeout of a member whose file entry gives none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public Member {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeout, "timeout");
        if (!local && endpoint == null) {
            throw new IllegalArgumentException("member " + name + " has no endpoint");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("member " + name + ": the timeout must be positive");
        }
    }

    /** This member with its endpoint set (for the local store, once the server knows its port). */
    public Member at(URI url) {
        return new Member(name, url, local, timeout, apiKey);
    }

    @Override
    public String toString() {
        // never print the key
        return name + " (" + (endpoint == null ? "local store" : endpoint) + ")";
    }
}
