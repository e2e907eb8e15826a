package dev.floe.triplify.rdf;

import java.nio.charset.StandardCharsets;

/**
 * Turns arbitrary identifiers (feature ids, STAC ids, property keys) into IRI path segments, so that the
 * same input always mints the same IRI. Unreserved characters (RFC 3986) are kept; all else is
 * percent-encoded from UTF-8.
 */
public final class IriSegments {

    private IriSegments() {
    }

    public static String encode(String raw) {
        StringBuilder sb = new StringBuilder(raw.length() + 8);
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
