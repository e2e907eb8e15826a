package dev.floe.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.floe.ml.registry.AliasChange;
import dev.floe.ml.registry.ModelRegistry;
import dev.floe.store.GeoStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code floe models alias NAME ALIAS (VERSION | --remove)}: points an alias at a version, or removes it; recorded. */
@Command(name = "alias", mixinStandardHelpOptions = true,
        description = "Point ALIAS of NAME at VERSION, or remove it with --remove; every change is recorded (who, when, from, to).")
final class ModelsAliasCommand implements Callable<Integer> {

    @ParentCommand
    ModelsCommand parent;

    @Parameters(index = "0", paramLabel = "NAME", description = "the registered model")
    String name;

    @Parameters(index = "1", paramLabel = "ALIAS", description = "the alias, e.g. champion or challenger")
    String alias;

    @Parameters(index = "2", paramLabel = "VERSION", arity = "0..1", description = "the version it should point at")
    Long version;

    @Option(names = "--remove", description = "remove the alias instead")
    boolean remove;

    @Option(names = "--by", description = "who makes the change, for the record (default: the operating-system user)")
    String by;

    @Option(names = "--store", defaultValue = "floe-data", description = "store directory (default: ${DEFAULT-VALUE})")
    Path store;

    @Override
    public Integer call() {
        if (remove == (version != null)) {
            throw new UsageException("give either a VERSION or --remove");
        }
        String through = "{URL}v1/models/" + name + "/labels/" + alias;
        try (GeoStore geoStore = Stores.open(store, "change the alias through it (TF Serving's label API): " + (remove
                ? "curl -X DELETE " + through + " -H 'Authorization: Bearer KEY'"
                : "curl -X PUT " + through + " -H 'Authorization: Bearer KEY' -d '{\"version\": " + version + "}'"))) {
            ModelRegistry registry = new ModelRegistry(geoStore);
            AliasChange c = remove ? registry.removeAlias(name, alias, ModelsCommand.who(by))
                    : registry.setAlias(name, alias, version, ModelsCommand.who(by));
            parent.floe.out().println(c == null ? name + "\t" + alias + "\t" + version + "\t(unchanged)"
                    : name + "\t" + alias + "\t" + (c.from() == null ? "-" : c.from()) + " -> " + (c.to() == null ? "-" : c.to()));
        }
        return 0;
    }
}
