package dev.floe.app;

import java.nio.file.Path;

import dev.floe.ml.FeatureStore;
import dev.floe.ml.features.FeatureGroup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe features}: the feature store (feature groups in Parquet, statistics, expectations, training datasets). */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = "The feature store: versioned feature groups (Parquet), statistics, expectations, validation history, "
                + "time travel, training datasets.",
        subcommands = {FeaturesCreateCommand.class, FeaturesInsertCommand.class, FeaturesReadCommand.class,
                       FeaturesStatsCommand.class, FeaturesValidateCommand.class, FeaturesHistoryCommand.class,
                       FeaturesTrainingDatasetCommand.class})
final class FeaturesCommand implements Runnable {

    @ParentCommand
    Floe floe;

    @Override
    public void run() {
        new CommandLine(this).usage(floe.err());
    }

    /** The options every features sub-command shares. */
    static final class StoreOption {
        @Option(names = "--store", defaultValue = "floe-data", description = "store directory (default: ${DEFAULT-VALUE})")
        Path store;

        FeatureStore open() {
            Stores.existing("--store", store);
            return new FeatureStore(store);
        }
    }

    /** The feature group a sub-command works on: the store, --name and --version. */
    static final class GroupOptions {
        @Mixin
        StoreOption store;

        // the sub-commands have their own --version (of the feature group), so they cannot take picocli's standard
        // help mixin (whose -V/--version would clash); --help comes from here instead
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--name", required = true, description = "feature group name")
        String name;

        @Option(names = "--version", description = "version (default: the latest)")
        Integer version;

        FeatureGroup open() {
            return store.open().get(name, version);
        }
    }

    /** Parses --as-of: a commit number or an ISO-8601 instant. */
    static Object asOf(String text) {
        if (text == null) {
            return null;
        }
        if (text.matches("\\d+")) {
            return Long.parseLong(text);
        }
        try {
            return java.time.Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new UsageException("--as-of " + text + ": give a commit number or a UTC time such as 2026-11-21T10:00:00Z");
        }
    }
}
