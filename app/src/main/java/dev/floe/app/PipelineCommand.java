package dev.floe.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code floe pipeline}: run a pipeline file, show the last runs, export it as a CWL application package. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Pipelines: one YAML file of steps (floe commands, shell steps, sensors) run as a DAG with retries and a cache.",
        subcommands = {PipelineRunCommand.class, PipelineStatusCommand.class, PipelineExportCwlCommand.class})
final class PipelineCommand implements Runnable {

    @ParentCommand
    Floe floe;

    @Override
    public void run() {
        new CommandLine(this).usage(floe.err());
    }
}
