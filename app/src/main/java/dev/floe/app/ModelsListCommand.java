package dev.floe.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import dev.floe.ml.registry.ModelRegistry;
import dev.floe.ml.registry.ModelVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe models list}: the registered models, one line each. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List registered models: name, versions, aliases (alias=version), architecture and classes of the latest version.")
final class ModelsListCommand implements Callable<Integer> {

    @ParentCommand
    ModelsCommand parent;

    @Option(names = "--store", defaultValue = "floe-data", description = "store directory (default: ${DEFAULT-VALUE})")
    Path store;

    @Mixin
    ServerAccess access;

    @Override
    public Integer call() {
        try (StoreRegistry opened = StoreRegistry.open(store, access)) {
            ModelRegistry registry = opened.registry();
            var out = parent.floe.out();
            out.println("model\tversions\taliases\tarchitecture\tclasses");
            for (String name : registry.models()) {
                List<ModelVersion> versions = registry.versions(name);
                ModelVersion latest = versions.get(versions.size() - 1);
                Map<String, Long> aliases = registry.aliases(name);
                out.println(name + "\t" + versions.stream().map(v -> Long.toString(v.version())).collect(Collectors.joining(","))
                        + "\t" + (aliases.isEmpty() ? "-" : aliases.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(","))) + "\t" + latest.architecture() + "\t" + String.join(",", latest.classes()));
            }
        }
        return 0;
    }
}
