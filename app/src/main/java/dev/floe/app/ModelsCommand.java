package dev.floe.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code floe models}: the model registry (trained models the store records). */
@Command(name = "models", mixinStandardHelpOptions = true, description = "The trained models a store records.",
        subcommands = {ModelsListCommand.class})
final class ModelsCommand implements Runnable {

    @ParentCommand
    Floe floe;

    @Override
    public void run() {
        new CommandLine(this).usage(floe.err());
    }
}
