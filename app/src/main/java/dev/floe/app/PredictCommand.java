package dev.floe.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.floe.ml.Folders;
import dev.floe.ml.api.ModelSelector;
import dev.floe.ml.batch.BatchPrediction;
import dev.floe.ml.batch.PatchFile;
import dev.floe.ml.prediction.PredictionWriter;
import dev.floe.ml.registry.ModelRegistry;
import dev.floe.ml.registry.ModelVersion;
import dev.floe.store.GeoStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe predict}: a registered model over many patches, the predictions as RDF in a file and/or the store. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict with a registered model over the patches of an RDF file (as triplify and s2patches write them), "
                + "a STAC catalog/collection/item of Sentinel-2 L2A products (cut into patches first) or SAR records (Statoil/C-CORE "
                + "JSON, triplified first); write the predictions as RDF to --out and/or into the store (--load), and count them per class.",
                "The summary line on stdout: model, version, patches, then class=count for each class."})
final class PredictCommand implements Callable<Integer> {

    @ParentCommand
    Floe floe;

    @Option(names = "--model", required = true, paramLabel = "NAME[:ALIAS|/VERSION]",
            description = "the registered model: NAME (its champion, else its latest version), NAME:ALIAS or NAME/VERSION")
    String model;

    @Option(names = "--input", required = true, description = "patches (.nt, .nq, .ttl, .trig, + .gz), STAC JSON, or SAR records JSON")
    Path input;

    @Option(names = "--store", defaultValue = "floe-data", description = "the store whose registry holds the model (default: ${DEFAULT-VALUE})")
    Path store;

    @Option(names = "--out", description = "write the predictions to this RDF file (.nt, .nq, .ttl, .trig, + .gz)")
    Path out;

    @Option(names = "--load", description = "write the predictions into the store (one transaction)")
    boolean load;

    @Option(names = "--batch-size", defaultValue = "256", description = "patches per forward pass (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--size", defaultValue = "15", description = "Sentinel-2 patch side in pixels when cutting STAC products (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--quiet", description = "no progress on stderr")
    boolean quiet;

    /** NAME, NAME:ALIAS or NAME/VERSION. */
    static ModelSelector selector(String spec) {
        int slash = spec.lastIndexOf('/');
        int colon = spec.lastIndexOf(':');
        if (slash > 0) {
            try {
                return ModelSelector.version(spec.substring(0, slash), Long.parseLong(spec.substring(slash + 1)));
            } catch (NumberFormatException e) {
                throw new UsageException("--model " + spec + ": the version after '/' must be a number");
            }
        }
        if (colon > 0) {
            return ModelSelector.alias(spec.substring(0, colon), spec.substring(colon + 1));
        }
        return ModelSelector.of(spec);
    }

    @picocli.CommandLine.Mixin
    ServerAccess access;

    @Override
    public Integer call() throws IOException {
        if (out == null && !load) {
            throw new UsageException("say where the predictions go: --out FILE and/or --load");
        }
        ModelSelector selector = selector(model);
        if (!load) {
            // the store is only read (its registry): through the server that holds it, if one does
            try (StoreRegistry opened = StoreRegistry.open(store, access)) {
                predict(opened.registry().resolve(selector), null);
            }
            return 0;
        }
        try (GeoStore geoStore = Stores.open(store, "write the predictions to a file without --load (--out FILE.nt), then add them "
                + "through the server: floe load --endpoint {URL} --api-key KEY FILE.nt")) {
            predict(new ModelRegistry(geoStore).resolve(selector), new PredictionWriter(geoStore));
        }
        return 0;
    }

    /** Predicts every patch with {@code version}, writing to --out and, when given, {@code writer}; prints the counts. */
    private void predict(ModelVersion version, PredictionWriter writer) throws IOException {
        BatchPrediction batch = new BatchPrediction(quiet ? null : floe.err());
        Path work = Files.createTempDirectory("floe-predict-");
        try {
            List<PatchFile.Patch> patches = batch.patches(input, work, size);
            BatchPrediction.Summary s = batch.run(version, patches, batchSize, out, writer);
            StringBuilder line = new StringBuilder(s.model() + "\t" + s.version() + "\t" + s.patches());
            s.perClass().forEach((c, n) -> line.append('\t').append(c).append('=').append(n));
            floe.out().println(line);
        } finally {
            Folders.deleteQuietly(work);
        }
    }
}
