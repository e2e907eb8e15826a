package dev.floe.ml.features;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.floe.geo.AtomicFiles;
import dev.floe.ml.MlDataException;

/**
 * One version of a feature group on disk:
 *
 * <pre>
 *   featuregroup.json          the {@link FeatureGroupSpec}
 *   commits.json               the {@link Commit}s, in order (the commit point of an insert)
 *   data/commit-NNNNNN.parquet the rows of each commit
 *   statistics/commit-NNNNNN.json the {@link FeatureStatistics} of the group as of each commit
 *   validations.jsonl          the validation history, one {@link ValidationEntry} per line
 * </pre>
 *
 * Reading merges the commits in order by primary key (a later commit's row replaces an earlier one), so
 * reading as of commit k (time travel) sees the group exactly as it was after k. An insert writes its
 * Parquet file first and then replaces commits.json atomically: a crash in between leaves an unreferenced
 * file, never a half commit. One writer at a time per group.
 */
public final class FeatureGroup {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper JSON_LINE = new ObjectMapper();

    private final Path folder;
    private final FeatureGroupSpec spec;

    FeatureGroup(Path folder, FeatureGroupSpec spec) {
        this.folder = folder;
        this.spec = spec;
    }

    /** Opens the group version in {@code folder} (use {@link dev.floe.ml.FeatureStore#get}). */
    public static FeatureGroup open(Path folder) {
        Path file = folder.resolve("featuregroup.json");
        try {
            return new FeatureGroup(folder, JSON.readValue(file.toFile(), FeatureGroupSpec.class));
        } catch (IOException e) {
            throw new MlDataException(file + ": unreadable feature group: " + e.getMessage(), e);
        }
    }

    public FeatureGroupSpec spec() {
        return spec;
    }

    public Path folder() {
        return folder;
    }

    public List<Commit> commits() {
        Path file = folder.resolve("commits.json");
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<Commit>>() { });
        } catch (IOException e) {
            throw new MlDataException(file + ": unreadable commit log: " + e.getMessage(), e);
        }
    }

    public List<ValidationEntry> validations() {
        Path file = folder.resolve("validations.jsonl");
        if (!Files.exists(file)) {
            return List.of();
        }
        List<ValidationEntry> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(JSON_LINE.readValue(line, ValidationEntry.class));
                }
            }
        } catch (IOException e) {
            throw new MlDataException(file + ": unreadable validation history: " + e.getMessage(), e);
        }
        return out;
    }

    /** The result of an insert: the commit (null when the validation rejected the rows) and the report (null under NONE). */
    public record InsertResult(Commit commit, ValidationReport report) {
        public boolean ingested() {
            return commit != null;
        }
    }

    /** Validates {@code frame} as {@code mode} says and, if admitted, commits it; {@code input} names it in the history. */
    public InsertResult insert(FeatureFrame frame, IngestionMode mode, String input) {
        if (!frame.schema().equals(spec.schema())) {
            throw new MlDataException(input + ": the rows' schema " + describe(frame.schema()) + " is not the group's "
                    + describe(spec.schema()));
        }
        checkKeys(frame, input);
        ValidationReport report = mode == IngestionMode.NONE ? null : Validator.validate(frame, spec.expectations());
        boolean admitted = report == null || mode.admits(report.status());
        Instant now = Instant.now();
        if (!admitted) {
            appendHistory(new ValidationEntry(now.toString(), input, frame.size(), mode.name(), report, false, null));
            return new InsertResult(null, report);
        }
        List<Commit> commits = new ArrayList<>(commits());
        long id = commits.isEmpty() ? 1 : commits.get(commits.size() - 1).id() + 1;
        String name = String.format(Locale.ROOT, "commit-%06d", id);
        Path data = folder.resolve("data").resolve(name + ".parquet");
        try {
            Files.createDirectories(data.getParent());
            Files.createDirectories(folder.resolve("statistics"));
            AtomicFiles.writeFile(data, tmp -> {
                ParquetFrames.write(tmp, spec.name(), frame);
                return null;
            });
            Commit commit = new Commit(id, now.toString(), "data/" + name + ".parquet", frame.size(), mode.name(),
                    report == null ? null : report.status().name());
            commits.add(commit);
            FeatureFrame merged = merge(commits);
            writeAtomically(folder.resolve("statistics").resolve(name + ".json"), FeatureStatistics.of(merged));
            writeAtomically(folder.resolve("commits.json"), commits);
            if (report != null) {
                appendHistory(new ValidationEntry(now.toString(), input, frame.size(), mode.name(), report, true, id));
            }
            return new InsertResult(commit, report);
        } catch (IOException e) {
            throw new MlDataException(folder + ": cannot commit: " + e.getMessage(), e);
        }
    }

    /** Validates without ingesting and records the outcome (mode VALIDATE) in the history. */
    public ValidationReport validate(FeatureFrame frame, String input) {
        ValidationReport report = Validator.validate(frame, spec.expectations());
        appendHistory(new ValidationEntry(Instant.now().toString(), input, frame.size(), "VALIDATE", report, false, null));
        return report;
    }

    /** The group as it is now. */
    public FeatureFrame read() {
        return merge(commits());
    }

    /** The group as it was right after commit {@code commitId} (time travel). */
    public FeatureFrame readAsOf(long commitId) {
        List<Commit> all = commits();
        if (all.stream().noneMatch(c -> c.id() == commitId)) {
            throw new MlDataException(folder + ": no commit " + commitId + " (commits: "
                    + all.stream().map(Commit::id).toList() + ")");
        }
        return merge(all.stream().filter(c -> c.id() <= commitId).toList());
    }

    /** The group as it was at {@code time}: after the last commit made at or before it. */
    public FeatureFrame readAsOf(Instant time) {
        return merge(commits().stream().filter(c -> !Instant.parse(c.time()).isAfter(time)).toList());
    }

    /** The statistics recorded with commit {@code commitId} (the group as of that commit). */
    public FeatureStatistics statistics(long commitId) {
        Path file = folder.resolve("statistics").resolve(String.format(Locale.ROOT, "commit-%06d.json", commitId));
        if (!Files.exists(file)) {
            throw new MlDataException(folder + ": no statistics for commit " + commitId);
        }
        try {
            return JSON.readValue(file.toFile(), FeatureStatistics.class);
        } catch (IOException e) {
            throw new MlDataException(file + ": unreadable statistics: " + e.getMessage(), e);
        }
    }

    private FeatureFrame merge(List<Commit> commits) {
        int[] key = spec.primaryKey().stream().mapToInt(k -> spec.schema().stream().map(Feature::name).toList().indexOf(k)).toArray();
        Map<List<Object>, Object[]> rows = new LinkedHashMap<>();
        for (Commit c : commits) {
            for (Object[] row : ParquetFrames.read(folder.resolve(c.file()), spec.schema()).rows()) {
                rows.put(keyOf(row, key), row);
            }
        }
        return new FeatureFrame(spec.schema(), new ArrayList<>(rows.values()));
    }

    private static List<Object> keyOf(Object[] row, int[] key) {
        List<Object> k = new ArrayList<>(key.length);
        for (int i : key) {
            k.add(row[i]);
        }
        return k;
    }

    private void checkKeys(FeatureFrame frame, String input) {
        int[] key = spec.primaryKey().stream().mapToInt(frame::index).toArray();
        Set<List<Object>> seen = new HashSet<>();
        for (int r = 0; r < frame.size(); r++) {
            List<Object> k = keyOf(frame.rows().get(r), key);
            if (k.contains(null)) {
                throw new MlDataException(input + ": row " + (r + 1) + ": the primary key " + spec.primaryKey() + " has no value");
            }
            if (!seen.add(k)) {
                throw new MlDataException(input + ": row " + (r + 1) + ": primary key " + spec.primaryKey() + " = " + k
                        + " appears twice in the input");
            }
        }
    }

    private static String describe(List<Feature> schema) {
        return schema.stream().map(f -> f.name() + ":" + f.type().label()).toList().toString();
    }

    private void appendHistory(ValidationEntry entry) {
        try {
            Files.writeString(folder.resolve("validations.jsonl"), JSON_LINE.writeValueAsString(entry) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new MlDataException(folder + ": cannot record the validation: " + e.getMessage(), e);
        }
    }

    static void writeAtomically(Path file, Object value) throws IOException {
        AtomicFiles.write(file, out -> {
            JSON.writeValue(out, value);
            return null;
        });
    }
}
