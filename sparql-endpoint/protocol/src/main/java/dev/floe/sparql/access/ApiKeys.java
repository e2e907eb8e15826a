package dev.floe.sparql.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import dev.floe.geo.SourceLocation;

/**
 * A set of API keys read from a file: one key per line, optionally after a label and whitespace
 * ({@code alice 3f9a...}); blank lines and lines starting with # are ignored. Keys must be at least
 * {@value #MIN_LENGTH} characters. Only SHA-256 digests are kept in memory, and a presented key is compared
 * with every digest in constant time ({@link MessageDigest#isEqual}), so timing says nothing about the keys.
 */
public final class ApiKeys {

    public static final int MIN_LENGTH = 16;

    /** No keys: nothing is accepted. */
    public static final ApiKeys NONE = new ApiKeys(List.of(), List.of());

    private final List<byte[]> digests;
    /** The label of each key (its file's first word, else "key N" by its place in the file), for records of who did what. */
    private final List<String> labels;

    private ApiKeys(List<byte[]> digests, List<String> labels) {
        this.digests = List.copyOf(digests);
        this.labels = List.copyOf(labels);
    }

    /** Reads a key file; the error names the file and line of a bad key. */
    public static ApiKeys read(Path file) throws IOException {
        List<byte[]> digests = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length > 2) {
                throw new KeyFileException(SourceLocation.of(file).atLine(i + 1), "expected 'KEY' or 'LABEL KEY'", null);
            }
            String key = parts[parts.length - 1];
            if (key.length() < MIN_LENGTH) {
                throw new KeyFileException(SourceLocation.of(file).atLine(i + 1), "the key is shorter than "
                        + MIN_LENGTH + " characters", null);
            }
            digests.add(sha256(key));
            labels.add(parts.length == 2 ? parts[0] : "key " + (digests.size()));
        }
        if (digests.isEmpty()) {
            throw new KeyFileException(SourceLocation.of(file), "no keys in the file", null);
        }
        return new ApiKeys(digests, labels);
    }

    /** Keys given directly (tests, embedding). */
    public static ApiKeys of(String... keys) {
        List<byte[]> digests = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String k : keys) {
            digests.add(sha256(k));
            labels.add("key " + digests.size());
        }
        return new ApiKeys(digests, labels);
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    /** Whether {@code presented} is one of the keys; hashes it, see {@link #contains(PresentedKey)}. */
    public boolean accepts(String presented) {
        return contains(PresentedKey.of(presented));
    }

    /** Whether {@code presented} is one of the keys; takes the same time whichever key matches. */
    public boolean contains(PresentedKey presented) {
        return labelFor(presented) != null;
    }

    /** The label of {@code presented}, or null when it is none of the keys; hashes it, see {@link #labelFor(PresentedKey)}. */
    public String labelOf(String presented) {
        return labelFor(PresentedKey.of(presented));
    }

    /**
     * The label of {@code presented}, or null when it is none of the keys; compares its digest with every key in
     * constant time, so timing says nothing about which matched.
     */
    public String labelFor(PresentedKey presented) {
        String label = null;
        for (int i = 0; i < digests.size(); i++) {
            if (presented.matches(digests.get(i))) {
                label = labels.get(i);
            }
        }
        return label;
    }

    private static byte[] sha256(String key) {
        return PresentedKey.sha256(key);
    }
}
