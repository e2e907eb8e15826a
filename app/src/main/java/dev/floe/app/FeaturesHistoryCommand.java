package dev.floe.app;

import java.util.concurrent.Callable;

import dev.floe.ml.features.Commit;
import dev.floe.ml.features.FeatureGroup;
import dev.floe.ml.features.ValidationEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code floe features history}: a feature group's commits and validation history. */
@Command(name = "history", description = "List a feature group's commits and its validation history.")
final class FeaturesHistoryCommand implements Callable<Integer> {

    @ParentCommand
    FeaturesCommand parent;

    @Mixin
    FeaturesCommand.GroupOptions group;

    @Override
    public Integer call() {
        FeatureGroup g = group.open();
        var out = parent.floe.out();
        out.println("commits:");
        for (Commit c : g.commits()) {
            out.printf("  %d\t%s\t%d rows\t%s\tvalidation %s\t%s%n", c.id(), c.time(), c.rows(), c.mode(),
                    c.validation() == null ? "-" : c.validation(), c.file());
        }
        out.println("validations:");
        for (ValidationEntry v : g.validations()) {
            out.printf("  %s\t%s\t%s\t%d rows\t%s\t%s%n", v.time(), v.mode(), v.report().status(), v.rows(),
                    v.ingested() ? "ingested as commit " + v.commit() : "not ingested", v.input());
        }
        return 0;
    }
}
