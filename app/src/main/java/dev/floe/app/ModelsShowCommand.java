package dev.floe.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.floe.ml.MlDataException;
import dev.floe.ml.registry.AliasChange;
import dev.floe.ml.registry.ModelRegistry;
import dev.floe.ml.registry.ModelVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code floe models show NAME}: a registered model's versions, aliases and alias history. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show a registered model: its versions (run, training set, test accuracy, SHA-256, registered when and by whom), "
                + "its aliases and every alias change.")
final class ModelsShowCommand implements Callable<Integer> {

    @ParentCommand
    ModelsCommand parent;

    @Parameters(index = "0", paramLabel = "NAME", description = "the registered model")
    String name;

    @Option(names = "--store", defaultValue = "floe-data", description = "store directory (default: ${DEFAULT-VALUE})")
    Path store;

    @Mixin
    ServerAccess access;

    @Override
    public Integer call() {
        try (StoreRegistry opened = StoreRegistry.open(store, access)) {
            ModelRegistry registry = opened.registry();
            if (!registry.models().contains(name)) {
                throw new MlDataException("no registered model called " + name + " in " + store + " (floe models list shows them)");
            }
            var out = parent.floe.out();
            out.println("model " + name + " (" + ModelRegistry.modelIri(name) + ")");
            out.println("version\trun\ttraining set\tarchitecture\tclasses\ttest accuracy\tsha256\tregistered\tby");
            for (ModelVersion v : registry.versions(name)) {
                out.println(v.version() + "\t" + v.runId() + "\t" + v.trainingSetIri() + "\t" + v.architecture() + "\t"
                        + String.join(",", v.classes()) + "\t"
                        + (v.testAccuracy() == null ? "-" : String.format(Locale.ROOT, "%.4f", v.testAccuracy())) + "\t"
                        + v.sha256() + "\t" + v.registered() + "\t" + v.registeredBy());
            }
            out.println("alias\tversion");
            for (Map.Entry<String, Long> a : registry.aliases(name).entrySet()) {
                out.println(a.getKey() + "\t" + a.getValue());
            }
            out.println("alias change\tfrom\tto\tby\tat");
            for (AliasChange c : registry.history(name)) {
                out.println(c.alias() + "\t" + (c.from() == null ? "-" : c.from()) + "\t" + (c.to() == null ? "-" : c.to()) + "\t"
                        + c.by() + "\t" + c.at());
            }
        }
        return 0;
    }
}
