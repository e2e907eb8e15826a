package dev.floe.interlink;

import java.nio.charset.StandardCharsets;


/**
 * Reads an N-Triples or N-Quads line of the plain shape every RDF writer produces (absolute IRIs and literals
 * without escapes, ASCII blank node labels) straight into strings, and gives up (null) on anything else, which
 * {@link NTriplesScanner} then hands to Jena RIOT's parser: RIOT stays the judge of every unusual line and
 * reports its errors. Why not RIOT for every line: its tokenizer and IRI checks take about half of the CPU time
 * of reading a large N-Triples file, on lines that a writer produced and that need no checking to be read; and
 * without Jena's nodes a run over plain files never starts Jena at all (0.75 s of CPU, docs/BENCHMARKS.md).
 */
final class NTriplesLine {

    /**
     * A plain line's terms. Subject and a resource object are keys ({@link GeometryStatement}): an IRI, or
     * {@code _:} and the scoped blank node label; a literal object is its lexical form with either its datatype
     * IRI (null for a simple string) or its language tag.
     */
    record Line(String subject, String predicate, String object, boolean literal, String datatype, String language) {
    }

    private NTriplesLine() {
    }

    /**
     * The terms of a plain line, or null to let RIOT parse it. With {@code quads}, a graph term may follow the
     * object; it is read and dropped.
     */
    static Line parse(byte[] b, int length, boolean quads, String blankScope) {
        int[] at = {skipSpace(b, 0, length)};
        String s = resourceOrBlank(b, length, at, blankScope);
        if (s == null) {
            return null;
        }
        at[0] = skipSpace(b, at[0], length);
        String p = iri(b, length, at);
        if (p == null) {
            return null;
        }
        at[0] = skipSpace(b, at[0], length);
        String[] literal = at[0] < length && b[at[0]] == '"' ? literal(b, length, at) : null;
        String o = literal != null ? literal[0] : resourceOrBlank(b, length, at, blankScope);
        if (o == null) {
            return null;
        }
        int i = skipSpace(b, at[0], length);
        if (quads && i < length && b[i] != '.') {
            at[0] = i;
            if (resourceOrBlank(b, length, at, blankScope) == null) {
                return null;
            }
            i = skipSpace(b, at[0], length);
        }
        if (i == length || b[i] != '.') {
            return null;
        }
        i = skipSpace(b, i + 1, length);
        return i == length ? new Line(s, p, o, literal != null, literal != null ? literal[1] : null,
                literal != null ? literal[2] : null) : null;
    }

    private static String resourceOrBlank(byte[] b, int length, int[] at, String blankScope) {
        int i = at[0];
        if (i < length && b[i] == '<') {
            return iri(b, length, at);
        }
        if (i + 2 >= length || b[i] != '_' || b[i + 1] != ':') {
            return null;
        }
        int start = i + 2;
        int end = start;
        while (end < length && labelChar(b[end])) {
            end++;
        }
        if (end == start || b[end - 1] == '.' || b[start] == '-' || b[start] == '.') {
            return null;
        }
        at[0] = end;
        return "_:" + blankScope + new String(b, start, end - start, StandardCharsets.US_ASCII);
    }

    /** An absolute IRI (a scheme, then ':') with none of the characters an IRI may not hold and no escapes. */
    private static String iri(byte[] b, int length, int[] at) {
        int i = at[0];
        if (i >= length || b[i] != '<') {
            return null;
        }
        int start = i + 1;
        int end = start;
        boolean scheme = true;
        boolean colon = false;
        while (end < length && b[end] != '>') {
            byte c = b[end];
            if (c >= 0 && c <= ' ' || c == '<' || c == '"' || c == '{' || c == '}' || c == '|' || c == '^' || c == '`' || c == '\\') {
                return null;
            }
            if (scheme && c == ':') {
                colon = end > start;
                scheme = false;
            } else if (scheme && !(letter(c) || end > start && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'))) {
                scheme = false;
            }
            end++;
        }
        if (end == length || !colon) {
            return null;
        }
        at[0] = end + 1;
        return new String(b, start, end - start, StandardCharsets.UTF_8);
    }

    /**
     * A literal without escapes (plain, with a language tag, or typed by an IRI) as {lexical form, datatype IRI,
     * language tag}, or null when the line is not plain.
     */
    private static String[] literal(byte[] b, int length, int[] at) {
        int start = at[0] + 1;
        int end = start;
        while (end < length && b[end] != '"') {
            if (b[end] == '\\') {
                return null;
            }
            end++;
        }
        if (end == length) {
            return null;
        }
        String lexical = new String(b, start, end - start, StandardCharsets.UTF_8);
        int i = end + 1;
        if (i + 1 < length && b[i] == '^' && b[i + 1] == '^') {
            at[0] = i + 2;
            String datatype = iri(b, length, at);
            return datatype == null ? null : new String[] {lexical, datatype, null};
        }
        if (i < length && b[i] == '@') {
            int tagStart = i + 1;
            int tagEnd = tagStart;
            while (tagEnd < length && (letter(b[tagEnd]) || b[tagEnd] >= '0' && b[tagEnd] <= '9' || b[tagEnd] == '-')) {
                tagEnd++;
            }
            if (tagEnd == tagStart || !letter(b[tagStart])) {
                return null;
            }
            at[0] = tagEnd;
            return new String[] {lexical, null, new String(b, tagStart, tagEnd - tagStart, StandardCharsets.US_ASCII)};
        }
        at[0] = i;
        return new String[] {lexical, null, null};
    }

    private static boolean letter(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean labelChar(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.';
    }

    private static int skipSpace(byte[] b, int i, int length) {
        while (i < length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
            i++;
        }
        return i;
    }
}
