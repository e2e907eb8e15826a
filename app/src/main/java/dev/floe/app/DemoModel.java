package dev.floe.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floe.geo.AtomicFiles;
import dev.floe.ml.TrainingSet;
import dev.floe.ml.batch.BatchPrediction;
import dev.floe.ml.batch.PatchFile;
import dev.floe.ml.experiment.Experiments;
import dev.floe.ml.experiment.RunRecord;
import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.prediction.PredictionWriter;
import dev.floe.ml.registry.ModelRegistry;
import dev.floe.ml.registry.ModelVersion;
import dev.floe.ml.s2.S2Item;
import dev.floe.ml.s2.S2Patches;
import dev.floe.ml.train.TrainingOptions;
import dev.floe.ml.trainingset.SparqlSource;
import dev.floe.ml.trainingset.SplitRatios;
import dev.floe.ml.trainingset.TrainingQuery;
import dev.floe.store.GeoStore;
import dev.floe.store.StoreException;

/**
 * The demo's machine-learning loop, on two bundled real Sentinel-2 L2A products (see NOTICE): patches cut from one
 * (tile 33TWL, 2023-08-18, half of it under cloud) are labelled by Sen2Cor's scene classification and loaded; a small s2-cnn is trained on them (seeded),
 * registered as {@value #MODEL} with the alias {@code champion}; it predicts the land cover of the other product's
 * patches (tile 33TWM, ground it never saw), and the predictions are loaded, so the map shows them and the endpoint
 * serves the model. Files go to {@code STORE/demo-input/}; a store that has the model already is left as it is.
 */
final class DemoModel {

    static final String MODEL = "land-cover";
    static final String TRAIN_ITEM = "S2A_33TWL_20230818_0_L2A";
    static final String PREDICT_ITEM = "S2A_33TWM_20230818_0_L2A";
    static final List<String> RASTERS = List.of("B02.tif", "B03.tif", "B04.tif", "B08.tif", "SCL.tif");
    static final int EPOCHS = 6;
    static final long SEED = 42;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ITEMS = "stac/mapchete/sentinel-2-l2a/";
    /** queries/training/s2-land-cover.rq, limited to the training product (classes with at least 10 patches there). */
    static final String TRAINING_QUERY = """
            PREFIX floe: <https://w3id.org/floe/ontology#>
            SELECT ?sample ?label ?raster
            WHERE {
              {
                SELECT ?label
                WHERE {
                  ?l2 a floe:Label ; floe:labelClass ?label ; floe:sample ?s2 .
                  ?s2 floe:sourceProduct/floe:productId "%1$s" .
                }
                GROUP BY ?label
                HAVING (COUNT(?s2) >= 10)
              }
              ?l a floe:Label ; floe:labelClass ?label ; floe:sample ?sample .
              ?sample a floe:Patch ; floe:sourceProduct ?product ; floe:rasterFile ?raster .
              ?product a floe:OpticalProduct ; floe:productId "%1$s" .
            }
            """.formatted(TRAIN_ITEM);
    /** A TF Serving :predict request for one real patch of the predicted product, for the banner's curl example. */
    static final String EXAMPLE_REQUEST = "predict-request.json";

    private DemoModel() {
    }

    /** True when the store has the demo's model registered (a later run reuses it). */
    static boolean installed(GeoStore store) {
        return new ModelRegistry(store).models().contains(MODEL);
    }

    /** Runs the loop; progress to {@code progress} (null: quiet). Returns the registered version. */
    static ModelVersion install(GeoStore store, PrintStream progress) {
        Path input = store.directory().resolve("demo-input");
        Path rdf = input.resolve("rdf");
        try {
            for (String item : List.of(TRAIN_ITEM, PREDICT_ITEM)) {
                for (String raster : RASTERS) {
                    DemoData.copyOut(ITEMS + item + "/" + raster, input.resolve(ITEMS + item + "/" + raster));
                    DemoData.copyOut(ITEMS + item + "/" + raster + ".aux.xml", input.resolve(ITEMS + item + "/" + raster + ".aux.xml"));
                }
            }
            say(progress, "demo: cutting " + TRAIN_ITEM + " into 15 x 15 px patches labelled by Sen2Cor's scene classes");
            Path trainPatches = rdf.resolve("s2-patches-" + TRAIN_ITEM + ".nt");
            new S2Patches(15, 0.5).cut(S2Item.items(input.resolve(ITEMS + TRAIN_ITEM + "/" + TRAIN_ITEM + ".json")), trainPatches, progress);
            Path predictPatches = rdf.resolve("s2-patches-" + PREDICT_ITEM + ".nt");
            new S2Patches(15, 0.5).cut(S2Item.items(input.resolve(ITEMS + PREDICT_ITEM + "/" + PREDICT_ITEM + ".json")), predictPatches,
                    progress);
            store.load(List.of(trainPatches, predictPatches));

            TrainingSet set = TrainingSet.create(MODEL, new TrainingQuery(TRAINING_QUERY, "the demo's land-cover query (" + TRAIN_ITEM
                    + ")"), SparqlSource.store(store), TrainingSet.folderIn(store.directory(), MODEL), SplitRatios.DEFAULT, SEED, progress);
            say(progress, String.format(Locale.ROOT, "demo: training an s2-cnn on %d patches of %s (%d epochs, seed %d)",
                    set.manifest().total(), TRAIN_ITEM, EPOCHS, SEED));
            ModelFamily family = ModelFamily.S2_CNN;
            RunRecord run = new Experiments(store, progress).train(set, family, family.defaultFilters(), family.defaultDense(), 0.001,
                    new TrainingOptions(EPOCHS, 64, SEED));
            ModelRegistry registry = new ModelRegistry(store);
            ModelVersion version = registry.register(MODEL, run.id(), "floe demo");
            registry.setAlias(MODEL, ModelRegistry.DEFAULT_ALIAS, version.version(), "floe demo");
            say(progress, "demo: registered " + MODEL + " version " + version.version() + " as champion; predicting " + PREDICT_ITEM);
            BatchPrediction batch = new BatchPrediction(progress);
            List<PatchFile.Patch> patches = PatchFile.read(predictPatches);
            batch.run(version, patches, 256, rdf.resolve("predictions-" + MODEL + ".nt"), new PredictionWriter(store));
            writeExampleRequest(patches.get(0), input.resolve(EXAMPLE_REQUEST));
            return version;
        } catch (IOException e) {
            throw new StoreException("cannot prepare the demo model in " + input + ": " + e.getMessage(), e);
        }
    }

    /** {"instances": [{"patch": [[[...]]]}]}: the patch's 4 x 15 x 15 reflectances, nested as TF Serving's row format takes them. */
    private static void writeExampleRequest(PatchFile.Patch patch, Path target) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode bands = root.putArray("instances").addObject().putArray("patch");
        int[] shape = patch.shape();
        for (int c = 0; c < shape[0]; c++) {
            ArrayNode rows = bands.addArray();
            for (int y = 0; y < shape[1]; y++) {
                ArrayNode row = rows.addArray();
                for (int x = 0; x < shape[2]; x++) {
                    row.add(patch.pixels()[(c * shape[1] + y) * shape[2] + x]);
                }
            }
        }
        AtomicFiles.write(target, out -> {
            JSON.writeValue(out, root);
            return null;
        });
    }

    private static void say(PrintStream progress, String line) {
        if (progress != null) {
            progress.println(line);
        }
    }
}
