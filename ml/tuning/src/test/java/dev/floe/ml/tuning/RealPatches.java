package dev.floe.ml.tuning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.floe.ml.TrainingSet;
import dev.floe.ml.s2.S2Item;
import dev.floe.ml.s2.S2Patches;
import dev.floe.ml.trainingset.SparqlSource;
import dev.floe.ml.trainingset.SplitRatios;
import dev.floe.ml.trainingset.TrainingQuery;
import dev.floe.store.GeoStore;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyOptions;

/**
 * A store holding real Sentinel-2 patches of ../shared/data (the mapchete-eo L2A products of 15 August 2023, tiles
 * 33TWM and 33TWL, cut into 15x15-pixel patches labelled by their majority SCL class) and training sets made from them
 * with queries/training/s2-land-cover.rq, through the public API as {@code floe s2patches}, {@code floe load} and
 * {@code floe trainingset create} do.
 */
final class RealPatches {

    static final int SIZE = 15;

    private RealPatches() {
    }

    /** The catalog, or null when ../shared/data is not in this checkout. */
    static Path catalog() {
        return dev.floe.store.StoreFixtures.sharedData("stac/mapchete-eo-s2-l2a/catalog.json");
    }

    /** Cuts and loads the patches into {@code store}; {@code work} holds the intermediate files. */
    static void load(GeoStore store, Path work) {
        Path catalog = catalog();
        List<Path> items = S2Item.items(catalog).stream()
                .filter(p -> p.getFileName().toString().startsWith("S2A_33TW") && p.getFileName().toString().contains("20230815"))
                .sorted().toList();
        Path patches = work.resolve("s2patches.nt");
        new S2Patches(SIZE, 0.5).cut(items, patches, null);
        Path catalogNt = work.resolve("catalog.nt");
        new Triplifier(TriplifyOptions.defaults()).triplify(catalog, catalogNt);
        store.load(List.of(catalogNt, patches));
    }

    /** A training set of the loaded patches, split by {@code ratios}. */
    static TrainingSet trainingSet(GeoStore store, String name, SplitRatios ratios) throws IOException {
        Path q = Path.of("..", "..", "queries", "training", "s2-land-cover.rq");
        return TrainingSet.create(name, new TrainingQuery(Files.readString(q), q.toString()), SparqlSource.store(store),
                TrainingSet.folderIn(store.directory(), name), ratios, 1, null);
    }
}
