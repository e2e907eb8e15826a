package dev.floe.ml.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floe.geo.AtomicFiles;

/**
 * The completed steps of a pipeline, kept across runs in {@code journal.json}: for each step, the cache key of the
 * attempt that completed it, its outputs, when it ended and a sensor's memory. The file is replaced atomically after
 * each completed step (a temporary sibling renamed over it), so a runner killed at any moment leaves the journal of
 * every step completed before, and a rerun takes those from the cache: only the step in flight runs again.
 *
 * <p>Thread-safe: the runner's threads record steps concurrently.
 */
public final class RunJournal {

    /** A completed step as the journal keeps it. */
    public record Entry(String cacheKey, List<Path> outputs, Instant ended, String runId, Set<String> memory) {
        public Entry {
            outputs = List.copyOf(outputs);
            memory = Set.copyOf(memory);
        }

        /** Whether every output still exists. */
        public boolean outputsExist() {
            return outputs.stream().allMatch(Files::exists);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Map<String, Entry> entries;

    private RunJournal(Path file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** The journal in {@code file}, empty when the file does not exist yet. */
    public static RunJournal open(Path file) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (Files.exists(file)) {
            try {
                JsonNode root = JSON.readTree(file.toFile());
                root.path("steps").fields().forEachRemaining(e -> {
                    JsonNode n = e.getValue();
                    List<Path> outputs = new java.util.ArrayList<>();
                    n.path("outputs").forEach(o -> outputs.add(Path.of(o.asText())));
                    Set<String> memory = new java.util.TreeSet<>();
                    n.path("memory").forEach(m -> memory.add(m.asText()));
                    entries.put(e.getKey(), new Entry(n.path("cacheKey").asText(), outputs,
                            Instant.parse(n.path("ended").asText()), n.path("runId").asText(), memory));
                });
            } catch (IOException | RuntimeException e) {
                throw new PipelineException(file + ": the pipeline journal cannot be read (" + e.getMessage()
                        + "); remove it to run every step again");
            }
        }
        return new RunJournal(file, entries);
    }

    /** The completed entry of {@code step}, if the journal has one. */
    public synchronized Optional<Entry> entry(String step) {
        return Optional.ofNullable(entries.get(step));
    }

    /** Records that {@code step} completed, replacing the journal file atomically. */
    public synchronized void record(String step, Entry entry) {
        entries.put(step, entry);
        ObjectNode root = JSON.createObjectNode();
        ObjectNode steps = root.putObject("steps");
        entries.forEach((id, e) -> {
            ObjectNode n = steps.putObject(id);
            n.put("cacheKey", e.cacheKey());
            ArrayNode outputs = n.putArray("outputs");
            e.outputs().forEach(o -> outputs.add(o.toString()));
            n.put("ended", e.ended().toString());
            n.put("runId", e.runId());
            ArrayNode memory = n.putArray("memory");
            e.memory().stream().sorted().forEach(memory::add);
        });
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.write(file, out -> {
                JSON.writeValue(out, root);
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pipeline journal " + file, e);
        }
    }
}
