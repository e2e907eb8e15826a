package dev.floe.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.floe.ml.pipeline.PipelineRuns;
import dev.floe.store.GeoStore;
import dev.floe.store.sparql.RemoteEndpoint;
import dev.floe.store.sparql.RemoteEndpointException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe pipeline status}: the last runs recorded in the store, newest first, with each step's attempts. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the last pipeline runs recorded in the store, newest first.")
final class PipelineStatusCommand implements Callable<Integer> {

    @ParentCommand
    PipelineCommand parent;

    @Option(names = "--store", defaultValue = "floe-data", description = "store directory (default: ${DEFAULT-VALUE})")
    Path store;

    @Option(names = "--last", defaultValue = "5", paramLabel = "N", description = "how many runs (default: ${DEFAULT-VALUE})")
    int last;

    @Mixin
    ServerAccess access;

    @Override
    public Integer call() {
        if (last < 1) {
            throw new UsageException("--last must be at least 1: " + last);
        }
        PrintStream out = parent.floe.out();
        ServerRecord served = Stores.server(store);
        List<PipelineRuns.Run> runs;
        if (served != null) {
            // a running server holds the store: the same queries through its /sparql
            RemoteEndpoint endpoint = access.endpoint(served.sparql(), java.time.Duration.ofSeconds(60));
            try {
                runs = PipelineRuns.last(endpoint::select, last);
            } catch (RemoteEndpointException e) {
                throw access.failure(e);
            }
        } else {
            try (GeoStore geoStore = GeoStore.open(store)) {
                runs = PipelineRuns.last(geoStore, last);
            }
        }
        if (runs.isEmpty()) {
            out.println("no pipeline runs recorded in " + store);
        }
        for (PipelineRuns.Run run : runs) {
            out.printf(Locale.ROOT, "%s\t%s\t%s\tstarted %s\t%.1f s%n", run.pipeline(), run.iri().substring(run.iri().lastIndexOf('/') + 1),
                    run.status(), run.started(), run.duration().toMillis() / 1000.0);
            for (PipelineRuns.StepRecord step : run.steps()) {
                String took = step.attempt() == 0 ? ""
                        : String.format(Locale.ROOT, "\t%.1f s", java.time.Duration.between(step.started(), step.ended()).toMillis() / 1000.0);
                out.printf(Locale.ROOT, "  %s\t%s\t%s%s%n", step.step(), step.attempt() == 0 ? "-" : "attempt " + step.attempt(),
                        step.status(), took);
            }
        }
        return 0;
    }
}
