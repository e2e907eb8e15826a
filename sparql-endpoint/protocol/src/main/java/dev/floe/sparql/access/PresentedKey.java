package dev.floe.sparql.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The API key a request presents, hashed once (SHA-256) so that it can be compared with the write keys and the read
 * keys without hashing it again for each set. Immutable; {@link #NONE} when the request presents no key.
 */
public final class PresentedKey {

    /** No key presented. */
    public static final PresentedKey NONE = new PresentedKey(null);

    private final byte[] digest;

    private PresentedKey(byte[] digest) {
        this.digest = digest;
    }

    /** The key {@code key} (null: {@link #NONE}), hashed. */
    public static PresentedKey of(String key) {
        return key == null ? NONE : new PresentedKey(sha256(key));
    }

    /** True when the request presented a key. */
    public boolean present() {
        return digest != null;
    }

    /** Whether this key's digest is {@code other}; constant time ({@link MessageDigest#isEqual}). */
    boolean matches(byte[] other) {
        return digest != null && MessageDigest.isEqual(digest, other);
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
