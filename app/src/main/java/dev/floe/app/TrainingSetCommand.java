package dev.floe.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code floe trainingset}: labelled training sets defined by SPARQL queries. */
@Command(name = "trainingset", mixinStandardHelpOptions = true,
        description = "Labelled training sets defined by SPARQL SELECT queries (see queries/training/).",
        subcommands = {TrainingSetCreateCommand.class, TrainingSetListCommand.class})
final class TrainingSetCommand implements Runnable {

    @ParentCommand
    Floe floe;

    @Override
    public void run() {
        new CommandLine(this).usage(floe.err());
    }
}
