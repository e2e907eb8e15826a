package dev.floe.ml;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.floe.geo.AtomicFiles;
import dev.floe.ml.features.CsvFrames;
import dev.floe.ml.features.Feature;
import dev.floe.ml.features.FeatureFrame;
import dev.floe.ml.features.FeatureGroup;
import dev.floe.ml.features.FeatureGroupSpec;
import dev.floe.ml.features.FeatureType;
import dev.floe.ml.features.ParquetFrames;
import dev.floe.ml.features.TfRecordWriter;
import dev.floe.ml.features.TrainingDatasetFormat;
import dev.floe.ml.trainingset.Split;
import dev.floe.ml.trainingset.SplitRatios;
import dev.floe.ml.trainingset.StratifiedSplitter;

/**
 * Entry point of the ml module's feature store (Hopsworks' feature-store model on open formats), kept in
 * {@code STORE/features/}: versioned feature groups ({@code NAME/vN/}, see {@link FeatureGroup}) with
 * Parquet offline storage, statistics, expectations and time travel, and training datasets
 * ({@code trainingdatasets/NAME/vN/}) cut from a feature group with a seeded stratified split into Parquet,
 * CSV or TFRecord files.
 */
public final class FeatureStore {

    public static final String FOLDER = "features";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    /** The feature store of a floe store directory. */
    public FeatureStore(Path storeDir) {
        this.root = storeDir.toAbsolutePath().normalize().resolve(FOLDER);
    }

    public Path root() {
        return root;
    }

    private Path groupFolder(String name, int version) {
        return root.resolve(name).resolve("v" + version);
    }

    /** Creates a feature group version; it must not exist. */
    public FeatureGroup create(FeatureGroupSpec spec) {
        Path folder = groupFolder(spec.name(), spec.version());
        if (Files.exists(folder)) {
            throw new MlDataException(folder + ": feature group " + spec.name() + " version " + spec.version()
                    + " exists; create version " + (latestVersion(spec.name()) + 1) + " for a new schema");
        }
        try {
            AtomicFiles.createDirectory(folder, tmp -> {
                JSON.writeValue(tmp.resolve("featuregroup.json").toFile(), spec);
                return null;
            });
        } catch (IOException e) {
            throw new MlDataException(folder + ": cannot create the feature group: " + e.getMessage(), e);
        }
        return get(spec.name(), spec.version());
    }

    /** A feature group version; {@code version} null means the latest. */
    public FeatureGroup get(String name, Integer version) {
        int v = version != null ? version : latestVersion(name);
        Path folder = groupFolder(name, v);
        if (v < 1 || !Files.isRegularFile(folder.resolve("featuregroup.json"))) {
            throw new MlDataException(root + ": no feature group " + name + (version == null ? "" : " version " + version)
                    + "; create it with floe features create");
        }
        return openGroup(folder);
    }

    private static FeatureGroup openGroup(Path folder) {
        return FeatureGroup.open(folder);
    }

    /** The highest version of a group, 0 when there is none. */
    public int latestVersion(String name) {
        return latestVersionIn(root.resolve(name));
    }

    /** The highest {@code vN} folder in {@code dir}, 0 when there is none. */
    private static int latestVersionIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> versions = Files.list(dir)) {
            return versions.map(p -> p.getFileName().toString()).filter(n -> n.matches("v\\d+"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1))).max().orElse(0);
        } catch (IOException e) {
            throw new MlDataException(dir + ": " + e.getMessage(), e);
        }
    }

    /** Every feature group version, by name and version. */
    public List<FeatureGroupSpec> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<FeatureGroupSpec> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root, 3)) {
            files.filter(p -> p.getFileName().toString().equals("featuregroup.json"))
                    .filter(p -> !p.startsWith(root.resolve("trainingdatasets")))
                    .sorted().forEach(p -> out.add(openGroup(p.getParent()).spec()));
        } catch (IOException e) {
            throw new MlDataException(root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** What a training dataset is ({@code trainingdataset.json}) and where its split files are. */
    public record TrainingDataset(String name, int version, String featureGroup, int featureGroupVersion, Long asOfCommit,
                                  String label, List<String> features, String format, long seed, String splitRatios,
                                  Map<String, Integer> counts, Map<String, String> files, String created) {
    }

    /**
     * Cuts a training dataset from a feature group (as of {@code asOfCommit}, or now): the {@code label} feature
     * and {@code features} (all others when empty), split per label value with the seed, each split written as
     * a Parquet, CSV or TFRecord file under {@code trainingdatasets/NAME/vN/}.
     */
    public TrainingDataset createTrainingDataset(String name, String group, Integer groupVersion, Long asOfCommit, String label,
                                                 List<String> features, SplitRatios ratios, long seed, TrainingDatasetFormat format) {
        FeatureGroup fg = get(group, groupVersion);
        FeatureFrame frame = asOfCommit == null ? fg.read() : fg.readAsOf(asOfCommit);
        if (frame.size() == 0) {
            throw new MlDataException("feature group " + group + " has no rows" + (asOfCommit == null ? "" : " as of commit " + asOfCommit));
        }
        if (frame.index(label) < 0) {
            throw new MlDataException("feature group " + group + " has no feature " + label + " to use as the label");
        }
        List<String> chosen = new ArrayList<>();
        if (features == null || features.isEmpty()) {
            frame.schema().stream().map(Feature::name).filter(n -> !n.equals(label)).forEach(chosen::add);
        } else {
            chosen.addAll(features);
            chosen.remove(label);
        }
        List<String> columns = new ArrayList<>(chosen);
        columns.add(label);
        FeatureFrame selected = frame.select(columns);
        int labelIndex = columns.size() - 1;
        int[] key = fg.spec().primaryKey().stream().mapToInt(frame::index).toArray();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, Object[]> byKey = new LinkedHashMap<>();
        for (int r = 0; r < frame.size(); r++) {
            Object[] full = frame.rows().get(r);
            StringBuilder k = new StringBuilder();
            for (int i : key) {
                k.append(FeatureType.text(full[i])).append('\u0001');
            }
            Object lv = selected.rows().get(r)[labelIndex];
            if (lv == null) {
                throw new MlDataException("feature group " + group + ": row with key " + k.toString().replace('\u0001', ' ').strip()
                        + " has no " + label + " (every training row needs a label)");
            }
            labels.put(k.toString(), FeatureType.text(lv));
            byKey.put(k.toString(), selected.rows().get(r));
        }
        Map<String, Split> splits = StratifiedSplitter.split(labels, ratios, seed);
        int version = latestTrainingDatasetVersion(name) + 1;
        Path folder = root.resolve("trainingdatasets").resolve(name).resolve("v" + version);
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, String> files = new LinkedHashMap<>();
        try {
            return AtomicFiles.createDirectory(folder, tmp -> {
                for (Split s : Split.values()) {
                    List<Object[]> rows = new ArrayList<>();
                    // rows in key order, so the files do not depend on commit order
                    byKey.entrySet().stream().sorted(Map.Entry.comparingByKey())
                            .filter(e -> splits.get(e.getKey()) == s).forEach(e -> rows.add(e.getValue()));
                    FeatureFrame part = new FeatureFrame(selected.schema(), rows);
                    String file = s.label() + "." + format.extension();
                    write(tmp.resolve(file), name, part, format);
                    counts.put(s.label(), rows.size());
                    files.put(s.label(), file);
                }
                TrainingDataset td = new TrainingDataset(name, version, group, fg.spec().version(), asOfCommit, label, chosen,
                        format.name().toLowerCase(java.util.Locale.ROOT), seed, ratios.toString(), counts, files, Instant.now().toString());
                JSON.writeValue(tmp.resolve("trainingdataset.json").toFile(), td);
                return td;
            });
        } catch (IOException e) {
            throw new MlDataException(folder + ": cannot write the training dataset: " + e.getMessage(), e);
        }
    }

    /** The folder of a training dataset version. */
    public Path trainingDatasetFolder(String name, int version) {
        return root.resolve("trainingdatasets").resolve(name).resolve("v" + version);
    }

    private int latestTrainingDatasetVersion(String name) {
        return latestVersionIn(root.resolve("trainingdatasets").resolve(name));
    }

    private static void write(Path file, String name, FeatureFrame frame, TrainingDatasetFormat format) throws IOException {
        switch (format) {
            case PARQUET -> ParquetFrames.write(file, name, frame);
            case CSV -> CsvFrames.write(file, frame);
            case TFRECORD -> {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
                     TfRecordWriter w = new TfRecordWriter(out)) {
                    for (Object[] row : frame.rows()) {
                        w.writeExample(frame.schema(), row);
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
    }
}
