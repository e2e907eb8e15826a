package dev.floe.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A benchmark's report: each line printed as it is measured and kept, then written to {@code target/NAME}. */
final class BenchReport {

    private final List<String> lines = new ArrayList<>();

    /** Prints and keeps one line (a format, in the root locale). */
    void say(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        lines.add(line);
    }

    /** Writes the lines so far to {@code target/name}. */
    void write(String name) throws IOException {
        Path out = Path.of("target", name);
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
    }
}
