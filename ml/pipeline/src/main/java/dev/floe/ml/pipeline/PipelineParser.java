package dev.floe.ml.pipeline;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads and checks a pipeline file, all of it before anything runs: YAML syntax, unknown keys, unknown step kinds,
 * unknown or missing parameters of each kind, steps named in {@code depends_on} that do not exist, cycles, and inputs
 * that neither exist nor are written by a step. Each problem is one {@link PipelineException} whose message starts
 * {@code FILE: line N: step ID:}. The file is read with SnakeYAML's node graph, which keeps every node's line.
 *
 * <pre>
 * pipeline: land-cover
 * parallelism: 2
 * defaults: {retries: 1, retry_delay: 30s}
 * steps:
 *   patches:
 *     kind: s2patches
 *     with: {input: data/catalog.json, out: build/patches.nt}
 *     inputs: [data/catalog.json]
 *     outputs: [build/patches.nt]
 *   load:
 *     kind: load
 *     args: [build/patches.nt]
 *     inputs: [build/patches.nt]   # so load waits for patches
 * </pre>
 */
public final class PipelineParser {

    private static final Set<String> TOP = Set.of("pipeline", "description", "parallelism", "defaults", "steps");
    private static final Set<String> RETRY_KEYS = Set.of("retries", "retry_delay", "retry_exponential_backoff",
            "max_retry_delay", "execution_timeout", "trigger_rule");
    private static final Set<String> STEP_KEYS;
    static {
        Set<String> keys = new HashSet<>(RETRY_KEYS);
        keys.addAll(Set.of("kind", "with", "args", "depends_on", "inputs", "outputs", "stdout", "description"));
        STEP_KEYS = Set.copyOf(keys);
    }
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");

    private final StepKinds kinds;

    /** A parser accepting the given step kinds. */
    public PipelineParser(StepKinds kinds) {
        this.kinds = kinds;
    }

    /** Reads and checks {@code file}. */
    public PipelineSpec parse(Path file) {
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new PipelineException(file + ": line " + line + ": not valid YAML: " + e.getProblem());
        } catch (IOException e) {
            throw new PipelineException(file + ": cannot read the pipeline file: " + e.getMessage(), e);
        }
        return new Reading(file).pipeline(root);
    }

    /** A duration as pipeline files write it: seconds as a number, {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT5M}). */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        if (t.matches("\\d+(\\.\\d+)?")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        }
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            long millis = switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
            };
            return Duration.ofMillis(Math.round(amount * millis));
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 30, 30s, 5m, 2h, PT5M)");
        }
    }

    /** The reading of one file: where each error is. */
    private final class Reading {

        private final Path file;

        Reading(Path file) {
            this.file = file;
        }

        PipelineException error(Node node, String step, String problem) {
            int line = node == null ? 0 : node.getStartMark().getLine() + 1;
            return new PipelineException(file + ": line " + line + ": " + (step == null ? "" : "step " + step + ": ") + problem);
        }

        PipelineSpec pipeline(Node root) {
            if (root == null) {
                throw new PipelineException(file + ": line 1: the pipeline file is empty");
            }
            Map<String, NodeTuple> top = mapping(root, null, "the pipeline file", TOP);
            String name = scalarText(required(top, "pipeline", root, null).getValueNode(), null, "pipeline");
            if (!ID.matcher(name).matches()) {
                throw error(top.get("pipeline").getValueNode(), null, "pipeline name '" + name + "' may hold letters, digits, . _ - only");
            }
            int parallelism = 2;
            if (top.containsKey("parallelism")) {
                Node node = top.get("parallelism").getValueNode();
                parallelism = positiveInt(node, null, "parallelism");
            }
            Map<String, NodeTuple> defaults = top.containsKey("defaults")
                    ? mapping(top.get("defaults").getValueNode(), null, "defaults", RETRY_KEYS) : Map.of();
            Node stepsNode = required(top, "steps", root, null).getValueNode();
            if (!(stepsNode instanceof MappingNode stepsMap) || stepsMap.getValue().isEmpty()) {
                throw error(stepsNode, null, "steps must be a mapping of step ids to steps, with at least one step");
            }
            Map<String, StepSpec> steps = new LinkedHashMap<>();
            for (NodeTuple tuple : stepsMap.getValue()) {
                String id = scalarText(tuple.getKeyNode(), null, "step id");
                if (!ID.matcher(id).matches()) {
                    throw error(tuple.getKeyNode(), null, "step id '" + id + "' may hold letters, digits, . _ - only");
                }
                steps.put(id, step(id, tuple.getKeyNode(), tuple.getValueNode(), defaults));
            }
            Map<String, List<String>> upstream = upstream(steps, stepsMap);
            PipelineSpec spec = new PipelineSpec(file, name, parallelism, steps, upstream);
            checkAcyclic(spec);
            checkInputs(spec);
            return spec;
        }

        StepSpec step(String id, Node keyNode, Node node, Map<String, NodeTuple> defaults) {
            Map<String, NodeTuple> body = mapping(node, id, "a step", STEP_KEYS);
            Node kindNode = required(body, "kind", keyNode, id).getValueNode();
            String kindName = scalarText(kindNode, id, "kind");
            StepKind kind = kinds.named(kindName).orElseThrow(() -> error(kindNode, id,
                    "unknown step kind '" + kindName + "' (known: " + kinds.names() + ")"));
            Map<String, Object> parameters = new LinkedHashMap<>();
            if (body.containsKey("with")) {
                Node withNode = body.get("with").getValueNode();
                if (!(withNode instanceof MappingNode with)) {
                    throw error(withNode, id, "with must be a mapping of parameters");
                }
                for (NodeTuple parameter : with.getValue()) {
                    String key = scalarText(parameter.getKeyNode(), id, "parameter");
                    if (!kind.parameters().contains(key)) {
                        throw error(parameter.getKeyNode(), id, "unknown parameter '" + key + "' of " + kindName
                                + " (known: " + String.join(", ", new java.util.TreeSet<>(kind.parameters())) + ")");
                    }
                    parameters.put(key, value(parameter.getValueNode(), id, key));
                }
            }
            for (String required : kind.requiredParameters()) {
                if (!parameters.containsKey(required)) {
                    throw error(kindNode, id, kindName + " needs parameter '" + required + "'");
                }
            }
            List<String> arguments = body.containsKey("args") ? strings(body.get("args").getValueNode(), id, "args") : List.of();
            if (!arguments.isEmpty() && !kind.takesArguments()) {
                throw error(body.get("args").getValueNode(), id, kindName + " takes no positional arguments (args)");
            }
            List<String> outputs = new ArrayList<>(body.containsKey("outputs") ? strings(body.get("outputs").getValueNode(), id, "outputs") : List.of());
            String stdout = null;
            if (body.containsKey("stdout")) {
                if (!(kind instanceof ProcessKind)) {
                    throw error(body.get("stdout").getValueNode(), id, "a sensor has no standard output");
                }
                stdout = scalarText(body.get("stdout").getValueNode(), id, "stdout");
                if (!outputs.contains(stdout)) {
                    outputs.add(stdout);
                }
            }
            List<String> inputs = body.containsKey("inputs") ? strings(body.get("inputs").getValueNode(), id, "inputs") : List.of();
            for (Object value : parameters.values()) {
                for (String reference : StepValues.fileReferences(value)) {
                    if (!inputs.contains(reference)) {
                        throw error(body.get("with").getValueNode(), id, "${word:" + reference + "} reads a file that is not among the step's inputs");
                    }
                }
            }
            if (kind instanceof SensorKind sensor) {
                outputs.add(String.valueOf(parameters.get(sensor.watchedParameter())));
                for (String key : List.of(SensorKind.POKE_INTERVAL, SensorKind.TIMEOUT)) {
                    if (parameters.containsKey(key)) {
                        try {
                            duration(String.valueOf(parameters.get(key)));
                        } catch (IllegalArgumentException e) {
                            throw error(body.get("with").getValueNode(), id, key + ": " + e.getMessage());
                        }
                    }
                }
            }
            return new StepSpec(id, kind, parameters, arguments,
                    body.containsKey("depends_on") ? strings(body.get("depends_on").getValueNode(), id, "depends_on") : List.of(),
                    inputs, outputs, stdout, retry(body, defaults, id), triggerRule(body, defaults, id), keyNode.getStartMark().getLine() + 1);
        }

        RetryPolicy retry(Map<String, NodeTuple> body, Map<String, NodeTuple> defaults, String id) {
            RetryPolicy d = RetryPolicy.DEFAULT;
            Node retries = pick(body, defaults, "retries");
            Node delay = pick(body, defaults, "retry_delay");
            Node backoff = pick(body, defaults, "retry_exponential_backoff");
            Node max = pick(body, defaults, "max_retry_delay");
            Node timeout = pick(body, defaults, "execution_timeout");
            return new RetryPolicy(
                    retries == null ? d.retries() : nonNegativeInt(retries, id, "retries"),
                    delay == null ? d.retryDelay() : durationAt(delay, id, "retry_delay"),
                    backoff == null ? d.exponentialBackoff() : bool(backoff, id, "retry_exponential_backoff"),
                    max == null ? d.maxRetryDelay() : durationAt(max, id, "max_retry_delay"),
                    timeout == null ? d.executionTimeout() : durationAt(timeout, id, "execution_timeout"));
        }

        TriggerRule triggerRule(Map<String, NodeTuple> body, Map<String, NodeTuple> defaults, String id) {
            Node node = pick(body, defaults, "trigger_rule");
            if (node == null) {
                return TriggerRule.ALL_SUCCESS;
            }
            String name = scalarText(node, id, "trigger_rule");
            return TriggerRule.named(name).orElseThrow(() -> error(node, id, "unknown trigger_rule '" + name
                    + "' (known: all_success, all_failed, all_done, one_success, one_failed, none_failed, "
                    + "none_failed_min_one_success, always)"));
        }

        Node pick(Map<String, NodeTuple> body, Map<String, NodeTuple> defaults, String key) {
            NodeTuple tuple = body.containsKey(key) ? body.get(key) : defaults.get(key);
            return tuple == null ? null : tuple.getValueNode();
        }

        Map<String, List<String>> upstream(Map<String, StepSpec> steps, MappingNode stepsMap) {
            Map<Path, String> writers = new HashMap<>();
            Path dir = file.toAbsolutePath().normalize().getParent();
            for (StepSpec step : steps.values()) {
                for (String output : step.outputs()) {
                    String other = writers.put(dir.resolve(output).normalize(), step.id());
                    if (other != null) {
                        throw new PipelineException(file + ": line " + step.line() + ": step " + step.id()
                                + ": output " + output + " is also an output of step " + other);
                    }
                }
            }
            Map<String, List<String>> upstream = new LinkedHashMap<>();
            for (StepSpec step : steps.values()) {
                Set<String> ups = new java.util.LinkedHashSet<>();
                for (String dependency : step.dependsOn()) {
                    if (!steps.containsKey(dependency)) {
                        throw new PipelineException(file + ": line " + step.line() + ": step " + step.id()
                                + ": depends_on names no step '" + dependency + "'");
                    }
                    ups.add(dependency);
                }
                for (String input : step.inputs()) {
                    Path path = dir.resolve(input).normalize();
                    writers.forEach((output, writer) -> {
                        if (path.startsWith(output) && !writer.equals(step.id())) {
                            ups.add(writer);
                        }
                    });
                }
                List<String> ordered = new ArrayList<>();
                for (String id : steps.keySet()) {
                    if (ups.contains(id)) {
                        ordered.add(id);
                    }
                }
                upstream.put(step.id(), ordered);
            }
            return upstream;
        }

        void checkAcyclic(PipelineSpec spec) {
            Map<String, Integer> state = new HashMap<>(); // 1: on the path, 2: done
            for (String id : spec.steps().keySet()) {
                List<String> path = new ArrayList<>();
                visit(spec, id, state, path);
            }
        }

        private void visit(PipelineSpec spec, String id, Map<String, Integer> state, List<String> path) {
            Integer s = state.get(id);
            if (s != null && s == 2) {
                return;
            }
            path.add(id);
            if (s != null) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
                java.util.Collections.reverse(cycle);
                StepSpec step = spec.steps().get(id);
                throw new PipelineException(file + ": line " + step.line() + ": step " + id + ": the steps form a cycle: "
                        + String.join(" -> ", cycle));
            }
            state.put(id, 1);
            for (String up : spec.upstream().get(id)) {
                visit(spec, up, state, path);
            }
            path.remove(path.size() - 1);
            state.put(id, 2);
        }

        void checkInputs(PipelineSpec spec) {
            for (StepSpec step : spec.steps().values()) {
                for (String input : step.inputs()) {
                    Path path = spec.resolve(input);
                    boolean written = spec.steps().values().stream()
                            .anyMatch(s -> s.outputs().stream().anyMatch(o -> path.startsWith(spec.resolve(o))));
                    if (!written && !Files.exists(path)) {
                        throw new PipelineException(file + ": line " + step.line() + ": step " + step.id()
                                + ": input " + input + " does not exist (" + path + ") and no step writes it");
                    }
                }
            }
        }

        Map<String, NodeTuple> mapping(Node node, String step, String what, Set<String> allowed) {
            if (!(node instanceof MappingNode map)) {
                throw error(node, step, what + " must be a mapping");
            }
            Map<String, NodeTuple> entries = new LinkedHashMap<>();
            for (NodeTuple tuple : map.getValue()) {
                String key = scalarText(tuple.getKeyNode(), step, "key");
                if (!allowed.contains(key)) {
                    throw error(tuple.getKeyNode(), step, "unknown key '" + key + "' in " + what + " (known: "
                            + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
                }
                entries.put(key, tuple);
            }
            return entries;
        }

        NodeTuple required(Map<String, NodeTuple> map, String key, Node at, String step) {
            NodeTuple tuple = map.get(key);
            if (tuple == null) {
                throw error(at, step, "missing '" + key + "'");
            }
            return tuple;
        }

        String scalarText(Node node, String step, String what) {
            if (!(node instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
                throw error(node, step, what + " must be a single value");
            }
            return scalar.getValue();
        }

        Object value(Node node, String step, String what) {
            if (node instanceof SequenceNode seq) {
                List<Object> values = new ArrayList<>();
                for (Node element : seq.getValue()) {
                    values.add(scalar(element, step, what));
                }
                return List.copyOf(values);
            }
            return scalar(node, step, what);
        }

        Object scalar(Node node, String step, String what) {
            String text = scalarText(node, step, what);
            Tag tag = node.getTag();
            try {
                if (tag.equals(Tag.BOOL)) {
                    return Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
                }
                if (tag.equals(Tag.INT)) {
                    return Long.parseLong(text);
                }
                if (tag.equals(Tag.FLOAT)) {
                    return Double.parseDouble(text);
                }
            } catch (NumberFormatException e) {
                return text;
            }
            return text;
        }

        List<String> strings(Node node, String step, String what) {
            if (!(node instanceof SequenceNode seq)) {
                throw error(node, step, what + " must be a list");
            }
            List<String> values = new ArrayList<>();
            for (Node element : seq.getValue()) {
                values.add(scalarText(element, step, what));
            }
            return values;
        }

        int positiveInt(Node node, String step, String what) {
            int value = nonNegativeInt(node, step, what);
            if (value == 0) {
                throw error(node, step, what + " must be at least 1");
            }
            return value;
        }

        int nonNegativeInt(Node node, String step, String what) {
            String text = scalarText(node, step, what);
            try {
                int value = Integer.parseInt(text);
                if (value >= 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw error(node, step, what + " must be a whole number, 0 or more: '" + text + "'");
        }

        boolean bool(Node node, String step, String what) {
            if (!node.getTag().equals(Tag.BOOL)) {
                throw error(node, step, what + " must be true or false");
            }
            return Boolean.parseBoolean(scalarText(node, step, what).toLowerCase(Locale.ROOT));
        }

        Duration durationAt(Node node, String step, String what) {
            try {
                return duration(scalarText(node, step, what));
            } catch (IllegalArgumentException e) {
                throw error(node, step, what + ": " + e.getMessage());
            }
        }
    }
}
