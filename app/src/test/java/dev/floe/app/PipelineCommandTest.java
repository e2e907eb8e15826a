package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ml.pipeline.CommandKind;
import dev.floe.ml.pipeline.StepKind;

class PipelineCommandTest {

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    static Result floe(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Floe.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void stepKindsAreTheFloeCommandsWithTheirPicocliOptions() {
        var kinds = PipelineSteps.kinds();
        StepKind triplify = kinds.named("triplify").orElseThrow();
        assertTrue(triplify.parameters().containsAll(Set.of("input", "out", "dataset", "load", "store", "quiet")), triplify.parameters().toString());
        assertTrue(!triplify.parameters().contains("help") && !triplify.parameters().contains("version"));
        StepKind alias = kinds.named("models alias").orElseThrow();
        assertTrue(alias.takesArguments());
        assertEquals(Set.of("query", "name"), kinds.named("trainingset create").orElseThrow().requiredParameters());
        assertEquals(List.of("floe", "models", "alias"), ((CommandKind) alias).portableProgram());
        assertEquals(List.of("dev.floe.app.Floe", "models", "alias"), ((CommandKind) alias).program().subList(4, 7));
        // serve never ends and is no step; a study is one, with floe tune's own options
        assertTrue(kinds.named("serve").isEmpty());
        assertTrue(kinds.named("tune").orElseThrow().parameters().containsAll(Set.of("trainingset", "model", "space", "strategy",
                "trials", "parallel", "max-epochs", "metric", "seed")), kinds.named("tune").orElseThrow().parameters().toString());
        assertTrue(kinds.named("ablate").isPresent());
    }

    @Test
    void anUnknownOptionOfAFloeCommandIsReportedWithFileLineAndStepBeforeAnythingRuns() throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                pipeline: p
                steps:
                  first:
                    kind: shell
                    with: {script: "touch ran"}
                  rdf:
                    kind: triplify
                    with:
                      input: point.geojson
                      output: point.nt
                """);
        Result result = floe("pipeline", "run", file.toString(), "--store", dir.resolve("store").toString());
        assertEquals(1, result.exit(), result.err());
        assertEquals("floe: " + file + ": line 10: step rdf: unknown parameter 'output' of triplify (known: class, crs, dataset, "
                + "id-property, input, label-property, lat-column, load, lon-column, mapping, max-join-keys, on-invalid, out, "
                + "print-mapping, quiet, store, wkt-column)\n", result.err());
        assertTrue(!Files.exists(dir.resolve("ran")));
    }

    @Test
    void aRunExecutesFloeCommandsAsChildProcessesAndStatusShowsIt() throws Exception {
        Files.writeString(dir.resolve("point.geojson"), StartupIT.POINT);
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                pipeline: points
                steps:
                  rdf:
                    kind: triplify
                    with: {input: point.geojson, out: build/point.nt, quiet: true}
                    inputs: [point.geojson]
                    outputs: [build/point.nt]
                  count:
                    kind: shell
                    with: {script: "wc -l < build/point.nt > build/count.txt"}
                    inputs: [build/point.nt]
                    outputs: [build/count.txt]
                """);
        String store = dir.resolve("store").toString();
        Result first = floe("pipeline", "run", file.toString(), "--store", store);
        assertEquals(0, first.exit(), first.err());
        assertEquals("6", Files.readString(dir.resolve("build/count.txt")).trim());
        assertTrue(first.err().contains("pipeline points: rdf started\n"), first.err());
        assertTrue(first.err().contains("pipeline points: success in "), first.err());
        Result second = floe("pipeline", "run", file.toString(), "--store", store);
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.err().contains("pipeline points: rdf cached\n") && second.err().contains("pipeline points: count cached\n"), second.err());
        assertTrue(second.err().contains("(0 ran, 2 from the cache)"), second.err());

        Result status = floe("pipeline", "status", "--store", store);
        assertEquals(0, status.exit(), status.err());
        List<String> lines = status.out().lines().toList();
        assertEquals(6, lines.size(), status.out());
        assertTrue(lines.get(0).startsWith("points\t") && lines.get(0).contains("\tsuccess\t"), lines.get(0));
        assertEquals(List.of("  rdf\t-\tcached", "  count\t-\tcached"), lines.subList(1, 3));
        assertTrue(lines.get(4).startsWith("  rdf\tattempt 1\tsuccess\t"), lines.get(4));
        assertTrue(lines.get(5).startsWith("  count\tattempt 1\tsuccess\t"), lines.get(5));
    }

    @Test
    void aFailingStepFailsTheRunWithItsMessageAndLogs() throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                pipeline: p
                steps:
                  rdf:
                    kind: triplify
                    with: {input: missing.geojson, out: x.nt}
                """);
        Result result = floe("pipeline", "run", file.toString(), "--store", dir.resolve("store").toString(), "--quiet");
        assertEquals(1, result.exit(), result.err());
        assertTrue(result.err().startsWith("floe: " + file + ": pipeline p failed: rdf: exit code 1: "), result.err());
        assertTrue(result.err().contains("missing.geojson"), result.err());
        assertEquals("", result.out());
    }

    @Test
    void theLandCoverPipelineNamesRealOptionsAndExportsToCwlThatCwltoolValidates() throws Exception {
        Path file = Path.of("../ml/pipeline/pipelines/land-cover.yaml").toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(file.getParent().resolve("../../../../shared/data/stac")),
                "the real data of ../shared is not here");
        var spec = new dev.floe.ml.pipeline.PipelineParser(PipelineSteps.kinds()).parse(file);
        assertEquals(List.of("catalog", "products", "countries", "links", "load", "train-patches", "predict-patches", "load-patches",
                "trainingset", "train", "register", "predict", "inference-log", "monitor"), List.copyOf(spec.steps().keySet()));
        assertEquals(List.of("load", "train-patches", "predict-patches"), spec.upstream().get("load-patches"));
        assertEquals(List.of("train"), spec.upstream().get("register"));
        Result export = floe("pipeline", "export-cwl", file.toString(), "--out", dir.toString());
        assertEquals(0, export.exit(), export.err());
        Path cwltool = Path.of("/usr/bin/cwltool");
        if (!Files.isExecutable(cwltool) && System.getenv("CI") != null) {
            throw new IllegalStateException("CI must have Debian's cwltool (see .ci/run)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(cwltool), "cwltool is not installed");
        Process validate = new ProcessBuilder(cwltool.toString(), "--quiet", "--validate", dir.resolve("land-cover.cwl").toString())
                .redirectErrorStream(true).start();
        String output = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, validate.waitFor(), output);
    }

    @Test
    void fromAndOnlyAreCheckedBeforeAnythingRuns() throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, "pipeline: p\nsteps:\n  a: {kind: shell, with: {script: \"touch ran\"}}\n");
        String store = dir.resolve("store").toString();
        Result both = floe("pipeline", "run", file.toString(), "--from", "a", "--only", "a", "--store", store);
        assertEquals(2, both.exit(), both.err());
        assertEquals("floe: --from and --only exclude each other\n", both.err());
        Result unknown = floe("pipeline", "run", file.toString(), "--only", "b", "--store", store);
        assertEquals(1, unknown.exit(), unknown.err());
        assertEquals("floe: " + file + ": no step named 'b' (steps: a)\n", unknown.err());
        assertTrue(!Files.exists(dir.resolve("ran")));
    }
}
