package dev.floe.ml.pipeline;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A checked pipeline file: its name, its steps in file order and, for each, the steps it waits for (those it names
 * in {@code depends_on} and those that write a file it reads). Built only by {@link PipelineParser}, which has
 * checked that the graph has no cycle and that every input exists or is some step's output. Immutable.
 *
 * @param file        the pipeline file; relative paths in it are relative to its folder
 * @param name        the pipeline's name (its journal and its records in the store are kept under it)
 * @param parallelism at most this many steps run at the same time
 * @param steps       the steps by id, in the file's order
 * @param upstream    for each step id, the ids of the steps it waits for, in the file's order
 */
public record PipelineSpec(Path file, String name, int parallelism, Map<String, StepSpec> steps,
                           Map<String, List<String>> upstream) {

    public PipelineSpec {
        steps = Collections.unmodifiableMap(new LinkedHashMap<>(steps));
        Map<String, List<String>> copy = new LinkedHashMap<>();
        upstream.forEach((id, ups) -> copy.put(id, List.copyOf(ups)));
        upstream = Collections.unmodifiableMap(copy);
    }

    /** The folder relative paths are resolved against, and where steps run. */
    public Path directory() {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }

    /** A path as the file writes it, resolved against {@link #directory()}. */
    public Path resolve(String path) {
        return directory().resolve(path).normalize();
    }

    /** The step {@code id}; an error naming the file when there is none. */
    public StepSpec step(String id) {
        StepSpec step = steps.get(id);
        if (step == null) {
            throw new PipelineException(file + ": no step named '" + id + "' (steps: " + String.join(", ", steps.keySet()) + ")");
        }
        return step;
    }

    /** {@code id} and every step that waits for it, directly or not, in the file's order. */
    public Set<String> withDownstream(String id) {
        step(id);
        Set<String> found = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(id));
        while (!todo.isEmpty()) {
            String current = todo.pop();
            if (found.add(current)) {
                upstream.forEach((step, ups) -> {
                    if (ups.contains(current)) {
                        todo.push(step);
                    }
                });
            }
        }
        Set<String> ordered = new LinkedHashSet<>();
        for (String step : steps.keySet()) {
            if (found.contains(step)) {
                ordered.add(step);
            }
        }
        return ordered;
    }

    /** The steps each step's downstream steps wait for: the inverse of {@link #upstream()}. */
    public Map<String, List<String>> downstream() {
        Map<String, List<String>> down = new LinkedHashMap<>();
        steps.keySet().forEach(id -> down.put(id, new ArrayList<>()));
        upstream.forEach((id, ups) -> ups.forEach(up -> down.get(up).add(id)));
        return down;
    }
}
