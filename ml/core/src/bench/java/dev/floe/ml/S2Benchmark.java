package dev.floe.ml;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.model.CnnSpec;
import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.s2.S2Item;
import dev.floe.ml.s2.S2Patches;
import dev.floe.ml.train.EpochMetrics;
import dev.floe.ml.train.Evaluation;
import dev.floe.ml.train.TrainingOptions;
import dev.floe.ml.train.TrainingResult;
import dev.floe.ml.trainingset.SparqlSource;
import dev.floe.ml.trainingset.Split;
import dev.floe.ml.trainingset.SplitRatios;
import dev.floe.ml.trainingset.TrainingQuery;
import dev.floe.store.GeoStore;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyOptions;

/**
 * The Sentinel-2 land-cover benchmark (docs/BENCHMARKS.md), run with {@code mvn -B -Pbench verify}: all 10
 * mapchete-eo L2A products (read in place from ../shared/data) cut into 15x15-pixel patches labelled by
 * their majority SCL class, triplified with the catalog, loaded, pulled by queries/training/s2-land-cover.rq,
 * and the s2-cnn trained at its default size. Two evaluations, each against the majority-class baseline
 * measured on the same test samples: (a) the training set's own seeded stratified split, where the same
 * place seen on another date can be in train and test (optimistic), and (b) spatially disjoint, trained on
 * tile 33TWM and tested on tile 33TWL. Prints a Markdown report and writes it to target/benchmark-s2.md.
 */
class S2Benchmark {

    static final int SIZE = 15;
    static final int EPOCHS = Integer.getInteger("floe.bench.epochs", 5);

    @TempDir
    Path dir;

    @Test
    void s2LandCover() throws IOException {
        String base = System.getProperty("floe.shared.data");
        Path catalog = (base == null ? Path.of("..", "..", "..", "shared", "data") : Path.of(base)).resolve("stac/mapchete-eo-s2-l2a/catalog.json");
        assumeTrue(Files.isRegularFile(catalog), "no ../shared/data/stac/mapchete-eo-s2-l2a");
        StringBuilder md = new StringBuilder();
        long t0 = System.nanoTime();
        List<Path> items = S2Item.items(catalog);
        Path patches = dir.resolve("s2patches.nt");
        S2Patches.Summary cut = new S2Patches(SIZE, 0.5).cut(items, patches, null);
        double cutSeconds = (System.nanoTime() - t0) / 1e9;
        Path catalogNt = dir.resolve("catalog.nt");
        new Triplifier(TriplifyOptions.defaults()).triplify(catalog, catalogNt);
        md.append(String.format(Locale.ROOT, "Machine: %d cores, Java %s, max heap %d MiB, OMP_NUM_THREADS=%s.%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, System.getenv("OMP_NUM_THREADS")));
        md.append(String.format(Locale.ROOT, "Patches: %d products, %d patches of %dx%d px (%.1f km), %d skipped (over 50%% no data), "
                + "cut in %.1f s; per class %s; %d SCL pixels with values that are no class (lossy JPEG 2000), taken as no data%n%n",
                cut.products(), cut.patches(), SIZE, SIZE, SIZE * 0.12, cut.skippedNoData(),
                cutSeconds, new java.util.TreeMap<>(cut.perClass()), cut.invalidSclPixels()));
        try (GeoStore store = GeoStore.open(dir.resolve("store"))) {
            store.load(List.of(catalogNt, patches));
            Path q = Path.of("..", "..", "queries", "training", "s2-land-cover.rq");
            TrainingSet set = TrainingSet.create("s2", new TrainingQuery(Files.readString(q), q.toString()), SparqlSource.store(store),
                    TrainingSet.folderIn(store.directory(), "s2"), SplitRatios.DEFAULT, 42, null);
            md.append(String.format(Locale.ROOT, "Training set: %d samples, classes %s, counts %s%n%n", set.manifest().total(),
                    set.manifest().classes(), set.manifest().counts()));
            ModelFamily family = ModelFamily.S2_CNN;
            ImageSamples train = family.adapt(set.samples(Split.TRAIN));
            ImageSamples validation = family.adapt(set.samples(Split.VALIDATION));
            ImageSamples test = family.adapt(set.samples(Split.TEST));
            CnnSpec spec = family.spec(train, family.defaultFilters(), family.defaultDense(), 1e-3);
            TrainingOptions options = new TrainingOptions(EPOCHS, 64, 42);
            md.append("### (a) The training set's stratified random split (same places on other dates in train and test)\n\n");
            report(md, new Trainer(System.err).train(spec, train, validation, options), test);

            // (b) spatially disjoint: tile 33TWM for training (its validation split for validation), 33TWL for testing
            ImageSamples all = ImageSamples.concat(List.of(train, validation, test));
            ImageSamples twm = all.inTile("33TWM");
            ImageSamples twl = all.inTile("33TWL");
            int cut9 = (int) (twm.size() * 0.9);
            int[] order = shuffled(twm.size(), 42);
            ImageSamples trainB = twm.subset(java.util.Arrays.copyOfRange(order, 0, cut9));
            ImageSamples validB = twm.subset(java.util.Arrays.copyOfRange(order, cut9, twm.size()));
            md.append(String.format(Locale.ROOT, "### (b) Spatially disjoint: train on tile 33TWM (%d patches), test on tile 33TWL (%d patches)%n%n",
                    twm.size(), twl.size()));
            report(md, new Trainer(System.err).train(spec, trainB, validB, options), twl);
        }
        System.out.println(md);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "benchmark-s2.md"), md);
    }

    private static void report(StringBuilder md, TrainingResult result, ImageSamples test) {
        Evaluation e = Evaluation.of(result.model(), result.standardiser(), test, 256);
        double rate = result.epochs().stream().mapToDouble(EpochMetrics::samplesPerSecond).average().orElse(0);
        md.append(String.format(Locale.ROOT, "%d epochs, %.0f samples/s (mean of epochs); final train loss %.4f, validation accuracy %.4f%n%n",
                result.epochs().size(), rate, result.last().trainLoss(), result.last().validationAccuracy()));
        md.append(String.format(Locale.ROOT, "| | test samples | accuracy |%n|---|---|---|%n| s2-cnn | %d | %.4f |%n"
                + "| majority-class baseline | %d | %.4f |%n%n", e.total(), e.accuracy(), e.total(), e.majorityBaseline()));
        md.append("| class | test samples | recall (s2-cnn) |\n|---|---|---|\n");
        for (int c = 0; c < e.classes().size(); c++) {
            long n = java.util.Arrays.stream(e.confusion()[c]).sum();
            md.append(String.format(Locale.ROOT, "| %s | %d | %s |%n", e.classes().get(c), n,
                    n == 0 ? "-" : String.format(Locale.ROOT, "%.4f", e.recall(c))));
        }
        md.append('\n');
    }


    private static int[] shuffled(int n, long seed) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(i);
        }
        java.util.Collections.shuffle(l, new java.util.Random(seed));
        return l.stream().mapToInt(Integer::intValue).toArray();
    }
}
