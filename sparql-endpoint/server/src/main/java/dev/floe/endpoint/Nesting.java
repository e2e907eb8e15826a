package dev.floe.endpoint;

/**
 * How deeply a SPARQL request nests its groups, sub-expressions and blank-node brackets. The parsers are
 * recursive, so a request nested thousands deep would overflow the stack: it is refused up front with a clear
 * message instead. Strings and comments are skipped; IRIs are not told apart from the less-than operator, which
 * can only under-count (a stack overflow is still answered 400, see {@link Failures#TOO_DEEP}).
 */
final class Nesting {

    /** Deepest nesting accepted: far beyond any hand-written query, well within the parsers' stack. */
    static final int MAX_DEPTH = 200;

    private Nesting() {
    }

    /** The deepest nesting of {@code ( { [} in {@code text}, outside strings and comments. */
    static int depth(String text) {
        int depth = 0;
        int max = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '(', '{', '[' -> max = Math.max(max, ++depth);
                case ')', '}', ']' -> depth = Math.max(0, depth - 1);
                case '#' -> {
                    while (i + 1 < n && text.charAt(i + 1) != '\n') {
                        i++;
                    }
                }
                case '"', '\'' -> i = endOfString(text, i, c);
                default -> {
                }
            }
        }
        return max;
    }

    /** Index of the last character of the string literal opening at {@code start} (short or long form). */
    private static int endOfString(String text, int start, char quote) {
        int n = text.length();
        boolean longForm = start + 2 < n && text.charAt(start + 1) == quote && text.charAt(start + 2) == quote;
        int i = start + (longForm ? 3 : 1);
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (!longForm) {
                    return i;
                }
                if (i + 2 < n && text.charAt(i + 1) == quote && text.charAt(i + 2) == quote) {
                    return i + 2;
                }
            } else if (c == '\n' && !longForm) {
                return i;
            }
            i++;
        }
        return n;
    }

    /** The refusal for a request nested deeper than {@link #MAX_DEPTH}, or null. */
    static String refusal(String text, String what) {
        int d = depth(text);
        return d > MAX_DEPTH ? what + " nests " + d + " levels of brackets deep; this server accepts at most "
                + MAX_DEPTH : null;
    }
}
