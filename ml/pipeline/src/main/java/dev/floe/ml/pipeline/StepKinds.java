package dev.floe.ml.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The step kinds a pipeline file may name: the built-in ones (shell, the sensors) and those the caller adds (the
 * app adds the floe commands). Immutable.
 */
public final class StepKinds {

    private final Map<String, StepKind> kinds;

    private StepKinds(Map<String, StepKind> kinds) {
        this.kinds = Map.copyOf(kinds);
    }

    /** The shell step and the two sensors. */
    public static StepKinds builtIn() {
        Map<String, StepKind> kinds = new LinkedHashMap<>();
        for (StepKind kind : List.of(new ShellKind(), new FileSensor(), new StacItemSensor())) {
            kinds.put(kind.name(), kind);
        }
        return new StepKinds(kinds);
    }

    /** These kinds and {@code more} (replacing any of the same name). */
    public StepKinds with(List<? extends StepKind> more) {
        Map<String, StepKind> all = new LinkedHashMap<>(kinds);
        for (StepKind kind : more) {
            all.put(kind.name(), kind);
        }
        return new StepKinds(all);
    }

    /** The kind named {@code name}, if there is one. */
    public Optional<StepKind> named(String name) {
        return Optional.ofNullable(kinds.get(name));
    }

    /** The names, sorted, for error messages. */
    public String names() {
        return String.join(", ", new TreeSet<>(kinds.keySet()));
    }
}
