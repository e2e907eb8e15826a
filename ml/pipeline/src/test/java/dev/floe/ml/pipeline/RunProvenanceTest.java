package dev.floe.ml.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.store.GeoStore;

class RunProvenanceTest {

    @TempDir
    Path dir;

    private final FakeTime time = new FakeTime();

    @Test
    void aRunIsRecordedAsProvActivitiesAndStatusReadsTheLastRunsBack() throws Exception {
        Files.writeString(dir.resolve("in.txt"), "x\n");
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                pipeline: demo
                steps:
                  copy:
                    kind: shell
                    with: {script: "n=$(cat count 2>/dev/null || echo 0); echo $((n+1)) > count; [ $n -ge 1 ] && cp in.txt mid.txt"}
                    inputs: [in.txt]
                    outputs: [mid.txt]
                    retries: 1
                    retry_delay: 5s
                  upper:
                    kind: shell
                    with: {script: "tr a-z A-Z < mid.txt > out.txt"}
                    inputs: [mid.txt]
                    outputs: [out.txt]
                """);
        PipelineSpec spec = new PipelineParser(StepKinds.builtIn()).parse(file);
        PipelineRunner runner = new PipelineRunner(dir.resolve("state"), time, time, RunListener.NONE);
        try (GeoStore store = GeoStore.open(dir.resolve("store"))) {
            RunResult first = runner.run(spec, PipelineRunner.Selection.ALL);
            RunProvenance.record(store, first);
            time.sleep(java.time.Duration.ofMinutes(1));
            RunResult second = runner.run(spec, PipelineRunner.Selection.ALL);
            RunProvenance.record(store, second);

            List<PipelineRuns.Run> runs = PipelineRuns.last(store, 10);
            assertEquals(List.of(RunProvenance.runIri("demo", second.runId()), RunProvenance.runIri("demo", first.runId())),
                    runs.stream().map(PipelineRuns.Run::iri).toList());
            assertEquals(List.of("copy 0 cached", "upper 0 cached"), steps(runs.get(0)));
            assertEquals(java.time.Duration.ZERO, runs.get(0).duration());
            assertEquals(List.of("copy 1 failed", "copy 2 success", "upper 1 success"), steps(runs.get(1)));
            assertEquals("success", runs.get(1).status());
            assertEquals(java.time.Duration.ofSeconds(5), runs.get(1).duration());

            // the second attempt of copy used in.txt and generated mid.txt, which upper used; upper was informed by it
            String ask = """
                    PREFIX prov: <http://www.w3.org/ns/prov#>
                    PREFIX floe: <https://w3id.org/floe/ontology#>
                    ASK { GRAPH <%s> {
                      ?run prov:qualifiedAssociation/prov:hadPlan ?plan . ?plan a prov:Plan ; floe:pipelineName "demo" .
                      ?copy floe:partOfRun ?run ; floe:pipelineStep "copy" ; floe:attemptNumber 2 ;
                            prov:used <%s> ; prov:generated <%s> ; prov:startedAtTime ?s ; prov:endedAtTime ?e .
                      ?upper floe:partOfRun ?run ; floe:pipelineStep "upper" ; prov:wasInformedBy ?copy ; prov:used <%s> .
                      FILTER (?run = <%s>)
                    } }""".formatted(RunProvenance.GRAPH, dir.resolve("in.txt").toUri(), dir.resolve("mid.txt").toUri(),
                    dir.resolve("mid.txt").toUri(), RunProvenance.runIri("demo", first.runId()));
            boolean found = Txn.calculateRead(store.dataset(), () -> {
                try (QueryExecution exec = QueryExecution.dataset(store.dataset()).query(ask).build()) {
                    return exec.execAsk();
                }
            });
            assertEquals(true, found);
        }
    }

    private static List<String> steps(PipelineRuns.Run run) {
        List<String> steps = new ArrayList<>();
        run.steps().forEach(s -> steps.add(s.step() + " " + s.attempt() + " " + s.status()));
        return steps;
    }
}
