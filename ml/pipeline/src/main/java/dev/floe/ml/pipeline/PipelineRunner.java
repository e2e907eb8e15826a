package dev.floe.ml.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs a pipeline as a DAG: a step starts when its trigger rule fires, steps that do not wait for each other run in
 * parallel (at most the pipeline's {@code parallelism} at once), each process step as a child process in the pipeline
 * file's folder with its output in a log file, tried again after failures as its {@link RetryPolicy} says, and
 * killed with its children when an attempt runs past {@code execution_timeout}. Before a step runs, its
 * {@link CacheKey} is looked up in the {@link RunJournal}: when a completed attempt had the same key and its outputs
 * still exist, the step is not run again ({@link StepState#CACHED}).
 *
 * <p>The clock and the sleeper are injected, so that tests check the backoff delays and sensor timeouts exactly.
 * One runner runs one pipeline at a time.
 */
public final class PipelineRunner {

    /** Which steps a run runs: all, one and its downstream steps ({@code --from}), or one alone ({@code --only}). */
    public record Selection(String from, String only) {

        /** Every step, with the cache. */
        public static final Selection ALL = new Selection(null, null);

        /** The steps that run, in the file's order; the others are taken from the journal. */
        Set<String> steps(PipelineSpec spec) {
            if (only != null) {
                spec.step(only);
                return Set.of(only);
            }
            if (from != null) {
                return spec.withDownstream(from);
            }
            return spec.steps().keySet();
        }

        /** Whether the selected steps run even when the cache has them (they were named to run again). */
        boolean forced() {
            return from != null || only != null;
        }
    }

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path stateDirectory;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RunListener listener;

    /**
     * A runner keeping each pipeline's journal and step logs under {@code stateDirectory/NAME/}.
     */
    public PipelineRunner(Path stateDirectory, Clock clock, Sleeper sleeper, RunListener listener) {
        this.stateDirectory = stateDirectory;
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    /**
     * The runs of {@code spec} whose runner was killed before they were recorded ({@link #recorded} was not called),
     * oldest first: {@code interrupted}, with the steps that had ended.
     */
    public List<RunResult> interrupted(PipelineSpec spec) {
        return RunLog.left(runs(spec), spec);
    }

    /** Forgets the run log of {@code result} once it is recorded in the store. */
    public void recorded(RunResult result) {
        RunLog.remove(runs(result.pipeline()), result.runId());
    }

    private Path runs(PipelineSpec spec) {
        return directory(spec.name()).resolve("runs");
    }

    /** The folder of {@code pipeline}'s journal and logs. */
    public Path directory(String pipeline) {
        return stateDirectory.resolve(pipeline);
    }

    /** Runs {@code spec}'s selected steps and returns how each ended; interrupted, it kills the steps in flight. */
    public RunResult run(PipelineSpec spec, Selection selection) throws InterruptedException {
        Path lockFile = directory(spec.name()).resolve("run.lock");
        try {
            Files.createDirectories(lockFile.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + lockFile.getParent(), e);
        }
        // one runner per pipeline and state folder: two would both write its journal and run its steps twice; the
        // operating system releases the lock of a runner that was killed
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(lockFile,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new PipelineException(spec.file() + ": pipeline " + spec.name() + " is running already (" + lockFile + ")");
            }
            try {
                return runLocked(spec, selection);
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile, e);
        }
    }

    private RunResult runLocked(PipelineSpec spec, Selection selection) throws InterruptedException {
        Instant started = clock.instant();
        String runId = RUN_ID.format(started) + "-" + UUID.randomUUID().toString().substring(0, 8);
        RunJournal journal = RunJournal.open(directory(spec.name()).resolve("journal.json"));
        Set<String> selected = selection.steps(spec);
        Map<String, StepOutcome> outcomes = new LinkedHashMap<>();
        Map<String, StepState> ended = new LinkedHashMap<>();
        // steps left out of the selection that selected steps wait for: their outputs must come from an earlier run
        for (String id : selected) {
            for (String up : ancestors(spec, id)) {
                if (!selected.contains(up) && !ended.containsKey(up)) {
                    StepSpec step = spec.steps().get(up);
                    Optional<RunJournal.Entry> entry = journal.entry(up).filter(RunJournal.Entry::outputsExist);
                    if (entry.isEmpty()) {
                        throw new PipelineException(spec.file() + ": line " + step.line() + ": step " + up + ": step "
                                + id + " needs its outputs, which no completed run left; run it first");
                    }
                    ended.put(up, StepState.CACHED);
                }
            }
        }
        Path logs = directory(spec.name()).resolve("logs").resolve(runId);
        RunLog runLog = new RunLog(runs(spec), runId, started);
        ExecutorService pool = Executors.newFixedThreadPool(spec.parallelism(), r -> {
            Thread t = new Thread(r, "pipeline-" + spec.name());
            t.setDaemon(true);
            return t;
        });
        CompletionService<StepOutcome> done = new ExecutorCompletionService<>(pool);
        Set<String> pending = new LinkedHashSet<>(selected);
        int running = 0;
        try {
            while (!pending.isEmpty() || running > 0) {
                boolean changed = true;
                while (changed) {
                    changed = false;
                    for (String id : List.copyOf(pending)) {
                        StepSpec step = spec.steps().get(id);
                        List<String> ups = spec.upstream().get(id);
                        List<StepState> upStates = ups.stream().filter(ended::containsKey).map(ended::get).toList();
                        TriggerRule.Decision decision = step.triggerRule().decide(ups.size(), upStates);
                        if (decision == TriggerRule.Decision.WAIT) {
                            continue;
                        }
                        pending.remove(id);
                        if (decision == TriggerRule.Decision.RUN) {
                            boolean forced = selection.forced();
                            done.submit(() -> execute(spec, step, journal, logs, runId, forced));
                            running++;
                        } else {
                            StepState state = decision == TriggerRule.Decision.SKIP ? StepState.SKIPPED : StepState.UPSTREAM_FAILED;
                            StepOutcome outcome = new StepOutcome(id, state, List.of(), null, clock.instant());
                            ended.put(id, state);
                            outcomes.put(id, outcome);
                            runLog.add(outcome);
                            listener.ended(outcome);
                            changed = true;
                        }
                    }
                }
                if (running == 0) {
                    break; // cannot happen in an acyclic graph: every waiting rule decides once its upstream ended
                }
                StepOutcome outcome = done.take().get();
                running--;
                ended.put(outcome.step(), outcome.state());
                outcomes.put(outcome.step(), outcome);
                runLog.add(outcome);
                listener.ended(outcome);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        Map<String, StepOutcome> ordered = new LinkedHashMap<>();
        for (String id : spec.steps().keySet()) {
            if (outcomes.containsKey(id)) {
                ordered.put(id, outcomes.get(id));
            }
        }
        return new RunResult(runId, spec, started, clock.instant(), ordered, false);
    }

    private static Set<String> ancestors(PipelineSpec spec, String id) {
        Set<String> found = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(spec.upstream().get(id));
        while (!todo.isEmpty()) {
            String up = todo.remove(todo.size() - 1);
            if (found.add(up)) {
                todo.addAll(spec.upstream().get(up));
            }
        }
        return found;
    }

    private StepOutcome execute(PipelineSpec spec, StepSpec step, RunJournal journal, Path logs, String runId,
                                boolean forced) throws InterruptedException, IOException {
        if (step.kind() instanceof SensorKind sensor) {
            return sense(spec, step, sensor, journal, runId);
        }
        String key = CacheKey.of(spec, step);
        Optional<RunJournal.Entry> cached = journal.entry(step.id())
                .filter(e -> e.cacheKey().equals(key) && e.outputsExist());
        if (cached.isPresent() && !forced) {
            return new StepOutcome(step.id(), StepState.CACHED, List.of(), key, clock.instant());
        }
        ProcessKind kind = (ProcessKind) step.kind();
        RetryPolicy retry = step.retry();
        List<Attempt> attempts = new ArrayList<>();
        for (int n = 1; n <= retry.attempts(); n++) {
            if (n > 1) {
                Duration delay = retry.delayBefore(n);
                listener.retrying(step.id(), attempts.get(attempts.size() - 1), n, retry.attempts(), delay);
                sleeper.sleep(delay);
            }
            listener.started(step.id(), n, retry.attempts());
            Attempt attempt = attempt(spec, step, kind, n, logs);
            attempts.add(attempt);
            if (attempt.state() == StepState.SUCCESS) {
                List<Path> outputs = step.outputs().stream().map(spec::resolve).toList();
                journal.record(step.id(), new RunJournal.Entry(key, outputs, attempt.ended(), runId, Set.of()));
                return new StepOutcome(step.id(), StepState.SUCCESS, attempts, key, attempt.ended());
            }
        }
        return new StepOutcome(step.id(), StepState.FAILED, attempts, key, attempts.get(attempts.size() - 1).ended());
    }

    private Attempt attempt(PipelineSpec spec, StepSpec step, ProcessKind kind, int number, Path logs)
            throws InterruptedException, IOException {
        List<String> command = new ArrayList<>(kind.program());
        for (String argument : kind.arguments(step)) {
            command.add(StepValues.replace(argument, path -> StepValues.firstWord(spec.resolve(path))));
        }
        Files.createDirectories(logs);
        Path log = logs.resolve(step.id() + "." + number + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(spec.directory().toFile());
        if (step.stdout() == null) {
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
        } else {
            // into a sibling first, renamed once the step succeeded: a failed attempt leaves no half output
            builder.redirectOutput(partial(spec, step).toFile()).redirectError(log.toFile());
        }
        builder.environment().putIfAbsent("OMP_NUM_THREADS", "1");
        for (String output : step.outputs()) {
            Path parent = spec.resolve(output).getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        }
        Instant start = clock.instant();
        Process process = builder.start();
        try {
            Duration timeout = step.retry().executionTimeout();
            boolean exited = timeout == null ? waitFor(process) : process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                kill(process);
                return new Attempt(number, start, clock.instant(), StepState.FAILED, null,
                        "timed out after " + seconds(timeout) + " (execution_timeout); killed");
            }
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        int exit = process.exitValue();
        Instant end = clock.instant();
        if (step.stdout() != null) {
            if (exit == 0) {
                Files.move(partial(spec, step), spec.resolve(step.stdout()), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(partial(spec, step));
            }
        }
        if (exit != 0) {
            return new Attempt(number, start, end, StepState.FAILED, exit, "exit code " + exit + tail(log));
        }
        for (String output : step.outputs()) {
            if (!Files.exists(spec.resolve(output))) {
                return new Attempt(number, start, end, StepState.FAILED, exit, "exited 0 but did not write its output " + output);
            }
        }
        return new Attempt(number, start, end, StepState.SUCCESS, exit, "");
    }

    private static Path partial(PipelineSpec spec, StepSpec step) {
        Path target = spec.resolve(step.stdout());
        return target.resolveSibling(target.getFileName() + ".partial");
    }

    private static boolean waitFor(Process process) throws InterruptedException {
        process.waitFor();
        return true;
    }

    /** Kills the process and every process it started (a floe command's JVM, a shell's children). */
    private static void kill(Process process) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private StepOutcome sense(PipelineSpec spec, StepSpec step, SensorKind sensor, RunJournal journal, String runId)
            throws InterruptedException, IOException {
        Path watched = spec.resolve(String.valueOf(step.parameters().get(sensor.watchedParameter())));
        Duration poke = durationParameter(step, SensorKind.POKE_INTERVAL, SensorKind.DEFAULT_POKE_INTERVAL);
        Duration timeout = durationParameter(step, SensorKind.TIMEOUT, SensorKind.DEFAULT_TIMEOUT);
        Set<String> memory = journal.entry(step.id()).map(RunJournal.Entry::memory).orElse(Set.of());
        listener.started(step.id(), 1, 1);
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        while (true) {
            SensorKind.Poke look = sensor.poke(watched, memory);
            Instant now = clock.instant();
            if (look.fired()) {
                journal.record(step.id(), new RunJournal.Entry("", List.of(), now, runId, look.memory()));
                return new StepOutcome(step.id(), StepState.SUCCESS,
                        List.of(new Attempt(1, start, now, StepState.SUCCESS, null, "")), null, now);
            }
            if (!now.isBefore(deadline)) {
                boolean soft = Boolean.TRUE.equals(step.parameters().get(SensorKind.SOFT_FAIL));
                StepState state = soft ? StepState.SKIPPED : StepState.FAILED;
                return new StepOutcome(step.id(), state, List.of(new Attempt(1, start, now, state, null, "sensor timed out after " + seconds(timeout) + " waiting for " + watched
                        + (soft ? " (soft_fail: skipped)" : ""))), null, now);
            }
            Duration left = Duration.between(now, deadline);
            sleeper.sleep(left.compareTo(poke) < 0 ? left : poke);
        }
    }

    private static Duration durationParameter(StepSpec step, String name, Duration fallback) {
        Object value = step.parameters().get(name);
        return value == null ? fallback : PipelineParser.duration(String.valueOf(value));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - 3), lines.size());
            return last.isEmpty() ? "" : ": " + String.join(" | ", last);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }
}
