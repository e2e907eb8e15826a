package dev.floe.ml.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The cache key of a step: SHA-256 of its kind, its parameters (sorted by name), its positional arguments, its
 * declared outputs and the content of every input file (a folder: the names and contents of its files, sorted). Two
 * runs of a step with the same key would compute the same outputs, so the second is skipped while those exist.
 */
final class CacheKey {

    private CacheKey() {
    }

    static String of(PipelineSpec spec, StepSpec step) {
        MessageDigest sha = sha256();
        field(sha, "kind", step.kind().name());
        new TreeMap<>(step.parameters()).forEach((name, value) -> field(sha, "with " + name, String.valueOf(value)));
        step.arguments().forEach(a -> field(sha, "arg", a));
        step.outputs().forEach(o -> field(sha, "output", o));
        for (String input : step.inputs()) {
            field(sha, "input", input);
            content(sha, spec.resolve(input));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void content(MessageDigest sha, Path path) {
        try {
            if (Files.isDirectory(path)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(path)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path file : files) {
                    field(sha, "file", path.relativize(file).toString());
                    bytes(sha, file);
                }
            } else if (Files.isRegularFile(path)) {
                bytes(sha, path);
            } else {
                field(sha, "missing", path.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read input " + path, e);
        }
    }

    private static void bytes(MessageDigest sha, Path file) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        sha.update((byte) 0);
    }

    private static void field(MessageDigest sha, String name, String value) {
        sha.update((name + "=" + value + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
