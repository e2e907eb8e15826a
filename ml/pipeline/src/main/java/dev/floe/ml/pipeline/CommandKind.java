package dev.floe.ml.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A floe command as a step kind: parameter {@code name: value} becomes {@code --name value}, {@code name: true} the
 * flag {@code --name} ({@code false} leaves it out), a list one {@code --name value} per element; {@code args} follow
 * as positional arguments. The app builds these from its picocli model, so the parameters are the command's options.
 *
 * @param name           the command as the pipeline file names it ({@code models alias})
 * @param program        how this machine starts the command (java, its class path, the main class and the command)
 * @param parameters     the command's long options without their dashes
 * @param required       the options the command requires
 * @param takesArguments whether the command has positional parameters
 */
public record CommandKind(String name, List<String> program, Set<String> parameters, Set<String> required,
                          boolean takesArguments) implements ProcessKind {

    public CommandKind {
        program = List.copyOf(program);
        parameters = Set.copyOf(parameters);
        required = Set.copyOf(required);
    }

    @Override
    public Set<String> requiredParameters() {
        return required;
    }

    @Override
    public List<String> portableProgram() {
        List<String> words = new ArrayList<>();
        words.add("floe");
        words.addAll(List.of(name.split(" ")));
        return words;
    }

    @Override
    public List<String> arguments(StepSpec step) {
        List<String> arguments = new ArrayList<>();
        for (Map.Entry<String, Object> parameter : step.parameters().entrySet()) {
            String option = "--" + parameter.getKey();
            Object value = parameter.getValue();
            if (value instanceof Boolean flag) {
                if (flag) {
                    arguments.add(option);
                }
            } else if (value instanceof List<?> values) {
                for (Object element : values) {
                    arguments.add(option);
                    arguments.add(String.valueOf(element));
                }
            } else {
                arguments.add(option);
                arguments.add(String.valueOf(value));
            }
        }
        arguments.addAll(step.arguments());
        return arguments;
    }
}
