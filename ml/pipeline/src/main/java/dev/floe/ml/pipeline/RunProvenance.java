package dev.floe.ml.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

import dev.floe.ontology.Floe;
import dev.floe.ontology.Prov;
import dev.floe.store.GeoStore;

/**
 * Records a pipeline run as PROV-O in the store's graph {@value #GRAPH}: the run ({@code floe:PipelineRun}, a
 * {@code prov:Activity} associated with its plan, the pipeline file as a {@code prov:Plan}), and one
 * {@code floe:StepAttempt} activity per attempt of each step, with its start and end, status, attempt number, exit
 * code and cache key, the files it used and generated as {@code prov:Entity} (their {@code file:} IRIs), and
 * {@code prov:wasInformedBy} the last attempt of each upstream step. A step taken from the cache or not run is one
 * activity with attempt number 0. The whole run is written in one transaction, after it ended: while it runs, its
 * steps may open the store themselves.
 */
public final class RunProvenance {

    /** The named graph of pipeline runs. */
    public static final String GRAPH = Floe.DATA + "graph/pipelines";
    /** The agent that runs pipelines. */
    static final String AGENT = Floe.DATA + "agent/floe-pipeline";

    private RunProvenance() {
    }

    /** The IRI of a run. */
    public static String runIri(String pipeline, String runId) {
        return Floe.DATA + "pipeline/" + pipeline + "/run/" + runId;
    }

    /** Writes {@code result} into {@code store}, in one transaction. */
    public static void record(GeoStore store, RunResult result) {
        store.write(dsg -> {
            new Writer(dsg, result).write();
            return null;
        });
    }

    private static final class Writer {

        private final DatasetGraph dsg;
        private final RunResult result;
        private final Node graph = NodeFactory.createURI(GRAPH);
        private final Node run;

        Writer(DatasetGraph dsg, RunResult result) {
            this.dsg = dsg;
            this.result = result;
            this.run = NodeFactory.createURI(runIri(result.pipeline().name(), result.runId()));
        }

        void write() {
            PipelineSpec spec = result.pipeline();
            Node plan = NodeFactory.createURI(Floe.DATA + "pipeline/" + spec.name() + "/plan/" + sha256(spec.file()));
            Node agent = NodeFactory.createURI(AGENT);
            Node association = NodeFactory.createURI(run.getURI() + "/association");
            add(plan, RDF.type, Prov.Plan);
            add(plan, RDF.type, Prov.Entity);
            add(plan, Floe.pipelineName, literal(spec.name()));
            add(plan, Prov.atLocation, file(spec.file()));
            add(agent, RDF.type, Prov.Agent);
            add(run, RDF.type, Floe.PipelineRun);
            add(run, RDF.type, Prov.Activity);
            add(run, Floe.pipelineName, literal(spec.name()));
            add(run, Prov.startedAtTime, time(result.started()));
            add(run, Prov.endedAtTime, time(result.ended()));
            add(run, Floe.runStatus, literal(result.status()));
            add(run, Prov.wasAssociatedWith, agent);
            add(run, Prov.qualifiedAssociation, association);
            add(association, RDF.type, Prov.Association);
            add(association, Prov.agent, agent);
            add(association, Prov.hadPlan, plan);
            for (StepOutcome outcome : result.steps().values()) {
                StepSpec step = spec.steps().get(outcome.step());
                if (outcome.attempts().isEmpty()) {
                    Node activity = attempt(outcome, step, 0, outcome.state().label());
                    // taken from the cache or not run: an instant activity, at the moment the runner decided
                    add(activity, Prov.startedAtTime, time(outcome.ended()));
                    add(activity, Prov.endedAtTime, time(outcome.ended()));
                    if (outcome.state() == StepState.CACHED) {
                        step.outputs().forEach(o -> add(activity, Prov.generated, file(spec.resolve(o))));
                    }
                    continue;
                }
                for (Attempt attempt : outcome.attempts()) {
                    Node activity = attempt(outcome, step, attempt.number(), attempt.state().label());
                    add(activity, Prov.startedAtTime, time(attempt.started()));
                    add(activity, Prov.endedAtTime, time(attempt.ended()));
                    if (attempt.exitCode() != null) {
                        add(activity, Floe.exitCode, NodeFactory.createLiteralDT(String.valueOf(attempt.exitCode()), XSDDatatype.XSDinteger));
                    }
                    if (!attempt.message().isEmpty()) {
                        add(activity, RDFS.comment, literal(attempt.message()));
                    }
                    step.inputs().forEach(i -> add(activity, Prov.used, file(spec.resolve(i))));
                    if (attempt.state() == StepState.SUCCESS) {
                        step.outputs().forEach(o -> add(activity, Prov.generated, file(spec.resolve(o))));
                    }
                }
            }
        }

        private Node attempt(StepOutcome outcome, StepSpec step, int number, String status) {
            Node activity = attemptNode(outcome.step(), number);
            add(activity, RDF.type, Floe.StepAttempt);
            add(activity, RDF.type, Prov.Activity);
            add(activity, Floe.partOfRun, run);
            add(activity, Floe.pipelineStep, literal(outcome.step()));
            add(activity, Floe.stepKind, literal(step.kind().name()));
            add(activity, Floe.attemptNumber, NodeFactory.createLiteralDT(String.valueOf(number), XSDDatatype.XSDinteger));
            add(activity, Floe.runStatus, literal(status));
            if (outcome.cacheKey() != null) {
                add(activity, Floe.cacheKey, literal(outcome.cacheKey()));
            }
            Map<String, StepOutcome> steps = result.steps();
            for (String up : result.pipeline().upstream().get(outcome.step())) {
                StepOutcome upstream = steps.get(up);
                if (upstream != null) {
                    List<Attempt> attempts = upstream.attempts();
                    add(activity, Prov.wasInformedBy, attemptNode(up, attempts.isEmpty() ? 0 : attempts.get(attempts.size() - 1).number()));
                }
            }
            return activity;
        }

        private Node attemptNode(String step, int number) {
            return NodeFactory.createURI(run.getURI() + "/step/" + step + "/attempt/" + number);
        }

        private void add(Node s, Property p, Node o) {
            dsg.add(new Quad(graph, s, p.asNode(), o));
        }

        private void add(Node s, Property p, Resource o) {
            add(s, p, o.asNode());
        }

        private static Node literal(String text) {
            return NodeFactory.createLiteralString(text);
        }

        private static Node time(Instant instant) {
            return NodeFactory.createLiteralDT(instant.toString(), XSDDatatype.XSDdateTime);
        }

        private static Node file(Path path) {
            return NodeFactory.createURI(path.toAbsolutePath().normalize().toUri().toString());
        }

        private static String sha256(Path file) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
