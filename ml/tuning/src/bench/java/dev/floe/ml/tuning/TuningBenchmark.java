package dev.floe.ml.tuning;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ml.TrainingSet;
import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.data.Standardiser;
import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.s2.S2Item;
import dev.floe.ml.s2.S2Patches;
import dev.floe.ml.trainingset.SparqlSource;
import dev.floe.ml.trainingset.Split;
import dev.floe.ml.trainingset.SplitRatios;
import dev.floe.ml.trainingset.TrainingQuery;
import dev.floe.store.GeoStore;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyOptions;

/**
 * Tuning and ablation on the Sentinel-2 land-cover set, spatially disjoint as S2Benchmark (b) builds it: the 10
 * mapchete-eo products cut into 15x15 patches, tile 33TWM for training (90 %) and validation (10 %), tile 33TWL for
 * testing. Run with {@code mvn -B -o -q -Pbench test -pl ml/tuning -am -Dtest=TuningBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; sized by floe.bench.trials, floe.bench.epochs, floe.bench.seeds,
 * floe.bench.parallel.
 *
 * <p>(1) ASHA against random search, same space, same trials: random search trains every trial to the epoch budget;
 * trials are deterministic in (hyperparameters, seed, epoch), so the curves ASHA's trials follow are prefixes of random
 * search's, and ASHA (the real {@link Asha} scheduler, one worker) is replayed over the recorded curves: exactly the
 * study {@code floe tune --strategy asha --parallel 1} runs, without training the same epochs twice. For each seed:
 * the epochs each strategy trains until one of its trials reaches the target test accuracy, and the best test
 * accuracy each reaches within ASHA's total epochs. (2) The ablation of the 4 bands and 2 convolution blocks against
 * one training run of the same model and epochs.
 */
class TuningBenchmark {

    static final int TRIALS = Integer.getInteger("floe.bench.trials", 6);
    static final int EPOCHS = Integer.getInteger("floe.bench.epochs", 4);
    static final int SEEDS = Integer.getInteger("floe.bench.seeds", 3);
    static final int PARALLEL = Integer.getInteger("floe.bench.parallel", 2);
    static final int ETA = Integer.getInteger("floe.bench.eta", 2);
    /** The share of 33TWM's patches trials train and validate on (seeded); the 33TWL test tile is always whole. */
    static final double FRACTION = Double.parseDouble(System.getProperty("floe.bench.fraction", "1.0"));
    static final double TARGET = Double.parseDouble(System.getProperty("floe.bench.target", "0.916"));
    static final String SPACE = """
            learning_rate: {log-uniform: [0.0003, 0.01]}
            filters: {choice: [8, 16]}
            dense: {choice: [16, 32]}
            batch_size: {choice: [32, 64]}
            """;

    @TempDir
    Path dir;

    @Test
    void tuningAndAblation() throws Exception {
        Path catalog = dev.floe.store.StoreFixtures.sharedData("stac/mapchete-eo-s2-l2a/catalog.json");
        assumeTrue(catalog != null, "no ../shared/data/stac/mapchete-eo-s2-l2a");
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Machine: %d cores, Java %s, OMP_NUM_THREADS=%s, load average %.1f.%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), System.getenv("OMP_NUM_THREADS"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        ImageSamples[] split = split(catalog);
        ImageSamples train = split[0];
        ImageSamples validation = split[1];
        ImageSamples test = split[2];
        md.append(String.format(Locale.ROOT, "Spatially disjoint split: %d train, %d validation (33TWM%s), %d test (33TWL) patches; "
                + "target test accuracy %.3f.%n%n", train.size(), validation.size(),
                FRACTION < 1 ? String.format(Locale.ROOT, ", a seeded %.0f %% of its patches", FRACTION * 100) : "", test.size(), TARGET));
        ModelFamily family = ModelFamily.S2_CNN;
        SearchSpace space = SearchSpace.parse(SPACE, "space.yaml", family);
        Standardiser standardiser = Standardiser.fit(train);

        // one epoch of the default model
        long t0 = System.nanoTime();
        CnnTrialTrainer plain = new CnnTrialTrainer(family, train, validation, Metric.VAL_ACCURACY);
        TrialModel defaults = new TrialModel(family.defaultFilters(), family.defaultDense(), 1e-3, 32);
        TrialTrainer.TrialRun one = plain.open(defaults, 1, null);
        one.epoch(1);
        double epochSeconds = (System.nanoTime() - t0) / 1e9;
        md.append(String.format(Locale.ROOT, "One epoch of the default s2-cnn (16,32 filters, dense 32, batch 32) on the train patches, with validation: %.1f s.%n%n",
                epochSeconds));
        System.err.print(md);

        md.append(String.format(Locale.ROOT, "### ASHA against random search%n%n%d trials from %s, up to %d epochs each; ASHA eta %d, "
                + "first rung 1 (rungs %s); metric val_accuracy; %d seeds.%n%n", TRIALS, SPACE.strip().replace("\n", "; "), EPOCHS, ETA,
                new Asha(1, EPOCHS, ETA).rungs(), SEEDS));
        md.append("| seed | random: epochs to target | ASHA: epochs to target | ASHA epochs in all | best test acc. random (same epochs) "
                + "| best test acc. ASHA | best test acc. random (all " + TRIALS * EPOCHS + " epochs) |\n|---|---|---|---|---|---|---|\n");
        List<Double> ratio = new ArrayList<>();
        for (int s = 0; s < SEEDS; s++) {
            long seed = 100 + s;
            List<Map<String, Object>> points = Sampler.RANDOM.sample(space, TRIALS, seed);
            double[][] val = new double[TRIALS][EPOCHS];
            double[][] acc = new double[TRIALS][EPOCHS];
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(PARALLEL);
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < TRIALS; i++) {
                int trial = i;
                fs.add(pool.submit(() -> {
                    CnnTrialTrainer tt = new CnnTrialTrainer(family, train, validation, Metric.VAL_ACCURACY);
                    TrialModel model = TrialModel.of(family, points.get(trial));
                    CnnTrialTrainer.Run run = tt.open(model, Study.trialSeed(seed, trial), null);
                    for (int e = 1; e <= EPOCHS; e++) {
                        val[trial][e - 1] = run.epoch(e).validationAccuracy();
                        acc[trial][e - 1] = testAccuracy(run, test);
                    }
                    return null;
                }));
            }
            for (var f : fs) {
                f.get();
            }
            pool.shutdown();
            // random search: trials in order, each to the budget
            int randomToTarget = -1;
            int spent = 0;
            for (int i = 0; i < TRIALS && randomToTarget < 0; i++) {
                for (int e = 0; e < EPOCHS; e++) {
                    spent++;
                    if (acc[i][e] >= TARGET) {
                        randomToTarget = spent;
                        break;
                    }
                }
            }
            // ASHA over the same curves
            List<int[]> ashaOrder = replayAsha(val);
            int ashaToTarget = -1;
            double ashaBest = 0;
            for (int k = 0; k < ashaOrder.size(); k++) {
                int[] te = ashaOrder.get(k);
                ashaBest = Math.max(ashaBest, acc[te[0]][te[1] - 1]);
                if (ashaToTarget < 0 && acc[te[0]][te[1] - 1] >= TARGET) {
                    ashaToTarget = k + 1;
                }
            }
            int budget = ashaOrder.size();
            double randomBest = 0;
            double randomBestAll = 0;
            int n = 0;
            for (int i = 0; i < TRIALS; i++) {
                for (int e = 0; e < EPOCHS; e++) {
                    if (n++ < budget) {
                        randomBest = Math.max(randomBest, acc[i][e]);
                    }
                    randomBestAll = Math.max(randomBestAll, acc[i][e]);
                }
            }
            if (randomToTarget > 0 && ashaToTarget > 0) {
                ratio.add((double) ashaToTarget / randomToTarget);
            }
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %d | %.4f | %.4f | %.4f |%n", seed,
                    randomToTarget < 0 ? "not reached" : Integer.toString(randomToTarget),
                    ashaToTarget < 0 ? "not reached" : Integer.toString(ashaToTarget), budget, randomBest, ashaBest, randomBestAll));
            System.err.println(md);
        }
        if (!ratio.isEmpty()) {
            double[] r = ratio.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            md.append(String.format(Locale.ROOT, "%nMedian over the seeds where both reached the target: ASHA needed %.2f x random "
                    + "search's epochs (goal: at most 1/3).%n%n", r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2));
        }

        // the ablation against one training run
        int seeds = Integer.getInteger("floe.bench.ablation.seeds", 1);
        long a0 = System.nanoTime();
        TrialTrainer.TrialRun base = new CnnTrialTrainer(family, train, validation, Metric.VAL_ACCURACY).open(defaults, 42, null);
        for (int e = 1; e <= EPOCHS; e++) {
            base.epoch(e);
        }
        double oneRun = (System.nanoTime() - a0) / 1e9;
        List<Long> seedList = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            seedList.add(42L + i);
        }
        Ablation.Settings settings = new Ablation.Settings(family, defaults, Metric.VAL_ACCURACY, EPOCHS, seedList, PARALLEL, 0.05, 2);
        long b0 = System.nanoTime();
        List<Ablation.Result> results = new Ablation(settings, train, validation, List.of())
                .run(List.of("band:B02", "band:B03", "band:B04", "band:B08", "conv1", "conv2"));
        double ablation = (System.nanoTime() - b0) / 1e9;
        md.append(String.format(Locale.ROOT, "### Ablation: 4 bands x 2 convolution blocks, %d seed(s), %d epochs, %d workers%n%n"
                + "One training run (%d epochs): %.1f s; the ablation (baseline + 6 variants, x %d seeds): %.1f s = %.1f x one run "
                + "(goal: at most 7 x).%n%n", seeds, EPOCHS, PARALLEL, EPOCHS, oneRun, seeds, ablation, ablation / oneRun));
        List<String> rows = new ArrayList<>(Ablation.table(Metric.VAL_ACCURACY, results).stream().map(l -> l.replace("\t", " | ")).toList());
        rows.add(1, "---|---|---|---|---|---|---");
        md.append("| ").append(String.join(" |\n| ", rows)).append(" |\n");
        System.out.println(md);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "benchmark-tuning.md"), md);
    }

    /** The (trial, epoch) pairs ASHA trains, in order, over recorded validation curves. */
    private static List<int[]> replayAsha(double[][] val) {
        Asha asha = new Asha(1, EPOCHS, ETA);
        List<TrialView> trials = new ArrayList<>();
        List<int[]> order = new ArrayList<>();
        while (true) {
            Optional<Job> next = asha.next(List.copyOf(trials), trials.size() < val.length);
            if (next.isEmpty()) {
                return order;
            }
            Job job = next.get();
            if (job.trial() == trials.size()) {
                trials.add(new TrialView(job.trial(), List.of(), job.target(), TrialStatus.RUNNING));
            }
            TrialView t = trials.get(job.trial());
            List<Double> scores = new ArrayList<>(t.scores());
            while (true) {
                scores.add(val[job.trial()][scores.size()]);
                order.add(new int[] {job.trial(), scores.size()});
                TrialView now = new TrialView(job.trial(), scores, job.target(), TrialStatus.RUNNING);
                trials.set(job.trial(), now);
                Decision d = asha.afterEpoch(now, List.copyOf(trials));
                if (d.kind() != Decision.Kind.CONTINUE) {
                    trials.set(job.trial(), new TrialView(job.trial(), scores, job.target(),
                            d.kind() == Decision.Kind.PAUSE ? TrialStatus.PAUSED : TrialStatus.COMPLETED));
                    break;
                }
            }
        }
    }

    private static double testAccuracy(CnnTrialTrainer.Run run, ImageSamples test) {
        return run.evaluate(test).accuracy();
    }

    /** S2Benchmark's split (b): all 10 products, 33TWM train/validation 90/10 (seed 42), 33TWL test. */
    private ImageSamples[] split(Path catalog) throws IOException {
        List<Path> items = S2Item.items(catalog);
        Path patches = dir.resolve("s2patches.nt");
        new S2Patches(15, 0.5).cut(items, patches, null);
        Path catalogNt = dir.resolve("catalog.nt");
        new Triplifier(TriplifyOptions.defaults()).triplify(catalog, catalogNt);
        try (GeoStore store = GeoStore.open(dir.resolve("store"))) {
            store.load(List.of(catalogNt, patches));
            Path q = Path.of("..", "..", "queries", "training", "s2-land-cover.rq");
            TrainingSet set = TrainingSet.create("s2", new TrainingQuery(Files.readString(q), q.toString()), SparqlSource.store(store),
                    TrainingSet.folderIn(store.directory(), "s2"), SplitRatios.DEFAULT, 42, null);
            ModelFamily family = ModelFamily.S2_CNN;
            ImageSamples all = ImageSamples.concat(List.of(family.adapt(set.samples(Split.TRAIN)), family.adapt(set.samples(Split.VALIDATION)),
                    family.adapt(set.samples(Split.TEST))));
            ImageSamples twm = all.inTile("33TWM");
            ImageSamples twl = all.inTile("33TWL");
            List<Integer> l = new ArrayList<>();
            for (int i = 0; i < twm.size(); i++) {
                l.add(i);
            }
            java.util.Collections.shuffle(l, new java.util.Random(42));
            int[] order = l.stream().mapToInt(Integer::intValue).toArray();
            int cut = (int) (twm.size() * 0.9);
            int[] tr = Arrays.copyOfRange(order, 0, cut);
            int[] va = Arrays.copyOfRange(order, cut, twm.size());
            tr = Arrays.copyOf(tr, (int) Math.ceil(tr.length * FRACTION)); // the order is shuffled: a prefix is a seeded sample
            va = Arrays.copyOf(va, (int) Math.ceil(va.length * FRACTION));
            return new ImageSamples[] {twm.subset(tr), twm.subset(va), twl};
        }
    }
}
