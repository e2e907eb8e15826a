package dev.floe.ml.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floe.geo.AtomicFiles;

/**
 * Exports a pipeline as a CWL v1.2 application package in the OGC EO Application Package layout: one file
 * {@code NAME.cwl} whose {@code $graph} holds the {@code #main} Workflow and one CommandLineTool per process step
 * ({@code baseCommand: [floe, COMMAND]} or {@code [sh, -c]}), with a {@code DockerRequirement} naming the floe image as
 * a hint (so a runner without containers runs {@code floe} from the PATH), and {@code NAME.inputs.yml}, the job
 * file giving the workflow inputs (the files and folders no step writes) as this machine has them.
 *
 * <p>How the pipeline maps: a step's inputs written by another step are wired to that step's output; the others are
 * workflow inputs. A STAC catalog or collection JSON is passed as its folder (a {@code Directory}, since its items are
 * beside it), an output ending in {@code /} is a {@code Directory} output; every other input and output is a
 * {@code File}. In the command line, an argument equal to an input becomes {@code $(inputs.ID.path)} and one equal
 * to an output its file name in the tool's output folder (in a shell script, every occurrence); other arguments that
 * name an existing file, and {@code --store}, become absolute paths. Sensors have no CWL counterpart: what they wait
 * for is a workflow input. Retries and trigger rules are the runner's, not CWL's, and are not exported.
 */
public final class CwlExport {

    /** The container image the tools name. */
    public static final String IMAGE = "ghcr.io/floe-dev/floe:0.1.0";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PipelineSpec spec;
    /** Each step's outputs by the output as written: the CWL output id. */
    private final Map<String, Map<String, String>> outputIds = new LinkedHashMap<>();
    private final Map<String, Object> workflowInputs = new LinkedHashMap<>();
    private final Map<String, Object> job = new LinkedHashMap<>();
    private final Map<String, String> externalIds = new LinkedHashMap<>();

    private CwlExport(PipelineSpec spec) {
        this.spec = spec;
    }

    /** Writes {@code NAME.cwl} and {@code NAME.inputs.yml} into {@code dir}; returns the CWL file. */
    public static Path write(PipelineSpec spec, Path dir) {
        CwlExport export = new CwlExport(spec);
        Map<String, Object> document = export.document();
        try {
            Files.createDirectories(dir);
            Path cwl = dir.resolve(spec.name() + ".cwl");
            dump(document, cwl);
            dump(export.job, dir.resolve(spec.name() + ".inputs.yml"));
            return cwl;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CWL export into " + dir, e);
        }
    }

    private static void dump(Map<String, Object> document, Path file) throws IOException {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setSplitLines(false);
        Yaml yaml = new Yaml(options);
        AtomicFiles.write(file, out -> {
            Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
            yaml.dump(document, writer);
            writer.flush();
            return null;
        });
    }

    private Map<String, Object> document() {
        for (StepSpec step : spec.steps().values()) {
            Map<String, String> ids = new LinkedHashMap<>();
            for (int i = 0; i < step.outputs().size(); i++) {
                ids.put(step.outputs().get(i), "out_" + i);
            }
            outputIds.put(step.id(), ids);
        }
        List<Object> graph = new ArrayList<>();
        Map<String, Object> steps = new LinkedHashMap<>();
        Map<String, Object> outputs = new LinkedHashMap<>();
        List<Object> tools = new ArrayList<>();
        for (StepSpec step : spec.steps().values()) {
            if (!(step.kind() instanceof ProcessKind kind)) {
                continue;
            }
            Map<String, Object> tool = new LinkedHashMap<>();
            Map<String, Object> in = new LinkedHashMap<>();
            tools.add(tool(step, kind, in, tool));
            Map<String, Object> workflowStep = new LinkedHashMap<>();
            workflowStep.put("run", "#" + step.id());
            workflowStep.put("in", in);
            workflowStep.put("out", new ArrayList<>(outputIds.get(step.id()).values()));
            steps.put(step.id(), workflowStep);
            outputIds.get(step.id()).forEach((output, id) -> {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("type", isDirectoryOutput(output) ? "Directory" : "File");
                o.put("outputSource", step.id() + "/" + id);
                outputs.put(step.id() + "_" + id, o);
            });
        }
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("class", "Workflow");
        main.put("id", "main");
        main.put("label", spec.name());
        main.put("doc", "floe pipeline " + spec.name() + " (exported from " + spec.file().getFileName() + ")");
        main.put("inputs", workflowInputs);
        main.put("outputs", outputs);
        main.put("steps", steps);
        graph.add(main);
        graph.addAll(tools);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("cwlVersion", "v1.2");
        document.put("$graph", graph);
        return document;
    }

    private Map<String, Object> tool(StepSpec step, ProcessKind kind, Map<String, Object> stepIn, Map<String, Object> tool) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        Map<String, String> references = new LinkedHashMap<>();
        List<String> inputList = step.inputs();
        for (int i = 0; i < inputList.size(); i++) {
            String input = inputList.get(i);
            String id = "in_" + i;
            Source source = source(step, input);
            inputs.put(id, source.type());
            stepIn.put(id, source.wiring());
            references.put(input, "$(inputs." + id + ".path)" + source.suffix());
        }
        for (String output : step.outputs()) {
            references.put(output, fileName(output));
        }
        boolean expressions = false;
        boolean shell = kind instanceof ShellKind;
        List<String> arguments = new ArrayList<>();
        List<String> raw = kind.arguments(step);
        for (int i = 0; i < raw.size(); i++) {
            String argument = raw.get(i);
            String escaped = argument.replace("$(", "\\$(");
            if (StepValues.WORD.matcher(escaped).find()) {
                // ${word:PATH}: the first word of an input file, by CWL's loadContents and an expression (without a
                // backslash: CWL's interpolation takes it as an escape)
                expressions = true;
                escaped = StepValues.replace(escaped, path -> {
                    String id = "in_" + step.inputs().indexOf(path);
                    inputs.put(id, Map.of("type", "File", "loadContents", true));
                    return "$(inputs." + id + ".contents.trim().replace(String.fromCharCode(9), ' ')"
                            + ".replace(String.fromCharCode(10), ' ').split(' ')[0])";
                });
            }
            if (shell) {
                arguments.add(replaceAll(escaped, references));
            } else if (references.containsKey(argument)) {
                arguments.add(references.get(argument));
            } else if ((i > 0 && raw.get(i - 1).equals("--store")) || (!argument.startsWith("-") && !argument.isEmpty()
                    && escaped.equals(argument) && Files.exists(spec.resolve(argument)))) {
                arguments.add(spec.resolve(argument).toString());
            } else {
                arguments.add(escaped);
            }
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputIds.get(step.id()).forEach((output, id) -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("type", isDirectoryOutput(output) ? "Directory" : "File");
            o.put("outputBinding", Map.of("glob", fileName(output)));
            outputs.put(id, o);
        });
        tool.put("class", "CommandLineTool");
        tool.put("id", step.id());
        tool.put("label", step.id() + " (" + kind.name() + ")");
        tool.put("baseCommand", kind.portableProgram());
        tool.put("arguments", arguments);
        if (expressions) {
            tool.put("requirements", List.of(Map.of("class", "InlineJavascriptRequirement")));
        }
        tool.put("hints", List.of(Map.of("class", "DockerRequirement", "dockerPull", IMAGE)));
        if (step.stdout() != null) {
            tool.put("stdout", fileName(step.stdout()));
        }
        tool.put("inputs", inputs);
        tool.put("outputs", outputs);
        return tool;
    }

    /** Where an input of {@code step} comes from in the workflow. */
    private record Source(String type, String wiring, String suffix) {
    }

    private Source source(StepSpec step, String input) {
        Path path = spec.resolve(input);
        for (String up : spec.upstream().get(step.id())) {
            StepSpec producer = spec.steps().get(up);
            if (!(producer.kind() instanceof ProcessKind)) {
                continue;
            }
            for (Map.Entry<String, String> output : outputIds.get(up).entrySet()) {
                Path written = spec.resolve(output.getKey());
                if (path.equals(written)) {
                    return new Source(isDirectoryOutput(output.getKey()) ? "Directory" : "File", up + "/" + output.getValue(), "");
                }
                if (path.startsWith(written)) {
                    return new Source("Directory", up + "/" + output.getValue(), "/" + written.relativize(path));
                }
            }
        }
        // not written by a process step: a workflow input, a STAC catalog as its folder
        Path external = path;
        String suffix = "";
        String type = Files.isDirectory(path) ? "Directory" : "File";
        if (type.equals("File") && isStacCatalog(path)) {
            external = path.getParent();
            suffix = "/" + path.getFileName();
            type = "Directory";
        }
        String key = external.toString();
        String id = externalIds.get(key);
        if (id == null) {
            id = "input_" + externalIds.size();
            externalIds.put(key, id);
            Map<String, Object> declaration = new LinkedHashMap<>();
            declaration.put("type", type);
            declaration.put("label", spec.directory().relativize(external).toString());
            workflowInputs.put(id, declaration);
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("class", type);
            value.put("path", external.toString());
            job.put(id, value);
        }
        return new Source(type, id, suffix);
    }

    private static boolean isStacCatalog(Path file) {
        if (!file.toString().endsWith(".json") || !Files.isRegularFile(file)) {
            return false;
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            String type = node.path("type").asText();
            return node.has("stac_version") && (type.equals("Catalog") || type.equals("Collection"));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isDirectoryOutput(String output) {
        return output.endsWith("/");
    }

    private static String fileName(String output) {
        String trimmed = output.endsWith("/") ? output.substring(0, output.length() - 1) : output;
        return Path.of(trimmed).getFileName().toString();
    }

    /** Replaces every occurrence of a key in one pass (longest key first), so no replacement is replaced again. */
    private static String replaceAll(String text, Map<String, String> references) {
        if (references.isEmpty()) {
            return text;
        }
        List<String> keys = new ArrayList<>(references.keySet());
        keys.sort(Comparator.comparingInt(String::length).reversed());
        java.util.regex.Pattern any = java.util.regex.Pattern.compile(
                String.join("|", keys.stream().map(java.util.regex.Pattern::quote).toList()));
        return any.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(references.get(m.group())));
    }
}
