package dev.floe.triplify.rdf;

import java.nio.charset.StandardCharsets;

/**
 * Turns arbitrary identifiers (feature ids, STAC ids, property keys, RML template values) into IRI path segments,
 * so that the same input always mints the same IRI. This is R2RML's and RML's "IRI-safe" form: the characters of
 * RFC 3987's {@code iunreserved} (ASCII letters, digits, {@code - . _ ~} and the non-ASCII {@code ucschar}
 * ranges) are kept; every other character is percent-encoded from UTF-8. So the default mapping and an RML
 * template over the same value give the same IRI.
 */
public final class IriSegments {

    private IriSegments() {
    }

    public static String encode(String raw) {
        int n = raw.length();
        int i = 0;
        while (i < n && unreservedAscii(raw.charAt(i))) {
            i++;
        }
        if (i == n) {
            return raw; // the common case: nothing to encode
        }
        StringBuilder sb = new StringBuilder(n + 16).append(raw, 0, i);
        while (i < n) {
            int cp = raw.codePointAt(i);
            int len = Character.charCount(cp);
            if (cp < 0x80 ? unreservedAscii((char) cp) : ucschar(cp)) {
                sb.append(raw, i, i + len);
            } else {
                for (byte b : raw.substring(i, i + len).getBytes(StandardCharsets.UTF_8)) {
                    int c = b & 0xff;
                    sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                }
            }
            i += len;
        }
        return sb.toString();
    }

    private static boolean unreservedAscii(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** RFC 3987 ucschar. */
    private static boolean ucschar(int cp) {
        if ((cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xF900 && cp <= 0xFDCF) || (cp >= 0xFDF0 && cp <= 0xFFEF)) {
            return true;
        }
        if (cp >= 0x10000 && cp <= 0xEFFFD) {
            return (cp & 0xFFFF) <= 0xFFFD; // each plane but its last two code points
        }
        return false;
    }
}
