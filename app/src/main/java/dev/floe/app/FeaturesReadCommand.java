package dev.floe.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

import dev.floe.ml.features.CsvFrames;
import dev.floe.ml.features.FeatureFrame;
import dev.floe.ml.features.FeatureGroup;
import dev.floe.ml.features.FeatureType;
import dev.floe.ml.features.ParquetFrames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe features read}: a feature group's rows, now or as of an earlier commit. */
@Command(name = "read", 
        description = "Print a feature group's rows as CSV (or write Parquet with --out F.parquet), now or --as-of a commit or time.")
final class FeaturesReadCommand implements Callable<Integer> {

    @ParentCommand
    FeaturesCommand parent;

    @Mixin
    FeaturesCommand.GroupOptions group;

    @Option(names = "--as-of", description = "a commit number, or a UTC time (the group after the last commit at or before it)")
    String asOf;

    @Option(names = "--out", description = "write to this file instead: .parquet or .csv")
    Path out;

    @Override
    public Integer call() throws IOException {
        FeatureGroup g = group.open();
        Object when = FeaturesCommand.asOf(asOf);
        FeatureFrame frame = when == null ? g.read() : when instanceof Long c ? g.readAsOf(c) : g.readAsOf((Instant) when);
        if (out != null) {
            if (out.toString().endsWith(".parquet")) {
                java.nio.file.Files.deleteIfExists(out);
                ParquetFrames.write(out, group.name, frame);
            } else {
                CsvFrames.write(out, frame);
            }
            return 0;
        }
        var o = parent.floe.out();
        o.println(String.join(",", frame.schema().stream().map(f -> f.name()).toList()));
        for (Object[] row : frame.rows()) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                String v = FeatureType.text(row[c]);
                line.append(c == 0 ? "" : ",").append(v.contains(",") || v.contains("\"") ? '"' + v.replace("\"", "\"\"") + '"' : v);
            }
            o.println(line);
        }
        return 0;
    }
}
