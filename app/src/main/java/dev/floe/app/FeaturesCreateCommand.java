package dev.floe.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.floe.ml.FeatureStore;
import dev.floe.ml.MlDataException;
import dev.floe.ml.features.Expectation;
import dev.floe.ml.features.ExpectationsFile;
import dev.floe.ml.features.Feature;
import dev.floe.ml.features.FeatureGroup;
import dev.floe.ml.features.FeatureGroupSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe features create}: a new feature group (or a new version of one). */
@Command(name = "create", description = "Create a feature group version: schema, primary key, event time, expectations.")
final class FeaturesCreateCommand implements Callable<Integer> {

    @ParentCommand
    FeaturesCommand parent;

    @Mixin
    FeaturesCommand.StoreOption store;

    @Option(names = "--name", required = true, description = "feature group name")
    String name;

    @Option(names = "--version", description = "version (default: the next one)")
    Integer version;

    // --version names the feature group's version here, so picocli's standard help mixin (-V/--version) cannot be used
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--schema", required = true, split = ",", description = "features as name:type (int, double, string, boolean, timestamp), comma-separated")
    List<String> schema;

    @Option(names = "--primary-key", required = true, split = ",", description = "primary key feature(s)")
    List<String> primaryKey;

    @Option(names = "--event-time", description = "the timestamp feature that says when a row's values were true")
    String eventTime;

    @Option(names = "--expectations", description = "JSON file of expectations (rules HAS_DATATYPE, HAS_MIN, HAS_MAX, HAS_MEAN, "
            + "HAS_COMPLETENESS, HAS_UNIQUENESS, IS_CONTAINED_IN, HAS_PATTERN)")
    Path expectations;

    @Option(names = "--description", description = "what the group holds")
    String description;

    @Override
    public Integer call() {
        FeatureStore fs = store.open();
        List<Feature> features = new ArrayList<>();
        List<Expectation> rules = List.of();
        try {
            schema.forEach(s -> features.add(Feature.parse(s)));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--schema: " + e.getMessage());
        }
        if (expectations != null) {
            if (!Files.isRegularFile(expectations)) {
                throw new UsageException("--expectations " + expectations + ": no such file");
            }
            rules = ExpectationsFile.read(expectations);
        }
        int v = version != null ? version : fs.latestVersion(name) + 1;
        FeatureGroupSpec spec;
        try {
            spec = new FeatureGroupSpec(name, v, description, features, primaryKey, eventTime, rules);
        } catch (IllegalArgumentException e) {
            // the spec checks the values given here (name, primary key, event time, expectations) and names the bad one
            throw new MlDataException(e.getMessage(), e);
        }
        FeatureGroup g = fs.create(spec);
        parent.floe.out().printf("%s\tversion %d\t%d features\t%d expectations\t%s%n", name, v, features.size(), rules.size(), g.folder());
        return 0;
    }
}
