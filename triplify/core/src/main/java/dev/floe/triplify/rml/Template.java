package dev.floe.triplify.rml;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.floe.triplify.rdf.IriSegments;

/**
 * An RML string template such as {@code https://example.org/city/{name}}: literal text with references in curly
 * braces; a backslash escapes a brace or a backslash. Expanding it gives one string per combination of the
 * references' values (none when a reference has no value). For IRIs each value is made IRI-safe
 * ({@link IriSegments}). Immutable.
 */
public final class Template {

    private final String source;
    private final List<String> parts;      // literal text at even positions, references at odd ones
    private final List<String> references;
    private final boolean absoluteIriPrefix;

    private Template(String source, List<String> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
        this.absoluteIriPrefix = safeAbsolute(parts);
        List<String> refs = new ArrayList<>();
        for (int i = 1; i < parts.size(); i += 2) {
            refs.add(parts.get(i));
        }
        this.references = List.copyOf(refs);
    }

    /** Parses a template; a syntax error is an {@link IllegalArgumentException} saying what and where. */
    public static Template parse(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inReference = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                if (i + 1 == text.length() || "{}\\".indexOf(text.charAt(i + 1)) < 0) {
                    throw new IllegalArgumentException("bad template \"" + text + "\": a backslash must escape {, } or \\ (position " + i + ")");
                }
                current.append(text.charAt(++i));
            } else if (c == '{') {
                if (inReference) {
                    throw new IllegalArgumentException("bad template \"" + text + "\": '{' inside a reference (position " + i + ")");
                }
                parts.add(current.toString());
                current.setLength(0);
                inReference = true;
            } else if (c == '}') {
                if (!inReference) {
                    throw new IllegalArgumentException("bad template \"" + text + "\": '}' without '{' (position " + i + "); escape it as \\}");
                }
                if (current.length() == 0) {
                    throw new IllegalArgumentException("bad template \"" + text + "\": empty reference {} (position " + i + ")");
                }
                parts.add(current.toString());
                current.setLength(0);
                inReference = false;
            } else {
                current.append(c);
            }
        }
        if (inReference) {
            throw new IllegalArgumentException("bad template \"" + text + "\": unclosed '{'");
        }
        parts.add(current.toString());
        return new Template(text, parts);
    }

    /** Escapes literal text or a reference name for use in a template. */
    public static String escape(String text) {
        return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}");
    }

    /**
     * Whether every IRI this template makes is absolute and valid whatever its values: its text starts with a scheme
     * and holds no character that IRIs forbid (values are made IRI-safe), so the IRIs need no checking.
     */
    public boolean absoluteIriPrefix() {
        return absoluteIriPrefix;
    }

    private static boolean safeAbsolute(List<String> parts) {
        if (!parts.get(0).matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            return false;
        }
        for (int i = 0; i < parts.size(); i += 2) {
            for (char c : parts.get(i).toCharArray()) {
                if (c <= ' ' || "<>\"{}|\\^`".indexOf(c) >= 0) {
                    return false;
                }
            }
        }
        return true;
    }

    public List<String> references() {
        return references;
    }

    /**
     * The template's strings for a record: {@code values} gives each reference's values (null or empty: none), and
     * every combination makes one string.
     */
    public List<String> expand(Function<String, List<String>> values, boolean iriSafe) {
        if (references.isEmpty()) {
            return List.of(parts.get(0));
        }
        if (references.size() == 1) { // the common case, without the combinations
            List<String> vs = values.apply(references.get(0));
            if (vs == null || vs.isEmpty()) {
                return List.of();
            }
            List<String> out = new ArrayList<>(vs.size());
            for (String v : vs) {
                out.add(parts.get(0) + (iriSafe ? IriSegments.encode(v) : v) + parts.get(2));
            }
            return out;
        }
        List<StringBuilder> partial = new ArrayList<>();
        partial.add(new StringBuilder(parts.get(0)));
        for (int i = 1; i < parts.size(); i += 2) {
            List<String> vs = values.apply(parts.get(i));
            if (vs == null || vs.isEmpty()) {
                return List.of();
            }
            List<StringBuilder> next = new ArrayList<>(partial.size() * vs.size());
            for (StringBuilder p : partial) {
                for (String v : vs) {
                    next.add(new StringBuilder(p).append(iriSafe ? IriSegments.encode(v) : v).append(parts.get(i + 1)));
                }
            }
            partial = next;
        }
        List<String> out = new ArrayList<>(partial.size());
        partial.forEach(p -> out.add(p.toString()));
        return out;
    }

    @Override
    public String toString() {
        return source;
    }
}
