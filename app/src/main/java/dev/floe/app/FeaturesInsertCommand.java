package dev.floe.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.floe.ml.MlDataException;
import dev.floe.ml.features.CsvFrames;
import dev.floe.ml.features.FeatureGroup;
import dev.floe.ml.features.IngestionMode;
import dev.floe.ml.features.ValidationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe features insert}: validate rows from a CSV file and commit them as the ingestion mode allows. */
@Command(name = "insert", 
        description = "Insert rows (CSV with a header of feature names) into a feature group as one commit; rows with an "
                + "existing primary key replace the old ones. --mode STRICT ingests only if every expectation passes, "
                + "WARNING also if only WARNING-level ones fail, ALL always (validating), NONE without validating.")
final class FeaturesInsertCommand implements Callable<Integer> {

    @ParentCommand
    FeaturesCommand parent;

    @Mixin
    FeaturesCommand.GroupOptions group;

    @Option(names = "--input", required = true, description = "CSV file")
    Path input;

    @Option(names = "--mode", defaultValue = "STRICT", description = "STRICT, WARNING, ALL or NONE (default: ${DEFAULT-VALUE})")
    IngestionMode mode;

    @Override
    public Integer call() {
        FeatureGroup g = group.open();
        FeatureGroup.InsertResult r = g.insert(CsvFrames.read(input, g.spec().schema()), mode, input.toString());
        if (r.report() != null) {
            FeaturesValidateCommand.print(parent.floe.err(), r.report());
        }
        if (!r.ingested()) {
            throw new MlDataException(input + ": rejected by validation (" + r.report().status() + " under " + mode
                    + "); nothing was written");
        }
        parent.floe.out().printf(Locale.ROOT, "%s\tcommit %d\t%d rows\t%s%n", group.name, r.commit().id(), r.commit().rows(),
                r.report() == null ? "not validated" : r.report().status());
        return 0;
    }

    static String status(ValidationReport r) {
        return r == null ? "-" : r.status().name();
    }
}
