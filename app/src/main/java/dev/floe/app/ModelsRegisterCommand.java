package dev.floe.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.floe.ml.registry.ModelRegistry;
import dev.floe.ml.registry.ModelVersion;
import dev.floe.store.GeoStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code floe models register NAME --run RUN}: a training run's model becomes the next version of NAME. */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Register the model of a training run as the next version of NAME (prints: name, version, SHA-256).")
final class ModelsRegisterCommand implements Callable<Integer> {

    @ParentCommand
    ModelsCommand parent;

    @Parameters(index = "0", paramLabel = "NAME", description = "the registered model, e.g. land-cover (created on first use)")
    String name;

    @Option(names = "--run", required = true, description = "the training run (floe models runs lists them)")
    String run;

    @Option(names = "--alias", description = "also point this alias at the new version, e.g. champion")
    String alias;

    @Option(names = "--by", description = "who registers it, for the record (default: the operating-system user)")
    String by;

    @Option(names = "--store", defaultValue = "floe-data", description = "store directory (default: ${DEFAULT-VALUE})")
    Path store;

    @Override
    public Integer call() {
        try (GeoStore geoStore = Stores.open(store)) {
            ModelRegistry registry = new ModelRegistry(geoStore);
            ModelVersion v = registry.register(name, run, ModelsCommand.who(by));
            if (alias != null) {
                registry.setAlias(name, alias, v.version(), ModelsCommand.who(by));
            }
            parent.floe.out().println(name + "\t" + v.version() + "\t" + v.sha256());
        }
        return 0;
    }
}
