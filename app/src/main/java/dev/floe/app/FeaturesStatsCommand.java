package dev.floe.app;

import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.floe.ml.MlDataException;
import dev.floe.ml.features.Commit;
import dev.floe.ml.features.FeatureGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe features stats}: the statistics recorded with a commit. */
@Command(name = "stats", 
        description = "Print the statistics of a feature group (count, nulls, min, max, mean, stddev, histogram per feature; "
                + "correlations) as JSON, as of the latest commit or --as-of COMMIT.")
final class FeaturesStatsCommand implements Callable<Integer> {

    @ParentCommand
    FeaturesCommand parent;

    @Mixin
    FeaturesCommand.GroupOptions group;

    @Option(names = "--as-of", description = "commit number")
    Long asOf;

    @Override
    public Integer call() throws Exception {
        FeatureGroup g = group.open();
        List<Commit> commits = g.commits();
        if (commits.isEmpty()) {
            throw new MlDataException(g.folder() + ": feature group " + group.name + " has no commits yet");
        }
        long commit = asOf != null ? asOf : commits.get(commits.size() - 1).id();
        parent.floe.out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(g.statistics(commit)));
        return 0;
    }
}
