package dev.floe.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.floe.ml.features.CsvFrames;
import dev.floe.ml.features.FeatureFrame;
import dev.floe.ml.features.FeatureGroup;
import dev.floe.ml.features.ValidationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe features validate}: check rows against the expectations without ingesting them. */
@Command(name = "validate", 
        description = "Validate a CSV file (or the group's current rows) against the group's expectations without ingesting; "
                + "the outcome goes into the validation history. Exit code 1 when an ERROR-level rule fails.")
final class FeaturesValidateCommand implements Callable<Integer> {

    @ParentCommand
    FeaturesCommand parent;

    @Mixin
    FeaturesCommand.GroupOptions group;

    @Option(names = "--input", description = "CSV file (default: the group's current rows)")
    Path input;

    @Override
    public Integer call() {
        FeatureGroup g = group.open();
        FeatureFrame rows = input != null ? CsvFrames.read(input, g.spec().schema()) : g.read();
        ValidationReport r = g.validate(rows, input != null ? input.toString() : "feature group " + group.name);
        print(parent.floe.out(), r);
        return r.status() == ValidationReport.Status.FAILURE ? 1 : 0;
    }

    static void print(PrintStream out, ValidationReport r) {
        out.println("validation: " + r.status());
        for (ValidationReport.RuleResult x : r.results()) {
            out.printf(Locale.ROOT, "  %-4s %-16s %-12s %-7s %s%n", x.passed() ? "ok" : "FAIL", x.rule(), x.feature(), x.level(), x.message());
        }
    }
}
