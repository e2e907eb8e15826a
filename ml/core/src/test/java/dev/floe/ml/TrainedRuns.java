package dev.floe.ml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.floe.ml.experiment.Experiments;
import dev.floe.ml.experiment.RunRecord;
import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.train.TrainingOptions;
import dev.floe.ml.trainingset.SparqlSource;
import dev.floe.ml.trainingset.SplitRatios;
import dev.floe.ml.trainingset.TrainingQuery;
import dev.floe.store.GeoStore;

/**
 * Test fixture: a store of 40 seeded 8 x 8 SAR records ({@link SarStore}), its training set "sar" and tiny sar-cnn runs
 * trained on it (two epochs, seeded), for the registry and serving tests.
 */
public final class TrainedRuns {

    public static final int SIDE = 8;

    private TrainedRuns() {
    }

    /** The store under {@code dir}, with the training set "sar" made. */
    public static GeoStore storeWithSet(Path dir) throws IOException {
        GeoStore store = SarStore.create(dir, SIDE);
        Path q = SarStore.SAR_QUERY;
        TrainingSet.create("sar", new TrainingQuery(Files.readString(q), q.toString()), SparqlSource.store(store),
                TrainingSet.folderIn(store.directory(), "sar"), SplitRatios.DEFAULT, 3, null);
        return store;
    }

    /** Trains a tiny sar-cnn on the set "sar" with {@code seed}; returns its run record. */
    public static RunRecord train(GeoStore store, long seed) {
        Experiments experiments = new Experiments(store, null);
        return experiments.train(experiments.trainingSet("sar"), ModelFamily.SAR_CNN, new int[] {4, 8}, 8, 0.01,
                new TrainingOptions(2, 8, seed));
    }
}
