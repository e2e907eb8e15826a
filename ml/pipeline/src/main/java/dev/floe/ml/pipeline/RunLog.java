package dev.floe.ml.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floe.geo.AtomicFiles;

/**
 * The outcomes of a run as it goes, in {@code runs/RUN.json} beside the journal, replaced atomically after each step
 * ends and removed once the run is recorded in the store. A file left behind is a run whose runner was killed: the
 * next run records it as {@code interrupted}, with the steps that had ended. Thread-safe.
 */
final class RunLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final String runId;
    private final Instant started;
    private final Map<String, StepOutcome> outcomes = new LinkedHashMap<>();

    RunLog(Path directory, String runId, Instant started) {
        this.file = directory.resolve(runId + ".json");
        this.runId = runId;
        this.started = started;
        write();
    }

    /** Adds an ended step. */
    synchronized void add(StepOutcome outcome) {
        outcomes.put(outcome.step(), outcome);
        write();
    }

    private synchronized void write() {
        ObjectNode root = JSON.createObjectNode();
        root.put("runId", runId);
        root.put("started", started.toString());
        ArrayNode steps = root.putArray("steps");
        for (StepOutcome o : outcomes.values()) {
            ObjectNode n = steps.addObject();
            n.put("step", o.step());
            n.put("state", o.state().name());
            n.put("cacheKey", o.cacheKey());
            n.put("ended", o.ended().toString());
            ArrayNode attempts = n.putArray("attempts");
            for (Attempt a : o.attempts()) {
                ObjectNode an = attempts.addObject();
                an.put("number", a.number());
                an.put("started", a.started().toString());
                an.put("ended", a.ended().toString());
                an.put("state", a.state().name());
                if (a.exitCode() != null) {
                    an.put("exitCode", a.exitCode());
                }
                an.put("message", a.message());
            }
        }
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, out -> {
                JSON.writeValue(out, root);
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run log " + file, e);
        }
    }

    /** Removes the run's log: it is recorded. */
    static void remove(Path directory, String runId) {
        try {
            Files.deleteIfExists(directory.resolve(runId + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the run log of " + runId, e);
        }
    }

    /** The runs whose logs are left in {@code directory}, as results of {@code spec} (steps it no longer has are left out). */
    static List<RunResult> left(Path directory, PipelineSpec spec) {
        List<RunResult> runs = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return runs;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode root = JSON.readTree(f.toFile());
                Instant started = Instant.parse(root.path("started").asText());
                Instant ended = started;
                Map<String, StepOutcome> steps = new LinkedHashMap<>();
                for (JsonNode n : root.path("steps")) {
                    String step = n.path("step").asText();
                    if (!spec.steps().containsKey(step)) {
                        continue;
                    }
                    List<Attempt> attempts = new ArrayList<>();
                    for (JsonNode a : n.path("attempts")) {
                        attempts.add(new Attempt(a.path("number").asInt(), Instant.parse(a.path("started").asText()),
                                Instant.parse(a.path("ended").asText()), StepState.valueOf(a.path("state").asText()),
                                a.has("exitCode") ? a.get("exitCode").asInt() : null, a.path("message").asText()));
                    }
                    Instant stepEnded = Instant.parse(n.path("ended").asText());
                    ended = stepEnded.isAfter(ended) ? stepEnded : ended;
                    steps.put(step, new StepOutcome(step, StepState.valueOf(n.path("state").asText()), attempts,
                            n.path("cacheKey").isNull() ? null : n.path("cacheKey").asText(), stepEnded));
                }
                runs.add(new RunResult(root.path("runId").asText(), spec, started, ended, steps, true));
            }
        } catch (IOException | RuntimeException e) {
            throw new PipelineException(directory + ": a run log cannot be read (" + e.getMessage() + "); remove it");
        }
        return runs;
    }
}
