package dev.floe.ml.tuning;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import dev.floe.ml.model.ModelFamily;

/**
 * The hyperparameters a study searches, read from a small YAML file, one parameter a key:
 *
 * <pre>
 * learning_rate: {log-uniform: [0.0001, 0.01]}
 * dense: {integer: [16, 64]}
 * filters: {choice: [8, 16]}
 * batch_size: {choice: [16, 32]}
 * </pre>
 *
 * Kinds: {@code log-uniform} and {@code uniform} [low, high], {@code integer} [low, high] (both included),
 * {@code choice} [values...]. The names are those {@link TrialModel} knows for the model family. Read with SnakeYAML's
 * node API, which keeps each node's line, so every error names the file, the line and the parameter.
 */
public final class SearchSpace {

    private final List<Parameter> parameters;

    public SearchSpace(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    public int dimensions() {
        return parameters.size();
    }

    /** The values at a point of the unit cube, one coordinate per parameter, in the space's order. */
    public Map<String, Object> at(double[] u) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            values.put(parameters.get(i).name(), parameters.get(i).at(u[i]));
        }
        return values;
    }

    public static SearchSpace read(Path file, ModelFamily family) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new SpaceException(file + ": cannot read the search space: " + e.getMessage());
        }
        return parse(text, file.toString(), family);
    }

    /** Parses {@code yaml}; {@code source} names it in errors (the file name). */
    public static SearchSpace parse(String yaml, String source, ModelFamily family) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (YAMLException e) {
            throw new SpaceException(source + ": not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new SpaceException(source + ": the search space is empty; name at least one parameter ("
                    + String.join(", ", TrialModel.parameterNames()) + ")");
        }
        if (!(root instanceof MappingNode map)) {
            throw new SpaceException(source + " line " + line(root) + ": the search space must map parameter names to ranges, "
                    + "e.g. learning_rate: {log-uniform: [0.0001, 0.01]}");
        }
        List<Parameter> out = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            String name = scalar(t.getKeyNode(), source, "a parameter name");
            String where = source + " line " + line(t.getKeyNode()) + ": parameter " + name;
            if (!TrialModel.parameterNames().contains(name)) {
                throw new SpaceException(where + " is not a hyperparameter of " + family.id() + " (it has "
                        + String.join(", ", TrialModel.parameterNames()) + ")");
            }
            if (out.stream().anyMatch(p -> p.name().equals(name))) {
                throw new SpaceException(where + " is named twice");
            }
            out.add(parameter(name, t.getValueNode(), where));
        }
        if (out.isEmpty()) {
            throw new SpaceException(source + ": the search space is empty; name at least one parameter ("
                    + String.join(", ", TrialModel.parameterNames()) + ")");
        }
        return new SearchSpace(out);
    }

    private static Parameter parameter(String name, Node value, String where) {
        if (!(value instanceof MappingNode m) || m.getValue().size() != 1) {
            throw new SpaceException(where + ": give exactly one of log-uniform, uniform, integer or choice, "
                    + "e.g. " + name + ": {choice: [16, 32]}");
        }
        NodeTuple kindTuple = m.getValue().get(0);
        String kind = scalar(kindTuple.getKeyNode(), where, "the kind of range");
        Node args = kindTuple.getValueNode();
        if (!(args instanceof SequenceNode seq)) {
            throw new SpaceException(where + ": " + kind + " takes a list, e.g. [low, high]");
        }
        List<String> items = new ArrayList<>();
        for (Node n : seq.getValue()) {
            items.add(scalar(n, where, "a value"));
        }
        TrialModel.Kind expected = TrialModel.kindOf(name);
        switch (kind) {
            case "log-uniform", "uniform" -> {
                double[] lh = bounds(items, kind, where);
                if (expected == TrialModel.Kind.INTEGER) {
                    throw new SpaceException(where + " takes whole numbers: use integer or choice, not " + kind);
                }
                if (lh[0] <= 0) { // learning rates and other real settings here are positive
                    throw new SpaceException(where + ": " + kind + " needs 0 < low, got low " + items.get(0));
                }
                if (false) {
                    throw new SpaceException(where + ": log-uniform needs 0 < low, got low " + items.get(0));
                }
                return kind.equals("log-uniform") ? new Parameter.LogUniform(name, lh[0], lh[1]) : new Parameter.Uniform(name, lh[0], lh[1]);
            }
            case "integer" -> {
                double[] lh = bounds(items, kind, where);
                if (lh[0] != Math.rint(lh[0]) || lh[1] != Math.rint(lh[1])) {
                    throw new SpaceException(where + ": integer bounds must be whole numbers, got " + items);
                }
                if (expected == TrialModel.Kind.INTEGER && lh[0] < 1) {
                    throw new SpaceException(where + " must be at least 1, got low " + items.get(0));
                }
                return new Parameter.IntRange(name, (int) lh[0], (int) lh[1]);
            }
            case "choice" -> {
                if (items.isEmpty()) {
                    throw new SpaceException(where + ": choice has no values");
                }
                List<Object> values = new ArrayList<>();
                for (String s : items) {
                    Object v = number(s, where, expected);
                    if (values.contains(v)) {
                        throw new SpaceException(where + ": choice lists " + s + " twice");
                    }
                    values.add(v);
                }
                return new Parameter.Choice(name, values);
            }
            default -> throw new SpaceException(where + ": unknown kind of range " + kind
                    + " (log-uniform, uniform, integer, choice)");
        }
    }

    private static Object number(String s, String where, TrialModel.Kind kind) {
        try {
            double d = Double.parseDouble(s);
            if (kind == TrialModel.Kind.INTEGER) {
                if (d != Math.rint(d) || d < 1) {
                    throw new SpaceException(where + " takes whole numbers of at least 1, got " + s);
                }
                return (int) d;
            }
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new SpaceException(where + " takes positive numbers, got " + s);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new SpaceException(where + ": " + s + " is not a number");
        }
    }

    private static double[] bounds(List<String> items, String kind, String where) {
        if (items.size() != 2) {
            throw new SpaceException(where + ": " + kind + " takes [low, high], got " + items.size() + " values");
        }
        double low;
        double high;
        try {
            low = Double.parseDouble(items.get(0));
            high = Double.parseDouble(items.get(1));
        } catch (NumberFormatException e) {
            throw new SpaceException(where + ": " + kind + " bounds must be numbers, got " + items);
        }
        if (Double.isNaN(low) || Double.isNaN(high) || Double.isInfinite(low) || Double.isInfinite(high)) {
            throw new SpaceException(where + ": " + kind + " bounds must be finite, got " + items);
        }
        if (low > high) {
            throw new SpaceException(where + ": " + kind + " range is empty, low " + items.get(0) + " > high " + items.get(1));
        }
        return new double[] {low, high};
    }

    private static String scalar(Node n, String where, String what) {
        if (!(n instanceof ScalarNode s)) {
            throw new SpaceException(where + (where.contains(" line ") ? "" : " line " + line(n)) + ": expected " + what
                    + ", found a " + n.getNodeId().name().toLowerCase(java.util.Locale.ROOT));
        }
        return s.getValue();
    }

    private static int line(Node n) {
        return n.getStartMark().getLine() + 1;
    }
}
