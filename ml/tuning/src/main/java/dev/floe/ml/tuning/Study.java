package dev.floe.ml.tuning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.floe.ml.train.EpochMetrics;

/**
 * Runs a study's trials in a bounded pool of {@code parallel} workers. A free worker asks the scheduler for a job (a
 * promotion or a new trial), trains it epoch by epoch, reports each epoch's metric and follows the scheduler's word
 * (continue, pause at a rung, stop, complete). After every epoch the trial's model is checkpointed and its record
 * ({@link TrialRecord}) rewritten under {@code STUDY/trials/NNNN/}, so a study stopped at any point resumes: finished
 * trials are not rerun, paused and interrupted ones continue from their last checkpoint, and the scheduler, which
 * keeps no state of its own, decides from the records as before.
 *
 * <p>Trial i's hyperparameters are the sampler's i-th point for the study seed and its model seed is derived from the
 * study seed and i, whatever the order trials finish in. With {@code parallel} 1 the whole study (promotions and stops
 * included) is a function of its settings.
 */
public final class Study {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path folder;
    private final StudySettings settings;
    private final Scheduler scheduler;
    private final Metric metric;
    private final List<Map<String, Object>> points;
    private final TrialTrainer trainer;
    private final Consumer<TrialRecord> onFinished;
    private final List<TrialRecord> trials = new ArrayList<>();
    private final Deque<Job> resumed = new ArrayDeque<>();
    private int running;
    private int jobsLeft;
    private RuntimeException failure;

    /**
     * A study in {@code folder}: a new one (the folder is created and the settings written), or the one recorded
     * there, continued. {@code onFinished} hears of each trial as it finishes (stopped or completed), once.
     */
    public Study(Path folder, StudySettings settings, SearchSpace space, TrialTrainer trainer, Consumer<TrialRecord> onFinished) {
        this.folder = folder;
        this.settings = settings;
        this.scheduler = settings.scheduler();
        this.metric = Metric.of(settings.metric());
        this.points = settings.sampler().sample(space, settings.trials(), settings.seed());
        this.trainer = trainer;
        this.onFinished = onFinished;
        try {
            Files.createDirectories(folder.resolve("trials"));
            if (!Files.exists(folder.resolve(StudySettings.FILE))) {
                write(folder.resolve(StudySettings.FILE), settings);
            }
        } catch (IOException e) {
            throw new TuningException(folder + ": cannot create the study folder: " + e.getMessage(), e);
        }
        trials.addAll(readTrials(folder));
        for (TrialRecord t : trials) {
            if (t.status() == TrialStatus.RUNNING || t.status() == TrialStatus.PENDING) {
                resumed.add(new Job(t.number(), t.target(), false, "resumed from epoch " + t.epochs()));
            }
        }
    }

    public static StudySettings readSettings(Path folder) {
        try {
            return JSON.readValue(folder.resolve(StudySettings.FILE).toFile(), StudySettings.class);
        } catch (IOException e) {
            throw new TuningException(folder + ": unreadable study settings: " + e.getMessage(), e);
        }
    }

    /** The trials recorded under {@code folder}, by number. */
    public static List<TrialRecord> readTrials(Path folder) {
        Path dir = folder.resolve("trials");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<TrialRecord> out = new ArrayList<>();
            for (Path p : s.sorted().toList()) {
                if (Files.exists(p.resolve(TrialRecord.FILE))) {
                    out.add(JSON.readValue(p.resolve(TrialRecord.FILE).toFile(), TrialRecord.class));
                }
            }
            out.sort(java.util.Comparator.comparingInt(TrialRecord::number));
            return out;
        } catch (IOException e) {
            throw new TuningException(dir + ": unreadable trial records: " + e.getMessage(), e);
        }
    }

    /** The model seed of trial {@code number} of a study with {@code seed}. */
    public static long trialSeed(long seed, int number) {
        return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (number + 1))).nextLong();
    }

    /** The folder of trial {@code number}. */
    public Path trialFolder(int number) {
        return folder.resolve("trials").resolve(String.format(Locale.ROOT, "%04d", number));
    }

    /** The checkpoint of a trial after {@code epoch} epochs. */
    public static Path checkpoint(Path trialFolder, int epoch) {
        return trialFolder.resolve("checkpoint-" + epoch + ".zip");
    }

    /** Runs the study to its end; returns every trial's record. */
    public List<TrialRecord> run() {
        return run(Integer.MAX_VALUE);
    }

    /**
     * Runs at most {@code maxJobs} jobs (promotions and new trials; a test's way to stop a study half-way) and
     * returns the trials' records; the study is finished when none of them is paused, pending or running.
     */
    public List<TrialRecord> run(int maxJobs) {
        jobsLeft = maxJobs;
        ExecutorService pool = Executors.newFixedThreadPool(settings.parallel(), r -> {
            Thread t = new Thread(r, "floe-tune-" + settings.name());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < settings.parallel(); i++) {
                workers.add(pool.submit(this::work));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TuningException("study " + settings.name() + " was interrupted; run it again to resume", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new TuningException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
            if (jobsLeft > 0 && resumed.isEmpty() && trials.size() == points.size()) {
                finish();
            }
            return List.copyOf(trials);
        }
    }

    /** Paused trials that no promotion will reach now end as stopped, with the rank that kept them back. */
    private void finish() {
        List<TrialView> views = views();
        for (TrialRecord t : List.copyOf(trials)) {
            if (t.status() == TrialStatus.PAUSED) {
                String why = scheduler.whyNotPromoted(views.get(t.number()), views);
                finished(update(t, TrialStatus.STOPPED, t.target(), t.metrics(), why, Instant.now().toString()));
            }
        }
    }

    private void work() {
        while (true) {
            Job job;
            TrialRecord record;
            synchronized (this) {
                while (true) {
                    if (failure != null || jobsLeft <= 0) {
                        notifyAll();
                        return;
                    }
                    Optional<Job> next = Optional.ofNullable(resumed.poll());
                    if (next.isEmpty()) {
                        next = scheduler.next(views(), trials.size() < points.size());
                    }
                    if (next.isPresent()) {
                        job = next.get();
                        break;
                    }
                    if (running == 0) {
                        notifyAll();
                        return;
                    }
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                jobsLeft--;
                running++;
                if (job.trial() == trials.size()) {
                    trials.add(new TrialRecord(job.trial(), points.get(job.trial()), trialSeed(settings.seed(), job.trial()),
                            TrialStatus.PENDING, job.target(), List.of(), List.of(), Instant.now().toString(), null));
                }
                record = update(trials.get(job.trial()), TrialStatus.RUNNING, job.target(), trials.get(job.trial()).metrics(),
                        job.reason(), null);
                save(record);
            }
            try {
                train(job, record);
            } catch (RuntimeException e) {
                synchronized (this) {
                    if (failure == null) {
                        failure = new TuningException("trial " + job.trial() + " failed: " + e.getMessage(), e);
                    }
                    running--;
                    notifyAll();
                }
                return;
            }
        }
    }

    private void train(Job job, TrialRecord start) {
        Path dir = trialFolder(start.number());
        Path from = start.epochs() == 0 ? null : checkpoint(dir, start.epochs());
        TrialTrainer.TrialRun run = trainer.open(start.params(), start.seed(), from, start.epochs());
        TrialRecord current = start;
        for (int epoch = start.epochs() + 1; ; epoch++) {
            EpochMetrics m = run.epoch(epoch);
            run.checkpoint(checkpoint(dir, epoch));
            synchronized (this) {
                List<EpochMetrics> metrics = new ArrayList<>(current.metrics());
                metrics.add(m);
                current = update(current, TrialStatus.RUNNING, job.target(), metrics, null, null);
                trials.set(current.number(), current);
                Decision d = scheduler.afterEpoch(view(current), views());
                TrialRecord next = switch (d.kind()) {
                    case CONTINUE -> current;
                    case PAUSE -> update(current, TrialStatus.PAUSED, job.target(), metrics, d.reason(), null);
                    case STOP -> update(current, TrialStatus.STOPPED, job.target(), metrics, d.reason(), Instant.now().toString());
                    case COMPLETE -> update(current, TrialStatus.COMPLETED, job.target(), metrics, d.reason(), Instant.now().toString());
                };
                save(next);
                deleteQuietly(checkpoint(dir, epoch - 1));
                if (d.kind() != Decision.Kind.CONTINUE) {
                    running--;
                    if (next.status().finished()) {
                        finished(next);
                    } else {
                        trials.set(next.number(), next);
                    }
                    notifyAll();
                    return;
                }
            }
        }
    }

    private void finished(TrialRecord t) {
        trials.set(t.number(), t);
        save(t);
        if (onFinished != null) {
            onFinished.accept(t);
        }
    }

    private TrialRecord update(TrialRecord t, TrialStatus status, int target, List<EpochMetrics> metrics, String decision, String ended) {
        List<String> decisions = new ArrayList<>(t.decisions());
        if (decision != null) {
            decisions.add("epoch " + metrics.size() + ": " + decision);
        }
        TrialRecord u = new TrialRecord(t.number(), t.params(), t.seed(), status, target, metrics, decisions, t.started(), ended);
        trials.set(t.number(), u);
        return u;
    }

    private List<TrialView> views() {
        List<TrialView> out = new ArrayList<>();
        for (TrialRecord t : trials) {
            out.add(view(t));
        }
        return out;
    }

    private TrialView view(TrialRecord t) {
        List<Double> scores = new ArrayList<>();
        for (EpochMetrics m : t.metrics()) {
            scores.add(metric.score(metric.value(m)));
        }
        return new TrialView(t.number(), scores, t.target(), t.status());
    }

    private void save(TrialRecord t) {
        try {
            Path dir = trialFolder(t.number());
            Files.createDirectories(dir);
            write(dir.resolve(TrialRecord.FILE), t);
        } catch (IOException e) {
            throw new TuningException(folder + ": cannot record trial " + t.number() + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code value} as JSON to a temporary file and renames it over {@code file}: a crash leaves the old one. */
    static void write(Path file, Object value) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        JSON.writeValue(temp.toFile(), value);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // an old checkpoint left behind costs disk, never correctness: the record names the epoch to resume from
        }
    }
}
