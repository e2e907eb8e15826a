package dev.floe.ml.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.query.ResultSetFactory;
import org.apache.jena.system.Txn;

import dev.floe.ontology.Floe;
import dev.floe.ontology.Prov;
import dev.floe.store.GeoStore;

/** The last pipeline runs recorded in a store ({@code floe pipeline status}), read back with SPARQL. */
public final class PipelineRuns {

    /** A recorded run and its steps' attempts, in the order they ended. */
    public record Run(String iri, String pipeline, Instant started, Instant ended, String status, List<StepRecord> steps) {
        public Run {
            steps = List.copyOf(steps);
        }

        /** How long the run took. */
        public Duration duration() {
            return Duration.between(started, ended);
        }
    }

    /** One recorded attempt of a step (attempt 0: taken from the cache or not run, at one instant). */
    public record StepRecord(String step, String kind, int attempt, String status, Instant started, Instant ended) {
    }

    private static final String PREFIXES = "PREFIX floe: <" + Floe.NS + ">\nPREFIX prov: <" + Prov.NS + ">\n";

    private PipelineRuns() {
    }

    /** The last {@code limit} runs, newest first. */
    public static List<Run> last(GeoStore store, int limit) {
        return Txn.calculateRead(store.dataset(), () -> last(query -> {
            try (QueryExecution exec = QueryExecution.dataset(store.dataset()).query(query).build()) {
                return ResultSetFactory.copyResults(exec.execSelect());
            }
        }, limit));
    }

    /**
     * The last {@code limit} runs, newest first, each SELECT answered by {@code select}: the store's own dataset, or the
     * SPARQL endpoint of a server that holds the store.
     */
    public static List<Run> last(Function<Query, ResultSet> select, int limit) {
        List<Run> runs = new ArrayList<>();
        ResultSet rows = select.apply(QueryFactory.create(PREFIXES + """
                SELECT ?run ?name ?start ?end ?status WHERE {
                  GRAPH <%s> {
                    ?run a floe:PipelineRun ; floe:pipelineName ?name ; prov:startedAtTime ?start ;
                         prov:endedAtTime ?end ; floe:runStatus ?status .
                  }
                } ORDER BY DESC(?start) DESC(?run) LIMIT %d""".formatted(RunProvenance.GRAPH, limit)));
        while (rows.hasNext()) {
            QuerySolution row = rows.next();
            String iri = row.getResource("run").getURI();
            runs.add(new Run(iri, row.getLiteral("name").getString(), instant(row, "start"), instant(row, "end"),
                    row.getLiteral("status").getString(), steps(select, iri)));
        }
        return runs;
    }

    private static List<StepRecord> steps(Function<Query, ResultSet> select, String run) {
        List<StepRecord> steps = new ArrayList<>();
        ResultSet rows = select.apply(QueryFactory.create(PREFIXES + """
                SELECT ?step ?kind ?n ?status ?start ?end WHERE {
                  GRAPH <%s> {
                    ?a floe:partOfRun <%s> ; floe:pipelineStep ?step ; floe:stepKind ?kind ; floe:attemptNumber ?n ;
                       floe:runStatus ?status .
                    OPTIONAL { ?a prov:startedAtTime ?start ; prov:endedAtTime ?end }
                  }
                } ORDER BY ?end ?step ?n""".formatted(RunProvenance.GRAPH, run)));
        while (rows.hasNext()) {
            QuerySolution row = rows.next();
            steps.add(new StepRecord(row.getLiteral("step").getString(), row.getLiteral("kind").getString(),
                    row.getLiteral("n").getInt(), row.getLiteral("status").getString(),
                    row.contains("start") ? instant(row, "start") : null, row.contains("end") ? instant(row, "end") : null));
        }
        return steps;
    }

    private static Instant instant(QuerySolution row, String var) {
        return Instant.parse(row.getLiteral(var).getLexicalForm());
    }
}
