package dev.floe.ml.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Waits until a file (or folder) exists: {@code kind: file_sensor, with: {path: ..., poke_interval: 10s}}. */
public final class FileSensor implements SensorKind {

    /** The kind's name in the pipeline file. */
    public static final String NAME = "file_sensor";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> parameters() {
        return Set.of("path", POKE_INTERVAL, TIMEOUT, SOFT_FAIL);
    }

    @Override
    public Set<String> requiredParameters() {
        return Set.of("path");
    }

    @Override
    public String watchedParameter() {
        return "path";
    }

    @Override
    public Poke poke(Path watched, Set<String> memory) {
        return new Poke(Files.exists(watched), Set.of());
    }
}
