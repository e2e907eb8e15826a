package dev.floe.ml.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class CwlExportTest {

    /** The reference runner, where it is installed (Debian: apt-get install cwltool). */
    static final Path CWLTOOL = Path.of("/usr/bin/cwltool");

    @TempDir
    Path dir;

    private static final String PIPELINE = """
            pipeline: words
            steps:
              upper:
                kind: shell
                with: {script: "tr a-z A-Z < text/in.txt > build/upper.txt"}
                inputs: [text/in.txt]
                outputs: [build/upper.txt]
              count:
                kind: shell
                with: {script: "n=$(wc -l < build/upper.txt); echo \\"$n lines\\" > build/count.txt; sort build/upper.txt >> build/count.txt"}
                inputs: [build/upper.txt]
                outputs: [build/count.txt]
              wait:
                kind: file_sensor
                with: {path: text/in.txt, poke_interval: 1s}
            """;

    private PipelineSpec spec() throws IOException {
        Files.createDirectories(dir.resolve("text"));
        Files.writeString(dir.resolve("text/in.txt"), "pear\napple\n");
        Path file = dir.resolve("words.yaml");
        Files.writeString(file, PIPELINE);
        return new PipelineParser(StepKinds.builtIn()).parse(file);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theExportIsAnApplicationPackageWithAMainWorkflowAndOneToolPerStep() throws IOException {
        Path cwl = CwlExport.write(spec(), dir.resolve("cwl"));
        Map<String, Object> document = new Yaml().load(Files.readString(cwl));
        assertEquals("v1.2", document.get("cwlVersion"));
        List<Map<String, Object>> graph = (List<Map<String, Object>>) document.get("$graph");
        assertEquals(List.of("main", "upper", "count"), graph.stream().map(g -> g.get("id")).toList());
        Map<String, Object> main = graph.get(0);
        assertEquals("Workflow", main.get("class"));
        assertEquals(Map.of("input_0", Map.of("type", "File", "label", "text/in.txt")), main.get("inputs"));
        Map<String, Object> steps = (Map<String, Object>) main.get("steps");
        assertEquals(Map.of("run", "#count", "in", Map.of("in_0", "upper/out_0"), "out", List.of("out_0")), steps.get("count"));
        Map<String, Object> count = graph.get(2);
        assertEquals(List.of("sh", "-c"), count.get("baseCommand"));
        assertEquals(List.of("n=\\$(wc -l < $(inputs.in_0.path)); echo \"$n lines\" > count.txt; sort $(inputs.in_0.path) >> count.txt"),
                count.get("arguments"));
        assertEquals(List.of(Map.of("class", "DockerRequirement", "dockerPull", CwlExport.IMAGE)), count.get("hints"));
        Map<String, Object> job = new Yaml().load(Files.readString(dir.resolve("cwl/words.inputs.yml")));
        assertEquals(Map.of("input_0", Map.of("class", "File", "path", dir.resolve("text/in.txt").toString())), job);
    }

    @Test
    void cwltoolValidatesTheExportAndItsRunGivesTheOutputsOfTheRunner() throws Exception {
        if (!Files.isExecutable(CWLTOOL) && System.getenv("CI") != null) {
            throw new IllegalStateException("CI must have Debian's cwltool (see .ci/run)");
        }
        assumeTrue(Files.isExecutable(CWLTOOL), "cwltool is not installed");
        PipelineSpec spec = spec();
        Path cwl = CwlExport.write(spec, dir.resolve("cwl"));
        assertEquals(0, cwltool(dir, "--validate", cwl.toString()), "cwltool --validate");

        Path out = dir.resolve("cwl-out");
        assertEquals(0, cwltool(dir, "--no-container", "--outdir", out.toString(), cwl.toString(),
                dir.resolve("cwl/words.inputs.yml").toString()), "cwltool run");
        FakeTime time = new FakeTime();
        RunResult result = new PipelineRunner(dir.resolve("state"), time, time, RunListener.NONE).run(spec, PipelineRunner.Selection.ALL);
        assertEquals(true, result.succeeded());
        assertEquals("2 lines\nAPPLE\nPEAR\n", Files.readString(dir.resolve("build/count.txt")));
        assertEquals(Files.readString(dir.resolve("build/count.txt")), Files.readString(out.resolve("count.txt")));
        assertEquals(Files.readString(dir.resolve("build/upper.txt")), Files.readString(out.resolve("upper.txt")));
        try (var files = Files.list(out)) {
            assertEquals(Set.of("count.txt", "upper.txt"), Set.copyOf(files.map(f -> f.getFileName().toString()).toList()));
        }
    }

    /** Runs cwltool in {@code workdir}; its output goes to a log in the test folder, its exit code is returned. */
    static int cwltool(Path workdir, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(CWLTOOL.toString(), "--quiet"));
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile(workdir, "cwltool", ".log");
        Process process = new ProcessBuilder(command).directory(workdir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("cwltool took more than 5 minutes: " + Files.readString(log));
        }
        if (process.exitValue() != 0) {
            System.err.println(Files.readString(log));
        }
        return process.exitValue();
    }

    @Test
    void aStepTakesTheFirstWordOfAnotherStepsStandardOutputInTheRunnerAndInCwl() throws Exception {
        Path file = dir.resolve("ids.yaml");
        Files.writeString(file, """
                pipeline: ids
                steps:
                  make:
                    kind: shell
                    with: {script: "printf 'run-42\\tsomething else\\n'"}
                    stdout: build/run.tsv
                  use:
                    kind: shell
                    with: {script: "echo 'registered ${word:build/run.tsv}' > build/used.txt"}
                    inputs: [build/run.tsv]
                    outputs: [build/used.txt]
                """);
        PipelineSpec spec = new PipelineParser(StepKinds.builtIn()).parse(file);
        assertEquals(List.of("make"), spec.upstream().get("use"));
        FakeTime time = new FakeTime();
        RunResult result = new PipelineRunner(dir.resolve("state"), time, time, RunListener.NONE).run(spec, PipelineRunner.Selection.ALL);
        assertEquals(true, result.succeeded(), result.toString());
        assertEquals("registered run-42\n", Files.readString(dir.resolve("build/used.txt")));
        assertEquals(false, Files.exists(dir.resolve("build/run.tsv.partial")));

        if (!Files.isExecutable(CWLTOOL) && System.getenv("CI") != null) {
            throw new IllegalStateException("CI must have Debian's cwltool (see .ci/run)");
        }
        assumeTrue(Files.isExecutable(CWLTOOL), "cwltool is not installed");
        Path cwl = CwlExport.write(spec, dir.resolve("cwl"));
        assertEquals(0, cwltool(dir, "--validate", cwl.toString()), "cwltool --validate");
        Path out = dir.resolve("cwl-out");
        assertEquals(0, cwltool(dir, "--no-container", "--outdir", out.toString(), cwl.toString(),
                dir.resolve("cwl/ids.inputs.yml").toString()), "cwltool run");
        assertEquals("registered run-42\n", Files.readString(out.resolve("used.txt")));
        assertEquals(Files.readString(dir.resolve("build/run.tsv")), Files.readString(out.resolve("run.tsv")));
    }
}
