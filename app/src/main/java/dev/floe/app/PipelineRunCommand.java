package dev.floe.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.floe.ml.pipeline.Attempt;
import dev.floe.ml.pipeline.PipelineException;
import dev.floe.ml.pipeline.PipelineParser;
import dev.floe.ml.pipeline.PipelineRunner;
import dev.floe.ml.pipeline.PipelineSpec;
import dev.floe.ml.pipeline.RunListener;
import dev.floe.ml.pipeline.RunProvenance;
import dev.floe.ml.pipeline.RunResult;
import dev.floe.ml.pipeline.Sleeper;
import dev.floe.ml.pipeline.StepOutcome;
import dev.floe.store.GeoStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code floe pipeline run FILE}: checks the whole file, runs its steps (progress per step on stderr), and records the
 * run as PROV-O in {@code --store}, whose {@code pipelines/NAME/} folder also keeps the journal and the step logs; a
 * run whose runner was killed is recorded by the next, as interrupted.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a pipeline file: steps without a dependency between them in parallel, completed steps from the cache.")
final class PipelineRunCommand implements Callable<Integer> {

    @ParentCommand
    PipelineCommand parent;

    @Parameters(index = "0", paramLabel = "FILE", description = "the pipeline file (YAML)")
    Path file;

    @Option(names = "--from", paramLabel = "STEP", description = "run this step and every step after it again, the steps before it from the cache")
    String from;

    @Option(names = "--only", paramLabel = "STEP", description = "run only this step again, the steps before it from the cache")
    String only;

    @Option(names = "--store", defaultValue = "floe-data", description = "store to record the run in; its pipelines/ folder keeps the journal and logs (default: ${DEFAULT-VALUE})")
    Path store;

    @Option(names = "--quiet", description = "no progress on stderr")
    boolean quiet;

    @Override
    public Integer call() throws InterruptedException {
        if (from != null && only != null) {
            throw new UsageException("--from and --only exclude each other");
        }
        PrintStream err = parent.floe.err();
        PipelineSpec spec = new PipelineParser(PipelineSteps.kinds()).parse(file);
        PipelineRunner runner = new PipelineRunner(store.resolve("pipelines"), Clock.systemUTC(), Sleeper.REAL,
                quiet ? RunListener.NONE : new Progress(err, spec.name()));
        // runs whose runner was killed before it recorded them: recorded with this one, as interrupted
        List<RunResult> interrupted = runner.interrupted(spec);
        // Ctrl-C or a SIGTERM ends the steps in flight with the runner, instead of leaving them running as orphans
        Thread stopSteps = new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly));
        Runtime.getRuntime().addShutdownHook(stopSteps);
        RunResult result;
        try {
            result = runner.run(spec, new PipelineRunner.Selection(from, only));
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopSteps);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
        }
        // the store is opened only now: steps (load, predict --load, train) open it themselves while the run goes on
        try (GeoStore geoStore = Stores.openOrCreate(store, null)) {
            for (RunResult run : interrupted) {
                RunProvenance.record(geoStore, run);
                runner.recorded(run);
                if (!quiet) {
                    err.printf(Locale.ROOT, "pipeline %s: recorded the interrupted run %s (%d steps had ended)%n", spec.name(),
                            run.runId(), run.steps().size());
                }
            }
            RunProvenance.record(geoStore, result);
            runner.recorded(result);
        }
        long ran = result.steps().values().stream().filter(o -> o.state() == dev.floe.ml.pipeline.StepState.SUCCESS).count();
        long cached = result.steps().values().stream().filter(o -> o.state() == dev.floe.ml.pipeline.StepState.CACHED).count();
        if (!quiet) {
            err.printf(Locale.ROOT, "pipeline %s: %s in %.1f s (%d ran, %d from the cache); run %s%n", spec.name(), result.status(),
                    Duration.between(result.started(), result.ended()).toMillis() / 1000.0, ran, cached, result.runId());
        }
        if (!result.succeeded()) {
            StringBuilder failed = new StringBuilder();
            result.steps().values().stream().filter(o -> o.state() == dev.floe.ml.pipeline.StepState.FAILED)
                    .forEach(o -> failed.append(failed.length() == 0 ? "" : "; ").append(o.step()).append(": ").append(o.message()));
            throw new PipelineException(file + ": pipeline " + spec.name() + " failed: " + failed
                    + " (logs in " + runner.directory(spec.name()).resolve("logs").resolve(result.runId()) + ")");
        }
        return 0;
    }

    /** One line per step event on stderr. */
    private record Progress(PrintStream err, String pipeline) implements RunListener {

        @Override
        public void started(String step, int attempt, int attempts) {
            err.printf(Locale.ROOT, "pipeline %s: %s started%s%n", pipeline, step, attempts > 1 ? " (attempt " + attempt + " of " + attempts + ")" : "");
        }

        @Override
        public void retrying(String step, Attempt failed, int next, int attempts, Duration delay) {
            err.printf(Locale.ROOT, "pipeline %s: %s attempt %d failed (%s); retrying in %.1f s%n", pipeline, step, failed.number(),
                    failed.message(), delay.toMillis() / 1000.0);
        }

        @Override
        public void ended(StepOutcome outcome) {
            String detail = outcome.attempts().isEmpty() ? ""
                    : String.format(Locale.ROOT, " in %.1f s", outcome.attempts().get(outcome.attempts().size() - 1).duration().toMillis() / 1000.0);
            String why = outcome.state() == dev.floe.ml.pipeline.StepState.FAILED ? ": " + outcome.message() : "";
            err.printf(Locale.ROOT, "pipeline %s: %s %s%s%s%n", pipeline, outcome.step(), outcome.state().label(), detail, why);
        }
    }
}
