package dev.floe.ml.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineRunnerTest {

    @TempDir
    Path dir;

    private final FakeTime time = new FakeTime();
    private final PipelineParser parser = new PipelineParser(StepKinds.builtIn());

    private PipelineSpec spec(String yaml) throws IOException {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, yaml);
        return parser.parse(file);
    }

    private PipelineRunner runner() {
        return new PipelineRunner(dir.resolve("state"), time, time, RunListener.NONE);
    }

    private static Map<String, StepState> states(RunResult result) {
        Map<String, StepState> states = new LinkedHashMap<>();
        result.steps().forEach((id, outcome) -> states.put(id, outcome.state()));
        return states;
    }

    /** A shell script that counts its runs in {@code file} and fails until the {@code n}th. */
    private static String failUntil(String file, int n) {
        return "n=$(cat " + file + " 2>/dev/null || echo 0); n=$((n+1)); echo $n > " + file + "; [ $n -ge " + n + " ]";
    }

    @Test
    void aStepThatFailsTwiceSucceedsOnItsThirdAttemptAfterTheBackoffDelays() throws Exception {
        PipelineSpec spec = spec("""
                pipeline: p
                steps:
                  flaky:
                    kind: shell
                    with: {script: "%s"}
                    retries: 3
                    retry_delay: 10s
                    retry_exponential_backoff: true
                    max_retry_delay: 15s
                """.formatted(failUntil("count", 3)));
        RunResult result = runner().run(spec, PipelineRunner.Selection.ALL);
        StepOutcome flaky = result.steps().get("flaky");
        assertEquals(StepState.SUCCESS, flaky.state());
        assertEquals(List.of(StepState.FAILED, StepState.FAILED, StepState.SUCCESS),
                flaky.attempts().stream().map(Attempt::state).toList());
        assertEquals(List.of(1, 1, 0), flaky.attempts().stream().map(Attempt::exitCode).toList());
        // 10 s, then 20 s capped at 15 s
        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(15)), time.sleeps());
        assertEquals("3", Files.readString(dir.resolve("count")).trim());
    }

    @Test
    void exponentialBackoffDoublesTheDelayUntilTheCap() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(3), true, Duration.ofSeconds(20), null);
        assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(6), Duration.ofSeconds(12), Duration.ofSeconds(20), Duration.ofSeconds(20)),
                List.of(policy.delayBefore(2), policy.delayBefore(3), policy.delayBefore(4), policy.delayBefore(5), policy.delayBefore(6)));
        assertEquals(Duration.ofSeconds(3), new RetryPolicy(3, Duration.ofSeconds(3), false, null, null).delayBefore(4));
    }

    @Test
    void aStepPastItsExecutionTimeoutIsKilledWithItsChildren() throws Exception {
        PipelineSpec spec = spec("""
                pipeline: p
                steps:
                  slow:
                    kind: shell
                    with: {script: "sleep 60 & echo $! > child.pid; wait; touch finished"}
                    execution_timeout: 1s
                """);
        long start = System.nanoTime();
        RunResult result = runner().run(spec, PipelineRunner.Selection.ALL);
        double seconds = (System.nanoTime() - start) / 1e9;
        StepOutcome slow = result.steps().get("slow");
        assertEquals(StepState.FAILED, slow.state());
        assertEquals("timed out after 1 s (execution_timeout); killed", slow.message());
        assertTrue(seconds < 20, "took " + seconds + " s");
        long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).trim());
        for (int i = 0; i < 50 && ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100); // the kill is asynchronous: the process ends a moment later
        }
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the step's child still runs");
        assertFalse(Files.exists(dir.resolve("finished")));
        assertFalse(result.succeeded());
    }

    @Test
    void triggerRulesDecideWhichStepsRunAfterAFailure() throws Exception {
        PipelineSpec spec = spec("""
                pipeline: p
                steps:
                  ok: {kind: shell, with: {script: "true"}}
                  bad: {kind: shell, with: {script: "exit 3"}}
                  after_success: {kind: shell, with: {script: "true"}, depends_on: [ok, bad]}
                  after_failure: {kind: shell, with: {script: "true"}, depends_on: [bad], trigger_rule: all_failed}
                  only_ok_failed: {kind: shell, with: {script: "true"}, depends_on: [ok], trigger_rule: all_failed}
                  after_skip: {kind: shell, with: {script: "true"}, depends_on: [only_ok_failed]}
                  none_failed: {kind: shell, with: {script: "true"}, depends_on: [ok, only_ok_failed], trigger_rule: none_failed}
                  min_one: {kind: shell, with: {script: "true"}, depends_on: [only_ok_failed], trigger_rule: none_failed_min_one_success}
                  one_failed: {kind: shell, with: {script: "true"}, depends_on: [ok, bad], trigger_rule: one_failed}
                  one_success: {kind: shell, with: {script: "true"}, depends_on: [ok, bad], trigger_rule: one_success}
                  done: {kind: shell, with: {script: "true"}, depends_on: [after_success, bad], trigger_rule: all_done}
                  always: {kind: shell, with: {script: "true"}, depends_on: [bad], trigger_rule: always}
                  downstream_of_failure: {kind: shell, with: {script: "true"}, depends_on: [after_success], trigger_rule: none_failed}
                """);
        RunResult result = runner().run(spec, PipelineRunner.Selection.ALL);
        Map<String, StepState> expected = new LinkedHashMap<>();
        expected.put("ok", StepState.SUCCESS);
        expected.put("bad", StepState.FAILED);
        expected.put("after_success", StepState.UPSTREAM_FAILED);
        expected.put("after_failure", StepState.SUCCESS);
        expected.put("only_ok_failed", StepState.SKIPPED);
        expected.put("after_skip", StepState.SKIPPED);
        expected.put("none_failed", StepState.SUCCESS);
        expected.put("min_one", StepState.SKIPPED);
        expected.put("one_failed", StepState.SUCCESS);
        expected.put("one_success", StepState.SUCCESS);
        expected.put("done", StepState.SUCCESS);
        expected.put("always", StepState.SUCCESS);
        expected.put("downstream_of_failure", StepState.UPSTREAM_FAILED);
        assertEquals(expected, states(result));
        assertEquals("exit code 3", result.steps().get("bad").message());
        assertEquals(List.of(), time.sleeps(), "no retries, no waits");
    }

    @Test
    void independentStepsRunInParallel() throws Exception {
        String waitFor = "touch %1$s.started; i=0; while [ ! -f %2$s.started ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; [ -f %2$s.started ]";
        PipelineSpec spec = spec("""
                pipeline: p
                parallelism: 2
                steps:
                  a: {kind: shell, with: {script: "%s"}}
                  b: {kind: shell, with: {script: "%s"}}
                """.formatted(waitFor.formatted("a", "b"), waitFor.formatted("b", "a")));
        RunResult result = runner().run(spec, PipelineRunner.Selection.ALL);
        assertEquals(Map.of("a", StepState.SUCCESS, "b", StepState.SUCCESS), states(result));
    }

    private static final String CHAIN = """
            pipeline: p
            steps:
              first:
                kind: shell
                with: {script: "echo run >> first.runs; cp in.txt mid.txt"}
                inputs: [in.txt]
                outputs: [mid.txt]
              second:
                kind: shell
                with: {script: "echo run >> second.runs; %s; cp mid.txt out.txt"}
                inputs: [mid.txt]
                outputs: [out.txt]
            """;

    @Test
    void aCompletedStepWithTheSameInputsComesFromTheCacheUntilAnInputChanges() throws Exception {
        Files.writeString(dir.resolve("in.txt"), "one\n");
        PipelineSpec spec = spec(CHAIN.formatted("true"));
        assertEquals(Map.of("first", StepState.SUCCESS, "second", StepState.SUCCESS), states(runner().run(spec, PipelineRunner.Selection.ALL)));
        assertEquals(Map.of("first", StepState.CACHED, "second", StepState.CACHED), states(runner().run(spec, PipelineRunner.Selection.ALL)));
        Files.writeString(dir.resolve("in.txt"), "two\n");
        assertEquals(Map.of("first", StepState.SUCCESS, "second", StepState.SUCCESS), states(runner().run(spec, PipelineRunner.Selection.ALL)));
        assertEquals("two\n", Files.readString(dir.resolve("out.txt")));
        Files.delete(dir.resolve("out.txt"));
        assertEquals(Map.of("first", StepState.CACHED, "second", StepState.SUCCESS), states(runner().run(spec, PipelineRunner.Selection.ALL)));
        assertEquals(List.of("run", "run"), Files.readAllLines(dir.resolve("first.runs")));
        assertEquals(List.of("run", "run", "run"), Files.readAllLines(dir.resolve("second.runs")));
    }

    @Test
    void fromAndOnlyRunTheNamedStepsAgainAndTakeTheirUpstreamFromTheJournal() throws Exception {
        Files.writeString(dir.resolve("in.txt"), "one\n");
        PipelineSpec spec = spec(CHAIN.formatted("true"));
        PipelineException never = org.junit.jupiter.api.Assertions.assertThrows(PipelineException.class,
                () -> runner().run(spec, new PipelineRunner.Selection(null, "second")));
        assertEquals(dir.resolve("p.yaml") + ": line 3: step first: step second needs its outputs, which no completed run left; run it first",
                never.getMessage());
        runner().run(spec, PipelineRunner.Selection.ALL);
        assertEquals(Map.of("second", StepState.SUCCESS), states(runner().run(spec, new PipelineRunner.Selection(null, "second"))));
        assertEquals(Map.of("first", StepState.SUCCESS, "second", StepState.SUCCESS), states(runner().run(spec, new PipelineRunner.Selection("first", null))));
        assertEquals(2, Files.readAllLines(dir.resolve("first.runs")).size());
        assertEquals(3, Files.readAllLines(dir.resolve("second.runs")).size());
    }

    @Test
    void aRerunAfterTheRunnerDiedMidStepResumesFromTheJournal() throws Exception {
        Files.writeString(dir.resolve("in.txt"), "one\n");
        // the second step hangs until the runner is stopped, as if the machine had died under it
        PipelineSpec hanging = spec(CHAIN.formatted("touch second.started; sleep 60"));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread run = new Thread(() -> {
            try {
                runner().run(hanging, PipelineRunner.Selection.ALL);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        run.start();
        for (int i = 0; i < 300 && !Files.exists(dir.resolve("second.started")); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(dir.resolve("second.started")));
        run.interrupt();
        run.join(30_000);
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        assertFalse(Files.exists(dir.resolve("out.txt")));
        List<RunResult> interrupted = runner().interrupted(hanging);
        assertEquals(1, interrupted.size());
        assertEquals("interrupted", interrupted.get(0).status());
        assertEquals(Map.of("first", StepState.SUCCESS), states(interrupted.get(0)));
        runner().recorded(interrupted.get(0));
        assertEquals(List.of(), runner().interrupted(hanging));

        PipelineSpec fixed = spec(CHAIN.formatted("true"));
        RunResult rerun = runner().run(fixed, PipelineRunner.Selection.ALL);
        // the second step's script changed, so it would rerun anyway; the first comes from the journal
        assertEquals(Map.of("first", StepState.CACHED, "second", StepState.SUCCESS), states(rerun));
        assertEquals(List.of("run"), Files.readAllLines(dir.resolve("first.runs")));
        assertEquals(List.of("run", "run"), Files.readAllLines(dir.resolve("second.runs")));
    }

    @Test
    void aFileSensorWaitsForItsFileAndDownstreamStepsWaitForTheSensor() throws Exception {
        PipelineSpec spec = spec("""
                pipeline: p
                steps:
                  arrived:
                    kind: file_sensor
                    with: {path: drop/in.txt, poke_interval: 10s, timeout: 5m}
                  use:
                    kind: shell
                    with: {script: "cp drop/in.txt out.txt"}
                    inputs: [drop/in.txt]
                    outputs: [out.txt]
                """);
        time.onSleep(() -> {
            if (time.sleeps().size() == 3) {
                try {
                    Files.createDirectories(dir.resolve("drop"));
                    Files.writeString(dir.resolve("drop/in.txt"), "hello\n");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        RunResult result = runner().run(spec, PipelineRunner.Selection.ALL);
        assertEquals(Map.of("arrived", StepState.SUCCESS, "use", StepState.SUCCESS), states(result));
        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10)), time.sleeps());
        assertEquals("hello\n", Files.readString(dir.resolve("out.txt")));
    }

    @Test
    void aSensorFailsAtItsOwnTimeoutWithoutRetries() throws Exception {
        PipelineSpec spec = spec("""
                pipeline: p
                steps:
                  never:
                    kind: file_sensor
                    with: {path: nothing.txt, poke_interval: 10s, timeout: 35s}
                    retries: 3
                """);
        RunResult result = runner().run(spec, PipelineRunner.Selection.ALL);
        StepOutcome never = result.steps().get("never");
        assertEquals(StepState.FAILED, never.state());
        assertEquals(1, never.attempts().size());
        assertEquals(Duration.ofSeconds(35), never.attempts().get(0).duration());
        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5)), time.sleeps());
        assertEquals("sensor timed out after 35 s waiting for " + dir.resolve("nothing.txt"), never.message());
    }

    @Test
    void aStacSensorFiresOnAnItemItHasNotSeenBefore() throws Exception {
        Path catalog = dir.resolve("catalog");
        Files.createDirectories(catalog.resolve("a"));
        Files.writeString(catalog.resolve("catalog.json"), "{\"type\":\"Catalog\",\"stac_version\":\"1.0.0\",\"id\":\"c\"}");
        Files.writeString(catalog.resolve("a/a.json"), "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"a\"}");
        PipelineSpec spec = spec("""
                pipeline: p
                steps:
                  new_item:
                    kind: stac_sensor
                    with: {catalog: catalog, poke_interval: 1m, timeout: 3m}
                """);
        assertEquals(Map.of("new_item", StepState.SUCCESS), states(runner().run(spec, PipelineRunner.Selection.ALL)));
        assertEquals(List.of(), time.sleeps());
        assertEquals(Map.of("new_item", StepState.FAILED), states(runner().run(spec, PipelineRunner.Selection.ALL)));
        assertEquals(3, time.sleeps().size());
        Files.createDirectories(catalog.resolve("b"));
        Files.writeString(catalog.resolve("b/b.json"), "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"b\"}");
        assertEquals(Map.of("new_item", StepState.SUCCESS), states(runner().run(spec, PipelineRunner.Selection.ALL)));
        assertEquals(3, time.sleeps().size());
    }

    @Test
    void aSoftFailingSensorIsSkippedAtItsTimeoutAndSoAreTheStepsAfterIt() throws Exception {
        PipelineSpec spec = spec("""
                pipeline: p
                steps:
                  logs:
                    kind: file_sensor
                    with: {path: logs, poke_interval: 5s, timeout: 10s, soft_fail: true}
                  monitor:
                    kind: shell
                    with: {script: "ls logs > seen.txt"}
                    inputs: [logs]
                    outputs: [seen.txt]
                  report:
                    kind: shell
                    with: {script: "touch report.txt"}
                    depends_on: [monitor]
                    trigger_rule: all_done
                """);
        RunResult result = runner().run(spec, PipelineRunner.Selection.ALL);
        assertEquals(Map.of("logs", StepState.SKIPPED, "monitor", StepState.SKIPPED, "report", StepState.SUCCESS), states(result));
        assertTrue(result.succeeded());
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(5)), time.sleeps());
    }

    @Test
    void aSecondRunnerOfThePipelineIsRefusedWhileTheFirstRuns() throws Exception {
        PipelineSpec spec = spec("pipeline: p\nsteps:\n  a: {kind: shell, with: {script: \"echo run >> a.runs\"}}\n");
        Path lockFile = dir.resolve("state/p/run.lock");
        Files.createDirectories(lockFile.getParent());
        try (var channel = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE); var lock = channel.lock()) {
            PipelineException refused = org.junit.jupiter.api.Assertions.assertThrows(PipelineException.class,
                    () -> runner().run(spec, PipelineRunner.Selection.ALL));
            assertEquals(dir.resolve("p.yaml") + ": pipeline p is running already (" + lockFile + ")", refused.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("a.runs")));
        assertEquals(Map.of("a", StepState.SUCCESS), states(runner().run(spec, PipelineRunner.Selection.ALL)));
    }
}
