package dev.floe.ml.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFOps;
import org.apache.jena.riot.system.StreamRDFWriter;

import dev.floe.ml.MlDataException;
import dev.floe.ml.prediction.Prediction;
import dev.floe.ml.prediction.PredictionRdf;
import dev.floe.ml.prediction.PredictionWriter;
import dev.floe.ml.registry.ModelVersion;
import dev.floe.ml.s2.S2Item;
import dev.floe.ml.s2.S2Patches;
import dev.floe.ml.serving.Predictor;
import dev.floe.triplify.RdfOutputFormat;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyOptions;

/**
 * Entry point of batch prediction ({@code floe predict}): a registered model version over many patches, in batches,
 * with progress; the predictions become RDF ({@link PredictionRdf}), written to a file and/or into the store in one
 * transaction, and are counted per class. Inputs: an RDF file of patches ({@link PatchFile}), a STAC catalog, collection
 * or item of Sentinel-2 L2A products (cut into patches first, as {@code floe s2patches} cuts them), or SAR records in
 * the Statoil/C-CORE JSON format (triplified first, as {@code floe triplify} does, so the patch IRIs are the same).
 */
public final class BatchPrediction {

    /** What a run did: the version used, patches predicted, predictions per class, where they went, and how long it took. */
    public record Summary(String model, long version, int patches, Map<String, Integer> perClass, Path file, boolean stored,
                          double seconds) {
    }

    private final PrintStream progress;

    /** Progress and the summary go to {@code progress} (null: quiet). */
    public BatchPrediction(PrintStream progress) {
        this.progress = progress;
    }

    /**
     * The patches {@code input} holds or leads to; intermediate files (cut Sentinel-2 patches, triplified SAR records)
     * go under {@code work}, which must stay until the patches are predicted. {@code size} is the side of Sentinel-2
     * patches.
     */
    public List<PatchFile.Patch> patches(Path input, Path work, int size) {
        if (!Files.isRegularFile(input)) {
            throw new MlDataException("--input " + input + ": no such file");
        }
        if (RdfOutputFormat.isRdfFile(input)) {
            return PatchFile.read(input);
        }
        Path cut = work.resolve("patches.nt");
        if (firstCharacter(input) == '[') {
            new Triplifier(TriplifyOptions.defaults()).triplify(input, cut);
        } else {
            List<Path> items = S2Item.items(input);
            S2Patches.Summary s = new S2Patches(size, 0.5).cut(items, cut, progress);
            if (progress != null) {
                progress.printf(Locale.ROOT, "cut %d patches from %d products (%d skipped for missing data)%n", s.patches(),
                        s.products(), s.skippedNoData());
            }
        }
        return PatchFile.read(cut);
    }

    private static int firstCharacter(Path input) {
        try (InputStream in = Files.newInputStream(input)) {
            int c;
            do {
                c = in.read();
            } while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0xEF || c == 0xBB || c == 0xBF);
            if (c != '[' && c != '{') {
                throw new MlDataException(input + ": neither RDF (.nt, .nq, .ttl, .trig) nor JSON (a STAC document or an array of "
                        + "SAR records)");
            }
            return c;
        } catch (IOException e) {
            throw new MlDataException(input + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Predicts every patch with {@code version}, {@code batchSize} patches a forward pass; writes the predictions to
     * {@code file} (null: none) and into the store through {@code writer} (null: not), all or nothing each.
     */
    public Summary run(ModelVersion version, List<PatchFile.Patch> patches, int batchSize, Path file, PredictionWriter writer) {
        if (batchSize < 1) {
            throw new MlDataException("--batch-size must be at least 1, not " + batchSize);
        }
        if (patches.isEmpty()) {
            throw new MlDataException("no patches to predict (no subject with a floe:rasterFile)");
        }
        int[] shape = {version.channels(), version.height(), version.width()};
        for (PatchFile.Patch p : patches) {
            if (!Arrays.equals(p.shape(), shape)) {
                throw new MlDataException("patch " + p.iri() + ": its raster is " + Arrays.toString(p.shape()) + ", " + version.model()
                        + " version " + version.version() + " takes " + Arrays.toString(shape));
            }
        }
        long start = System.nanoTime();
        Predictor predictor = Predictor.load(version);
        Instant at = Instant.now();
        List<Prediction> predictions = new ArrayList<>(patches.size());
        Map<String, Integer> perClass = new TreeMap<>();
        int extras = version.extras().size();
        for (int from = 0; from < patches.size(); from += batchSize) {
            List<PatchFile.Patch> batch = patches.subList(from, Math.min(patches.size(), from + batchSize));
            float[][] pixels = new float[batch.size()][];
            float[][] extra = new float[batch.size()][extras];
            for (int i = 0; i < batch.size(); i++) {
                pixels[i] = batch.get(i).pixels();
                if (extras == 1) {
                    Double angle = batch.get(i).incidenceAngle();
                    extra[i][0] = angle == null ? Float.NaN : angle.floatValue(); // missing: the training mean, as in training
                }
            }
            float[][] probabilities = predictor.probabilities(pixels, extra);
            for (int i = 0; i < batch.size(); i++) {
                double[] p = new double[probabilities[i].length];
                for (int k = 0; k < p.length; k++) {
                    p[k] = probabilities[i][k];
                }
                PatchFile.Patch patch = batch.get(i);
                Prediction prediction = Prediction.of(patch.iri(), version.iri(), version.classes(), p, at)
                        .withSourceProduct(patch.product()).withFootprint(patch.footprintWkt());
                predictions.add(prediction);
                perClass.merge(prediction.predictedClass(), 1, Integer::sum);
            }
            if (progress != null) {
                int done = predictions.size();
                double seconds = (System.nanoTime() - start) / 1e9;
                double rate = done / Math.max(seconds, 1e-9);
                progress.printf(Locale.ROOT, "%d/%d patches predicted, %.0f patches/s, ETA %.0f s%n", done, patches.size(), rate,
                        (patches.size() - done) / Math.max(rate, 1e-9));
            }
        }
        if (file != null) {
            RdfOutputFormat.writeAtomically(file, (out, format) -> {
                StreamRDF stream = StreamRDFWriter.getWriterStream(out, format.jena());
                stream.start();
                for (Prediction p : predictions) {
                    StreamRDFOps.sendGraphToStream(PredictionRdf.model(p).getGraph(), stream);
                }
                stream.finish();
                return null;
            });
        }
        if (writer != null) {
            writer.write(predictions);
        }
        Summary summary = new Summary(version.model(), version.version(), predictions.size(), Map.copyOf(perClass), file,
                writer != null, (System.nanoTime() - start) / 1e9);
        if (progress != null) {
            progress.printf(Locale.ROOT, "%d predictions by %s version %d in %.1f s: %s%s%s%n", summary.patches(), version.model(),
                    version.version(), summary.seconds(), perClass, file == null ? "" : "; written to " + file,
                    writer == null ? "" : "; recorded in the store");
        }
        return summary;
    }
}
