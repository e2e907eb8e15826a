package dev.floe.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code floe models}: the model registry (registered models, versions, aliases) and the training runs behind it. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "The model registry: registered models, their versions and aliases, and the training runs behind them.",
        subcommands = {ModelsListCommand.class, ModelsShowCommand.class, ModelsRegisterCommand.class, ModelsAliasCommand.class,
                ModelsRunsCommand.class})
final class ModelsCommand implements Runnable {

    @ParentCommand
    Floe floe;

    @Override
    public void run() {
        new CommandLine(this).usage(floe.err());
    }

    /** Who a registry change is recorded as made by: --by, else the operating-system user. */
    static String who(String by) {
        return by != null && !by.isBlank() ? by : System.getProperty("user.name", "unknown");
    }
}
