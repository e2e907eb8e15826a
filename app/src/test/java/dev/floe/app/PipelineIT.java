package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code floe pipeline} as a user runs it, from the runnable jar: the CWL export of a small pipeline run by the
 * reference runner (cwltool, no container, the repository's {@code floe} launcher on the PATH) gives the outputs of
 * {@code floe pipeline run}, and a runner killed with SIGKILL in the middle of a step resumes on the next run with
 * every completed step from the cache.
 */
class PipelineIT {

    static final Path CWLTOOL = Path.of("/usr/bin/cwltool");
    /** The repository root (failsafe runs in app/), where the {@code floe} launcher is. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    record Run(int exitCode, String output) {
    }

    static List<String> floe(String... args) {
        String jar = System.getProperty("floe.jar");
        assertNotNull(jar, "floe.jar system property (set by failsafe)");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        return command;
    }

    Run run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true);
        builder.environment().put("PATH", ROOT + ":" + System.getenv("PATH"));
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), String.join(" ", command) + " did not end:\n" + output);
        return new Run(p.exitValue(), output);
    }

    @Test
    void theCwlExportRunByCwltoolGivesTheOutputsOfFloePipelineRun() throws Exception {
        if (!Files.isExecutable(CWLTOOL) && System.getenv("CI") != null) {
            throw new IllegalStateException("CI must have Debian's cwltool (see .ci/run)");
        }
        assumeTrue(Files.isExecutable(CWLTOOL), "cwltool is not installed (apt-get install cwltool)");
        Path lakes = ROOT.resolve("../shared/data/natural-earth/110m/ne_110m_lakes.json").normalize();
        Path countries = ROOT.resolve("../shared/data/natural-earth/110m/ne_110m_admin_0_countries.json").normalize();
        assumeTrue(Files.exists(lakes) && Files.exists(countries), "the real data of ../shared is not here");
        Path file = tmp.resolve("lakes.yaml");
        Files.writeString(file, """
                pipeline: lakes
                steps:
                  lakes:
                    kind: triplify
                    with: {input: %1$s, out: build/lakes.nt, quiet: true}
                    inputs: [%1$s]
                    outputs: [build/lakes.nt]
                  countries:
                    kind: triplify
                    with: {input: %2$s, out: build/countries.nt, dataset: countries, quiet: true}
                    inputs: [%2$s]
                    outputs: [build/countries.nt]
                  links:
                    kind: interlink
                    with: {source: build/lakes.nt, target: build/countries.nt, out: build/links.nt, quiet: true}
                    inputs: [build/lakes.nt, build/countries.nt]
                    outputs: [build/links.nt]
                  count:
                    kind: shell
                    with: {script: "grep -c sfWithin build/links.nt > build/within.txt"}
                    inputs: [build/links.nt]
                    outputs: [build/within.txt]
                """.formatted(lakes, countries));
        Run pipeline = run(floe("pipeline", "run", file.toString(), "--store", tmp.resolve("store").toString()), 600);
        assertEquals(0, pipeline.exitCode(), pipeline.output());
        Run export = run(floe("pipeline", "export-cwl", file.toString(), "--out", tmp.resolve("cwl").toString()), 120);
        assertEquals(0, export.exitCode(), export.output());

        Run validate = run(List.of(CWLTOOL.toString(), "--quiet", "--validate", tmp.resolve("cwl/lakes.cwl").toString()), 300);
        assertEquals(0, validate.exitCode(), validate.output());
        Path out = tmp.resolve("cwl-out");
        Run cwl = run(List.of(CWLTOOL.toString(), "--quiet", "--no-container", "--outdir", out.toString(),
                tmp.resolve("cwl/lakes.cwl").toString(), tmp.resolve("cwl/lakes.inputs.yml").toString()), 900);
        assertEquals(0, cwl.exitCode(), cwl.output());
        for (String name : List.of("lakes.nt", "countries.nt", "links.nt", "within.txt")) {
            assertEquals(Files.readAllLines(tmp.resolve("build").resolve(name)), Files.readAllLines(out.resolve(name)), name);
        }
        assertTrue(Integer.parseInt(Files.readString(out.resolve("within.txt")).trim()) > 0);
    }

    @Test
    void aRunnerKilledMidStepResumesWithEveryCompletedStepFromTheCache() throws Exception {
        Files.writeString(tmp.resolve("point.geojson"), StartupIT.POINT);
        Path file = tmp.resolve("p.yaml");
        Files.writeString(file, """
                pipeline: resume
                steps:
                  rdf:
                    kind: triplify
                    with: {input: point.geojson, out: build/point.nt, quiet: true}
                    inputs: [point.geojson]
                    outputs: [build/point.nt]
                  count:
                    kind: shell
                    with: {script: "echo run >> count.runs; wc -l < build/point.nt > build/count.txt"}
                    inputs: [build/point.nt]
                    outputs: [build/count.txt]
                  slow:
                    kind: shell
                    with: {script: "echo run >> slow.runs; if [ ! -f go ]; then echo $$ > slow.pid; sleep 300; fi; cp build/count.txt build/slow.txt"}
                    inputs: [build/count.txt]
                    outputs: [build/slow.txt]
                """);
        String store = tmp.resolve("store").toString();
        Process runner = new ProcessBuilder(floe("pipeline", "run", file.toString(), "--store", store)).directory(tmp.toFile())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("first-run.log").toFile()).start();
        Path pid = tmp.resolve("slow.pid");
        for (int i = 0; i < 1200 && !Files.exists(pid) && runner.isAlive(); i++) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(pid), "the slow step never started: " + Files.readString(tmp.resolve("first-run.log")));
        runner.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
        assertTrue(runner.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, runner.exitValue());
        // the killed runner's step lives on as an orphan; the machine dying would have ended it too
        ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(sh -> {
            sh.descendants().forEach(ProcessHandle::destroyForcibly);
            sh.destroyForcibly();
        });
        assertFalse(Files.exists(tmp.resolve("build/slow.txt")));
        FileTime rdfWritten = Files.getLastModifiedTime(tmp.resolve("build/point.nt"));

        Files.writeString(tmp.resolve("go"), "");
        Run rerun = run(floe("pipeline", "run", file.toString(), "--store", store), 600);
        assertEquals(0, rerun.exitCode(), rerun.output());
        assertTrue(rerun.output().contains("pipeline resume: rdf cached\n"), rerun.output());
        assertTrue(rerun.output().contains("pipeline resume: count cached\n"), rerun.output());
        assertTrue(rerun.output().contains("(1 ran, 2 from the cache)"), rerun.output());
        assertTrue(rerun.output().contains("recorded the interrupted run "), rerun.output());
        assertEquals(rdfWritten, Files.getLastModifiedTime(tmp.resolve("build/point.nt")), "triplify ran again");
        assertEquals(List.of("run"), Files.readAllLines(tmp.resolve("count.runs")), "count ran again");
        assertEquals(List.of("run", "run"), Files.readAllLines(tmp.resolve("slow.runs")));
        assertEquals("6", Files.readString(tmp.resolve("build/slow.txt")).trim());

        Run status = run(floe("pipeline", "status", "--store", store), 120);
        assertEquals(0, status.exitCode(), status.output());
        assertTrue(status.output().startsWith("resume\t"), status.output());
        assertTrue(status.output().contains("  slow\tattempt 1\tsuccess\t"), status.output());
        // the killed run, recorded by the rerun: the two steps that had ended
        List<String> lines = status.output().lines().toList();
        int killed = lines.indexOf(lines.stream().filter(l -> l.contains("\tinterrupted\t")).findFirst().orElseThrow());
        assertEquals(List.of("  rdf", "  count"), lines.subList(killed + 1, killed + 3).stream().map(l -> l.split("\t")[0]).toList());
        assertEquals(killed + 3, lines.size(), status.output());
    }
}
