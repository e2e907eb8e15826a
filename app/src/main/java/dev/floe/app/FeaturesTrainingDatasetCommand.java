package dev.floe.app;

import java.util.List;
import java.util.concurrent.Callable;

import dev.floe.ml.FeatureStore;
import dev.floe.ml.features.TrainingDatasetFormat;
import dev.floe.ml.trainingset.SplitRatios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe features trainingdataset}: split a feature group into train/validation/test files. */
@Command(name = "trainingdataset", mixinStandardHelpOptions = true,
        description = "Cut a training dataset from a feature group (now or --as-of a commit): label and features, a seeded "
                + "stratified split, one Parquet, CSV or TFRecord (tf.train.Example) file per split.")
final class FeaturesTrainingDatasetCommand implements Callable<Integer> {

    @ParentCommand
    FeaturesCommand parent;

    @Mixin
    FeaturesCommand.StoreOption store;

    @Option(names = "--name", required = true, description = "training dataset name (each run makes a new version)")
    String name;

    @Option(names = "--featuregroup", required = true, description = "feature group name")
    String group;

    @Option(names = "--featuregroup-version", description = "feature group version (default: the latest)")
    Integer groupVersion;

    @Option(names = "--as-of", description = "commit number of the feature group")
    Long asOf;

    @Option(names = "--label", required = true, description = "the label feature")
    String label;

    @Option(names = "--features", split = ",", description = "features to include (default: all but the label)")
    List<String> features;

    @Option(names = "--split", defaultValue = "0.7,0.15,0.15", description = "train,validation,test fractions (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the split (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--format", defaultValue = "parquet", description = "parquet, csv or tfrecord (default: ${DEFAULT-VALUE})")
    String format;

    @Override
    public Integer call() {
        SplitRatios ratios;
        TrainingDatasetFormat f;
        try {
            ratios = SplitRatios.parse(split);
            f = TrainingDatasetFormat.of(format);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        FeatureStore fs = store.open();
        FeatureStore.TrainingDataset td = fs.createTrainingDataset(name, group, groupVersion, asOf, label, features, ratios, seed, f);
        parent.floe.out().printf("%s\tversion %d\ttrain %d\tvalidation %d\ttest %d\t%s%n", td.name(), td.version(),
                td.counts().get("train"), td.counts().get("validation"), td.counts().get("test"),
                fs.trainingDatasetFolder(td.name(), td.version()));
        return 0;
    }
}
