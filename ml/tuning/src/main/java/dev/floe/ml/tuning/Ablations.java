package dev.floe.ml.tuning;

import java.util.List;

import org.apache.jena.rdf.model.Model;

import dev.floe.ml.TrainingSet;
import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.experiment.Experiments;
import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.trainingset.Split;
import dev.floe.store.GeoStore;

/** Ablations over a store's training sets: checked before anything trains, run, and written to the store as RDF. */
public final class Ablations {

    private final GeoStore store;

    public Ablations(GeoStore store) {
        this.store = store;
    }

    /** Runs the ablation called {@code name} of {@code components} on {@code trainingSet} and records it. */
    public List<Ablation.Result> run(String name, String trainingSet, Ablation.Settings settings, List<String> components) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new SpaceException("ablation name '" + name + "': use 1 to 64 letters, digits, '.', '_' or '-'");
        }
        TrainingSet set = new Experiments(store, null).trainingSet(trainingSet);
        if (settings.metric().needsValidation() && set.manifest().total(Split.VALIDATION) == 0) {
            throw new SpaceException("training set " + trainingSet + " has no validation split, and " + settings.metric().id()
                    + " is measured on it: create the set with a validation share, or use train_accuracy or train_loss");
        }
        ModelFamily family = settings.family();
        List<String> extras = family == ModelFamily.SAR_CNN ? set.manifest().features() : List.of();
        // the names are checked on empty samples first: a misspelt component fails before the set is read
        ImageSamples none = new ImageSamples(List.of(), set.manifest().classes(), Ablation.channelNames(family).size(), 2, 2,
                extras.size(), new float[0][], new float[0][], new int[0]);
        new Ablation(settings, none, none, extras).check(components);
        ImageSamples train = family.adapt(set.samples(Split.TRAIN));
        ImageSamples validation = family.adapt(set.samples(Split.VALIDATION));
        List<Ablation.Result> results = new Ablation(settings, train, validation, extras).run(components);
        Model rdf = Ablation.rdf(name, set.manifest().iri(), settings, results);
        store.write(dsg -> {
            rdf.getGraph().find().forEachRemaining(dsg.getDefaultGraph()::add);
            return null;
        });
        return results;
    }
}
