package dev.floe.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.floe.ml.pipeline.CommandKind;
import dev.floe.ml.pipeline.StepKinds;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The floe commands a pipeline step may run, as step kinds built from picocli's model of each command: a step's
 * parameters are the command's long options, so a pipeline file naming an option the command lacks fails when it is
 * read. Each runs as a child process of this JVM's java, with this JVM's class path: the real command line, its own
 * exit code, and a process the runner can kill on timeout.
 */
final class PipelineSteps {

    /** The commands steps may run (those that end by themselves), as the pipeline file names them. */
    static final List<String> COMMANDS = List.of("triplify", "interlink", "load", "s2patches", "trainingset create", "train",
            "tune", "ablate", "models register", "models alias", "predict", "monitor");

    private PipelineSteps() {
    }

    /** The built-in kinds and every command of {@link #COMMANDS} that this floe has. */
    static StepKinds kinds() {
        CommandLine floe = Floe.commandLine(new PrintStream(PrintStream.nullOutputStream()), new PrintStream(PrintStream.nullOutputStream()));
        List<CommandKind> kinds = new ArrayList<>();
        for (String name : COMMANDS) {
            CommandLine command = floe;
            for (String word : name.split(" ")) {
                command = command == null ? null : command.getSubcommands().get(word);
            }
            if (command != null) {
                kinds.add(kind(name, command.getCommandSpec()));
            }
        }
        return StepKinds.builtIn().with(kinds);
    }

    private static CommandKind kind(String name, CommandSpec spec) {
        Set<String> parameters = new LinkedHashSet<>();
        Set<String> required = new LinkedHashSet<>();
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String longName = option.longestName();
            if (!longName.startsWith("--")) {
                continue;
            }
            parameters.add(longName.substring(2));
            if (option.required() && option.group() == null) {
                required.add(longName.substring(2));
            }
        }
        List<String> program = new ArrayList<>(List.of(java(), "-Dderby.stream.error.field=" + Floe.class.getName() + ".DERBY_LOG",
                "-cp", System.getProperty("java.class.path"), Floe.class.getName()));
        program.addAll(List.of(name.split(" ")));
        return new CommandKind(name, program, parameters, required, !spec.positionalParameters().isEmpty());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
