package dev.floe.ml.tuning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.train.EpochMetrics;

/**
 * Leave-one-component-out: what each input channel, numeric feature and convolution block of a model is worth. A
 * baseline (the full model) and one variant per component, the component left out (a channel removed from the input
 * and the network rebuilt for one fewer, a numeric feature removed from the extra input, a convolution block removed
 * from the stack), each trained over the same {@code seeds} model seeds, all in a pool of {@code parallel} workers.
 * The baselines train first; a variant then stops early, as hopeless, once its smoothed metric (mean of 2 epochs) has
 * been more than {@code margin} worse than its seed's baseline at the same epoch for {@code patience} epochs in a row:
 * the component clearly matters, and its difference is recorded as measured at that epoch (a lower bound).
 *
 * <p>Components are named {@code band:B02} (a channel of the family's network input: B02, B03, B04, B08 for s2-cnn;
 * HH, HV, band_avg for sar-cnn), {@code feature:NAME} (an extra numeric input of sar-cnn) and {@code conv1}, {@code
 * conv2}, ... (a convolution block with its pooling) and {@code dense} (the first dense layer; s2-cnn only, sar-cnn
 * merges its extra inputs in after it).
 */
public final class Ablation {

    /** One component's result: the metric over seeds (mean, sample standard deviation), and its difference to the baseline. */
    public record Result(String component, double mean, double spread, double difference, double differenceSpread,
                         int seeds, int stoppedEarly, double meanEpochs) {
    }

    /** Settings: model family and size, the metric, epochs, seeds, workers, and the hopeless rule's margin and patience. */
    public record Settings(ModelFamily family, TrialModel model, Metric metric, int epochs, List<Long> seeds, int parallel,
                           double margin, int patience) {
    }

    private final Settings settings;
    private final ImageSamples train;
    private final ImageSamples validation;
    private final List<String> extraNames;

    /** {@code train} and {@code validation} as the family's network sees them; {@code extraNames} name their extras. */
    public Ablation(Settings settings, ImageSamples train, ImageSamples validation, List<String> extraNames) {
        this.settings = settings;
        this.train = train;
        this.validation = validation;
        this.extraNames = List.copyOf(extraNames);
    }

    /** The names of the family's network input channels, in order. */
    public static List<String> channelNames(ModelFamily family) {
        List<String> names = new ArrayList<>(family.channelNames());
        if (family == ModelFamily.SAR_CNN) {
            names.add("band_avg");
        }
        return names;
    }

    /** Checks every component name before anything trains. */
    public void check(List<String> components) {
        if (components.isEmpty()) {
            throw new SpaceException("name at least one component to leave out, e.g. band:B02 or conv1");
        }
        for (String c : components) {
            variant(c);
        }
    }

    /** The baseline, then every component, the one whose leaving out costs most (the most important) first. */
    public List<Result> run(List<String> components) {
        check(components);
        List<Long> seeds = settings.seeds();
        ExecutorService pool = Executors.newFixedThreadPool(settings.parallel());
        try {
            List<Future<List<EpochMetrics>>> base = new ArrayList<>();
            for (long seed : seeds) {
                base.add(pool.submit(() -> train(train, validation, settings.model(), seed, null)));
            }
            List<List<EpochMetrics>> baseline = new ArrayList<>();
            for (Future<List<EpochMetrics>> f : base) {
                baseline.add(f.get());
            }
            List<List<Future<List<EpochMetrics>>>> runs = new ArrayList<>();
            for (String c : components) {
                Variant v = variant(c);
                List<Future<List<EpochMetrics>>> perSeed = new ArrayList<>();
                for (int i = 0; i < seeds.size(); i++) {
                    long seed = seeds.get(i);
                    List<EpochMetrics> against = baseline.get(i);
                    perSeed.add(pool.submit(() -> train(v.train, v.validation, v.model, seed, against)));
                }
                runs.add(perSeed);
            }
            List<Result> results = new ArrayList<>();
            for (int k = 0; k < components.size(); k++) {
                List<List<EpochMetrics>> curves = new ArrayList<>();
                for (Future<List<EpochMetrics>> f : runs.get(k)) {
                    curves.add(f.get());
                }
                results.add(result(components.get(k), curves, baseline));
            }
            Metric m = settings.metric();
            results.sort(Comparator.comparingDouble((Result r) -> m.score(r.difference())));
            results.add(0, result("baseline", baseline, baseline));
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TuningException("the ablation was interrupted", e);
        } catch (ExecutionException e) {
            throw new TuningException("an ablation trial failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Result result(String component, List<List<EpochMetrics>> curves, List<List<EpochMetrics>> baseline) {
        Metric m = settings.metric();
        int n = curves.size();
        double[] v = new double[n];
        double[] d = new double[n];
        int stopped = 0;
        double epochs = 0;
        for (int i = 0; i < n; i++) {
            List<EpochMetrics> c = curves.get(i);
            v[i] = m.value(c.get(c.size() - 1));
            List<EpochMetrics> b = baseline.get(i);
            d[i] = v[i] - m.value(b.get(b.size() - 1));
            stopped += c.size() < settings.epochs() ? 1 : 0;
            epochs += c.size();
        }
        return new Result(component, mean(v), sd(v), mean(d), sd(d), n, stopped, epochs / n);
    }

    private List<EpochMetrics> train(ImageSamples tr, ImageSamples va, TrialModel model, long seed, List<EpochMetrics> baseline) {
        CnnTrialTrainer trainer = new CnnTrialTrainer(settings.family(), tr, va, settings.metric());
        TrialTrainer.TrialRun run = trainer.open(model, seed, null);
        Metric m = settings.metric();
        List<EpochMetrics> out = new ArrayList<>();
        int below = 0;
        for (int e = 1; e <= settings.epochs(); e++) {
            out.add(run.epoch(e));
            if (baseline != null && e < settings.epochs()) {
                double mine = smoothed(out, e);
                double theirs = smoothed(baseline, e);
                below = m.score(mine) < m.score(theirs) - settings.margin() ? below + 1 : 0;
                if (below >= settings.patience()) {
                    break;
                }
            }
        }
        return out;
    }

    private double smoothed(List<EpochMetrics> curve, int epoch) {
        Metric m = settings.metric();
        double sum = m.value(curve.get(epoch - 1));
        int n = 1;
        if (epoch >= 2) {
            sum += m.value(curve.get(epoch - 2));
            n++;
        }
        return sum / n;
    }

    private record Variant(ImageSamples train, ImageSamples validation, TrialModel model) {
    }

    private Variant variant(String component) {
        ModelFamily family = settings.family();
        TrialModel model = settings.model();
        if (component.startsWith("band:")) {
            String band = component.substring(5);
            int c = channelNames(family).indexOf(band);
            if (c < 0) {
                throw new SpaceException("component " + component + ": " + family.id() + " has no band " + band + " (it has "
                        + String.join(", ", channelNames(family)) + ")");
            }
            if (train.channels() < 2) {
                throw new SpaceException("component " + component + ": the model has no other channel to train on");
            }
            return new Variant(withoutChannel(train, c), withoutChannel(validation, c), model);
        }
        if (component.startsWith("feature:")) {
            String name = component.substring(8);
            int j = extraNames.indexOf(name);
            if (j < 0) {
                throw new SpaceException("component " + component + ": " + family.id() + " takes no numeric feature " + name
                        + (extraNames.isEmpty() ? " (it takes none)" : " (it takes " + String.join(", ", extraNames) + ")"));
            }
            return new Variant(withoutExtra(train, j), withoutExtra(validation, j), model);
        }
        if (component.matches("conv[1-9][0-9]*")) {
            int block = Integer.parseInt(component.substring(4)) - 1;
            int[] filters = model.filters();
            if (block >= filters.length) {
                throw new SpaceException("component " + component + ": the model has " + filters.length + " convolution blocks (conv1.."
                        + "conv" + filters.length + ")");
            }
            if (filters.length == 1) {
                throw new SpaceException("component " + component + ": the model's only convolution block cannot be left out");
            }
            int[] rest = new int[filters.length - 1];
            for (int i = 0, k = 0; i < filters.length; i++) {
                if (i != block) {
                    rest[k++] = filters[i];
                }
            }
            return new Variant(train, validation, new TrialModel(rest, model.dense(), model.learningRate(), model.batchSize()));
        }
        if (component.equals("dense")) {
            if (!extraNames.isEmpty()) {
                throw new SpaceException("component dense: " + family.id() + " merges its extra inputs in after the dense layer, "
                        + "which therefore cannot be left out");
            }
            return new Variant(train, validation, new TrialModel(model.filters(), 0, model.learningRate(), model.batchSize()));
        }
                throw new SpaceException("component " + component + ": name a band (band:" + channelNames(family).get(0)
                + "), a numeric feature (feature:NAME), a convolution block (conv1) or the dense layer (dense)");
    }

    /** The samples without channel {@code c}. */
    static ImageSamples withoutChannel(ImageSamples s, int c) {
        int area = s.height() * s.width();
        float[][] px = new float[s.size()][];
        for (int i = 0; i < s.size(); i++) {
            float[] p = s.pixels()[i];
            float[] q = new float[p.length - area];
            System.arraycopy(p, 0, q, 0, c * area);
            System.arraycopy(p, (c + 1) * area, q, c * area, p.length - (c + 1) * area);
            px[i] = q;
        }
        return new ImageSamples(s.ids(), s.classes(), s.channels() - 1, s.height(), s.width(), s.extraCount(), px, s.extras(), s.labels());
    }

    /** The samples without extra feature {@code j}. */
    static ImageSamples withoutExtra(ImageSamples s, int j) {
        float[][] ex = new float[s.size()][];
        for (int i = 0; i < s.size(); i++) {
            float[] e = s.extras()[i];
            float[] f = new float[e.length - 1];
            System.arraycopy(e, 0, f, 0, j);
            System.arraycopy(e, j + 1, f, j, e.length - j - 1);
            ex[i] = f;
        }
        return new ImageSamples(s.ids(), s.classes(), s.channels(), s.height(), s.width(), s.extraCount() - 1, s.pixels(), ex, s.labels());
    }

    /** The ranked table: component, metric mean and spread over seeds, difference to the baseline and its spread. */
    public static List<String> table(Metric metric, List<Result> results) {
        List<String> out = new ArrayList<>();
        out.add("rank\tcomponent left out\t" + metric.id() + " (mean ± sd)\tdifference to baseline (mean ± sd)\tseeds\tstopped early\tmean epochs");
        int rank = 1;
        for (Result r : results) {
            out.add(String.format(Locale.ROOT, "%s\t%s\t%.4f ± %.4f\t%+.4f ± %.4f\t%d\t%d\t%.1f", r.component().equals("baseline") ? "-"
                    : Integer.toString(rank++), r.component(), r.mean(), r.spread(), r.difference(), r.differenceSpread(), r.seeds(),
                    r.stoppedEarly(), r.meanEpochs()));
        }
        return out;
    }

    /**
     * The ablation as RDF: a floe:AblationStudy (a prov:Activity that used the training set) with one floe:AblationResult
     * per component (rdfs:label the component, floe:score the metric's mean over seeds, floe:difference to the baseline,
     * floe:differenceSpread its standard deviation over seeds, floe:seeds, floe:stoppedEarly, floe:rank by importance).
     */
    public static org.apache.jena.rdf.model.Model rdf(String name, String trainingSetIri, Settings settings, List<Result> results) {
        org.apache.jena.rdf.model.Model m = org.apache.jena.rdf.model.ModelFactory.createDefaultModel();
        m.setNsPrefix("floe", dev.floe.ontology.Floe.NS);
        String ns = dev.floe.ontology.Floe.NS;
        String iri = dev.floe.ontology.Floe.DATA + "ablation/" + dev.floe.triplify.rdf.IriSegments.encode(name);
        org.apache.jena.rdf.model.Resource study = m.createResource(iri)
                .addProperty(org.apache.jena.vocabulary.RDF.type, m.createResource(ns + "AblationStudy"))
                .addProperty(org.apache.jena.vocabulary.RDF.type, dev.floe.ontology.Prov.Activity)
                .addProperty(org.apache.jena.vocabulary.RDFS.label, name)
                .addProperty(dev.floe.ontology.Prov.used, m.createResource(trainingSetIri))
                .addProperty(dev.floe.ontology.Floe.architecture, settings.family().id())
                .addProperty(StudyRdf.metric, settings.metric().id());
        int rank = 0;
        for (Result r : results) {
            org.apache.jena.rdf.model.Resource res = m.createResource(iri + "/" + dev.floe.triplify.rdf.IriSegments.encode(r.component()))
                    .addProperty(org.apache.jena.vocabulary.RDF.type, m.createResource(ns + "AblationResult"))
                    .addProperty(org.apache.jena.vocabulary.RDFS.label, r.component())
                    .addLiteral(StudyRdf.score, r.mean())
                    .addLiteral(m.createProperty(ns + "scoreSpread"), r.spread())
                    .addLiteral(m.createProperty(ns + "difference"), r.difference())
                    .addLiteral(m.createProperty(ns + "differenceSpread"), r.differenceSpread())
                    .addLiteral(m.createProperty(ns + "seeds"), (long) r.seeds())
                    .addLiteral(m.createProperty(ns + "stoppedEarly"), (long) r.stoppedEarly());
            if (!r.component().equals("baseline")) {
                res.addLiteral(m.createProperty(ns + "rank"), (long) ++rank);
            }
            study.addProperty(m.createProperty(ns + "result"), res);
        }
        return m;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double sd(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }
}
