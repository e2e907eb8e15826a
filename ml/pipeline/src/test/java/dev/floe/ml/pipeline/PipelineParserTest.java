package dev.floe.ml.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineParserTest {

    @TempDir
    Path dir;

    private final PipelineParser parser = new PipelineParser(StepKinds.builtIn()
            .with(List.of(new CommandKind("triplify", List.of("floe", "triplify"), Set.of("input", "out", "quiet"), Set.of("input"), false))));

    private Path file(String yaml) throws IOException {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private String error(String yaml) throws IOException {
        Path file = file(yaml);
        return assertThrows(PipelineException.class, () -> parser.parse(file)).getMessage();
    }

    @Test
    void anUnknownParameterIsNamedWithFileLineAndStep() throws IOException {
        String message = error("""
                pipeline: p
                steps:
                  rdf:
                    kind: triplify
                    with:
                      input: a.geojson
                      outt: a.nt
                """);
        assertEquals(dir.resolve("p.yaml") + ": line 7: step rdf: unknown parameter 'outt' of triplify (known: input, out, quiet)", message);
    }

    @Test
    void anUnknownStepKindIsNamedWithItsLine() throws IOException {
        assertEquals(dir.resolve("p.yaml") + ": line 4: step a: unknown step kind 'triplfy' (known: file_sensor, shell, stac_sensor, triplify)",
                error("pipeline: p\nsteps:\n  a:\n    kind: triplfy\n"));
    }

    @Test
    void aCycleIsRefusedBeforeAnythingRuns() throws IOException {
        String message = error("""
                pipeline: p
                steps:
                  a:
                    kind: shell
                    with: {script: "true"}
                    depends_on: [c]
                  b:
                    kind: shell
                    with: {script: "true"}
                    depends_on: [a]
                  c:
                    kind: shell
                    with: {script: "true"}
                    depends_on: [b]
                """);
        assertEquals(dir.resolve("p.yaml") + ": line 3: step a: the steps form a cycle: a -> b -> c -> a", message);
    }

    @Test
    void anInputThatNoStepWritesAndThatDoesNotExistIsAnError() throws IOException {
        String message = error("""
                pipeline: p
                steps:
                  a:
                    kind: shell
                    with: {script: "cat in.txt"}
                    inputs: [in.txt]
                """);
        assertEquals(dir.resolve("p.yaml") + ": line 3: step a: input in.txt does not exist (" + dir.resolve("in.txt")
                + ") and no step writes it", message);
    }

    @Test
    void unknownKeysMissingKindsAndBadValuesAreErrors() throws IOException {
        assertEquals(dir.resolve("p.yaml") + ": line 5: step a: unknown key 'retires' in a step (known: args, depends_on, "
                + "description, execution_timeout, inputs, kind, max_retry_delay, outputs, retries, retry_delay, "
                + "retry_exponential_backoff, stdout, trigger_rule, with)",
                error("pipeline: p\nsteps:\n  a:\n    kind: shell\n    retires: 2\n    with: {script: x}\n"));
        assertEquals(dir.resolve("p.yaml") + ": line 3: step a: missing 'kind'", error("pipeline: p\nsteps:\n  a:\n    with: {script: x}\n"));
        assertEquals(dir.resolve("p.yaml") + ": line 4: step a: shell needs parameter 'script'", error("pipeline: p\nsteps:\n  a:\n    kind: shell\n"));
        assertEquals(dir.resolve("p.yaml") + ": line 5: step a: retry_delay: not a duration: 'soon' (e.g. 30, 30s, 5m, 2h, PT5M)",
                error("pipeline: p\nsteps:\n  a:\n    kind: shell\n    retry_delay: soon\n    with: {script: x}\n"));
        assertEquals(dir.resolve("p.yaml") + ": line 3: step a: depends_on names no step 'b'",
                error("pipeline: p\nsteps:\n  a:\n    kind: shell\n    depends_on: [b]\n    with: {script: x}\n"));
        assertEquals(dir.resolve("p.yaml") + ": line 5: step a: unknown trigger_rule 'any' (known: all_success, all_failed, all_done, "
                + "one_success, one_failed, none_failed, none_failed_min_one_success, always)",
                error("pipeline: p\nsteps:\n  a:\n    kind: shell\n    trigger_rule: any\n    with: {script: x}\n"));
    }

    @Test
    void malformedYamlNamesItsLine() throws IOException {
        String message = error("pipeline: p\nsteps:\n  a:\n    kind: shell\n    with: {script: [x\n");
        assertEquals(true, message.startsWith(dir.resolve("p.yaml") + ": line 6: not valid YAML:"), message);
    }

    @Test
    void aStepThatReadsAnotherStepsOutputWaitsForIt() throws IOException {
        PipelineSpec spec = parser.parse(file("""
                pipeline: p
                defaults: {retries: 2, retry_delay: 30s}
                steps:
                  rdf:
                    kind: triplify
                    with: {input: a.geojson, out: build/a.nt, quiet: true}
                    outputs: [build/a.nt]
                  count:
                    kind: shell
                    with: {script: "wc -l build/a.nt > build/count.txt"}
                    inputs: [build/a.nt]
                    outputs: [build/count.txt]
                    retries: 0
                  other:
                    kind: shell
                    with: {script: "true"}
                """));
        assertEquals(List.of("rdf"), spec.upstream().get("count"));
        assertEquals(List.of(), spec.upstream().get("other"));
        assertEquals(new RetryPolicy(2, Duration.ofSeconds(30), false, null, null), spec.step("rdf").retry());
        assertEquals(0, spec.step("count").retry().retries());
        assertEquals(List.of("--input", "a.geojson", "--out", "build/a.nt", "--quiet"),
                ((ProcessKind) spec.step("rdf").kind()).arguments(spec.step("rdf")));
        assertEquals(Set.of("rdf", "count"), spec.withDownstream("rdf"));
    }
}
