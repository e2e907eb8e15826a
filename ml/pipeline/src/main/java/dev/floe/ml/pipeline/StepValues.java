package dev.floe.ml.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values a step takes from an earlier step's output: {@code ${word:PATH}} in a parameter is replaced, when the step
 * runs, by the first word of the file PATH (e.g. the run id {@code floe train} prints first, for {@code models
 * register --run}). PATH must be one of the step's inputs, so the cache key covers it.
 */
final class StepValues {

    static final Pattern WORD = Pattern.compile("\\$\\{word:([^}]+)}");

    private StepValues() {
    }

    /** The files the value's references read. */
    static List<String> fileReferences(Object value) {
        List<String> files = new ArrayList<>();
        List<?> values = value instanceof List<?> list ? list : List.of(value);
        for (Object v : values) {
            Matcher m = WORD.matcher(String.valueOf(v));
            while (m.find()) {
                files.add(m.group(1));
            }
        }
        return files;
    }

    /** {@code argument} with each reference replaced by {@code replacement} of its path. */
    static String replace(String argument, Function<String, String> replacement) {
        return WORD.matcher(argument).replaceAll(m -> Matcher.quoteReplacement(replacement.apply(m.group(1))));
    }

    /** The first word of {@code file}. */
    static String firstWord(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            String[] words = text.split("\\s+", 2);
            if (words[0].isEmpty()) {
                throw new PipelineException(file + ": empty, but a step takes its first word");
            }
            return words[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
