package dev.floe.ml;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.jena.query.ResultSetRewindable;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.databind.SequenceWriter;

import dev.floe.geo.NpyArray;
import dev.floe.geo.StagedOutput;
import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.trainingset.Manifest;
import dev.floe.ml.trainingset.SparqlSource;
import dev.floe.ml.trainingset.Split;
import dev.floe.ml.trainingset.SplitRatios;
import dev.floe.ml.trainingset.StratifiedSplitter;
import dev.floe.ml.trainingset.TrainingQuery;
import dev.floe.ml.trainingset.TrainingRow;
import dev.floe.ml.trainingset.TrainingSetRdf;
import dev.floe.ontology.Floe;

/**
 * Entry point of the ml module's training sets: a training set is a SPARQL SELECT over the graph
 * ({@link TrainingQuery}). {@link #create} runs it, checks every row, splits the samples (seeded,
 * stratified), copies their rasters, writes the folder
 *
 * <pre>
 *   trainingset.json   the {@link Manifest}: query, source, seed, ratios, classes, features, counts
 *   samples.csv        sample, label, split, raster (relative path), one column per feature
 *   rasters/NNNNNN.npy the samples' pixels, copied from the raster files the query named
 *   query.rq           the query text
 *   trainingset.ttl    the PROV-O record, also added to the store's default graph
 * </pre>
 *
 * and records the set as RDF so SPARQL finds it. All or nothing: the folder is built under a temporary
 * name and renamed at the end; the RDF is added in one store transaction; a failure leaves neither.
 * {@link #open} reads a set back.
 */
public final class TrainingSet {

    /** Where sets go inside a store directory. */
    public static final String STORE_FOLDER = "trainingsets";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final CsvMapper CSV = new CsvMapper();

    private final Path folder;
    private final Manifest manifest;
    private final List<Map<String, String>> rows;

    private TrainingSet(Path folder, Manifest manifest, List<Map<String, String>> rows) {
        this.folder = folder;
        this.manifest = manifest;
        this.rows = rows;
    }

    /** The folder a set called {@code name} gets in a store directory. */
    public static Path folderIn(Path storeDir, String name) {
        return storeDir.resolve(STORE_FOLDER).resolve(name);
    }

    /**
     * Runs {@code query} on {@code source}, materialises the set into {@code target} (which must not exist)
     * and, when the source is a store, records it there. Progress goes to {@code progress} (null: quiet).
     */
    public static TrainingSet create(String name, TrainingQuery query, SparqlSource source, Path target,
                                     SplitRatios ratios, long seed, PrintStream progress) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new MlDataException("--name " + name + ": use letters, digits, '.', '_' and '-'");
        }
        String iri = TrainingSetRdf.iri(name);
        Path folder = target.toAbsolutePath().normalize();
        if (Files.exists(folder)) {
            throw new MlDataException(folder + ": a training set folder already exists; choose another --name or remove it");
        }
        if (source.geoStore() != null && exists(source, iri)) {
            throw new MlDataException(source.iri() + ": the store already records a training set <" + iri + ">; choose another --name");
        }
        Instant started = Instant.now();
        ResultSetRewindable results = source.select(query.query(), 600);
        List<TrainingRow> rows = query.rows(results);
        List<String> features = TrainingQuery.featureNames(results.getResultVars());
        Map<String, String> labels = new TreeMap<>();
        rows.forEach(r -> labels.put(r.sample(), r.label()));
        Map<String, Split> splits = StratifiedSplitter.split(labels, ratios, seed);
        List<String> classes = List.copyOf(new TreeSet<>(labels.values()));
        rows.sort(Comparator.comparing(TrainingRow::sample));

        StagedOutput staged;
        try {
            staged = StagedOutput.directory(folder);
        } catch (IOException e) {
            throw new MlDataException(folder.getParent() + ": cannot create the training set folder: " + e.getMessage(), e);
        }
        try (staged) {
            Path temp = staged.path();
            int[] shape = copyRasters(rows, temp, progress);
            Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
            for (Split s : Split.values()) {
                Map<String, Integer> perClass = new LinkedHashMap<>();
                classes.forEach(c -> perClass.put(c, 0));
                counts.put(s.label(), perClass);
            }
            rows.forEach(r -> counts.get(splits.get(r.sample()).label()).merge(r.label(), 1, Integer::sum));
            Instant ended = Instant.now();
            Manifest manifest = new Manifest(name, iri, ended.toString(), source.iri(), query.text(), seed,
                    ratios.toString(), classes, features, shape, counts);
            writeSamples(temp.resolve("samples.csv"), rows, splits, features, shape != null);
            Files.writeString(temp.resolve("query.rq"), query.text(), StandardCharsets.UTF_8);
            JSON.writeValue(temp.resolve(Manifest.FILE).toFile(), manifest);
            Model record = TrainingSetRdf.model(manifest, folder, started, ended);
            try (OutputStream out = Files.newOutputStream(temp.resolve("trainingset.ttl"))) {
                RDFDataMgr.write(out, record, Lang.TURTLE);
            }
            staged.commitNew();
            if (source.geoStore() != null) {
                try {
                    source.geoStore().write(dsg -> {
                        if (dsg.getDefaultGraph().contains(org.apache.jena.graph.NodeFactory.createURI(iri),
                                org.apache.jena.vocabulary.RDF.type.asNode(), Floe.TrainingSet.asNode())) {
                            throw new MlDataException(source.iri() + ": the store already records <" + iri + ">");
                        }
                        record.getGraph().find().forEachRemaining(dsg.getDefaultGraph()::add);
                        return null;
                    });
                } catch (RuntimeException e) {
                    Folders.deleteQuietly(folder);
                    throw e;
                }
            }
            if (progress != null) {
                progress.printf(Locale.ROOT, "training set %s: %d samples (train %d, validation %d, test %d) in %s%n", name,
                        manifest.total(), manifest.total(Split.TRAIN), manifest.total(Split.VALIDATION),
                        manifest.total(Split.TEST), folder);
            }
            return open(folder);
        } catch (IOException e) {
            throw new MlDataException(folder + ": cannot write the training set: " + e.getMessage(), e);
        }
    }

    private static boolean exists(SparqlSource source, String iri) {
        return org.apache.jena.system.Txn.calculateRead(source.geoStore().dataset(), () ->
                source.geoStore().dataset().getDefaultModel().contains(
                        source.geoStore().dataset().getDefaultModel().createResource(iri),
                        org.apache.jena.vocabulary.RDF.type, Floe.TrainingSet));
    }

    /** Reads each raster, checks it (shape equal to the first, every value finite) and copies it. */
    private static int[] copyRasters(List<TrainingRow> rows, Path temp, PrintStream progress) throws IOException {
        if (rows.get(0).raster() == null) {
            return null;
        }
        Files.createDirectories(temp.resolve("rasters"));
        int[] shape = null;
        long begin = System.nanoTime();
        for (int i = 0; i < rows.size(); i++) {
            TrainingRow r = rows.get(i);
            Path file;
            try {
                file = Path.of(URI.create(r.raster()));
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                throw new MlDataException("sample " + r.sample() + ": ?raster " + r.raster() + " is not a file: IRI");
            }
            if (!Files.isRegularFile(file)) {
                throw new MlDataException("sample " + r.sample() + ": raster file " + file + " does not exist");
            }
            NpyArray a = readRaster(file);
            if (shape == null) {
                shape = a.shape();
            } else if (!Arrays.equals(shape, a.shape())) {
                throw new MlDataException("sample " + r.sample() + ": raster " + file + " has shape " + Arrays.toString(a.shape())
                        + ", the first sample's has " + Arrays.toString(shape));
            }
            for (int p = 0; p < a.data().length; p++) {
                if (!Float.isFinite(a.data()[p])) {
                    throw new MlDataException("sample " + r.sample() + ": raster " + file + " value " + p + " is " + a.data()[p]);
                }
            }
            Files.copy(file, temp.resolve(rasterPath(i)));
            if (progress != null && (i + 1) % 1000 == 0) {
                double rate = (i + 1) / ((System.nanoTime() - begin) / 1e9);
                progress.printf(Locale.ROOT, "%d/%d rasters copied, %.0f/s%n", i + 1, rows.size(), rate);
            }
        }
        return shape;
    }

    /** A sample's pixels; a malformed file fails naming it. */
    private static NpyArray readRaster(Path file) {
        try {
            return NpyArray.read(file);
        } catch (IOException e) {
            throw new MlDataException(e.getMessage(), e);
        }
    }

    private static String rasterPath(int index) {
        return String.format(Locale.ROOT, "rasters/%06d.npy", index);
    }

    private static void writeSamples(Path file, List<TrainingRow> rows, Map<String, Split> splits, List<String> features,
                                     boolean rasters) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().addColumn("sample").addColumn("label").addColumn("split").addColumn("raster");
        features.forEach(schema::addColumn);
        try (SequenceWriter w = CSV.writer(schema.build().withHeader()).writeValues(file.toFile())) {
            for (int i = 0; i < rows.size(); i++) {
                TrainingRow r = rows.get(i);
                List<String> row = new ArrayList<>(List.of(r.sample(), r.label(), splits.get(r.sample()).label(),
                        rasters ? rasterPath(i) : ""));
                for (double v : r.features()) {
                    row.add(Double.isNaN(v) ? "" : Double.toString(v));
                }
                w.write(row);
            }
        }
    }

    /** Reads a materialised set back from its folder. */
    public static TrainingSet open(Path folder) {
        Path manifestFile = folder.resolve(Manifest.FILE);
        if (!Files.isRegularFile(manifestFile)) {
            throw new MlDataException(folder + ": not a training set folder (no " + Manifest.FILE + ")");
        }
        try {
            Manifest manifest = JSON.readValue(manifestFile.toFile(), Manifest.class);
            List<Map<String, String>> rows = new ArrayList<>();
            try (MappingIterator<Map<String, String>> it = CSV.readerFor(Map.class)
                    .with(CsvSchema.emptySchema().withHeader()).readValues(folder.resolve("samples.csv").toFile())) {
                it.forEachRemaining(rows::add);
            }
            return new TrainingSet(folder, manifest, rows);
        } catch (IOException e) {
            throw new MlDataException(folder + ": unreadable training set: " + e.getMessage(), e);
        }
    }

    public Manifest manifest() {
        return manifest;
    }

    public Path folder() {
        return folder;
    }

    /** The samples of one split with their pixels and features (feature values missing in the query are NaN). */
    public ImageSamples samples(Split split) {
        int[] shape = manifest.rasterShape();
        if (shape == null) {
            throw new MlDataException(folder + ": training set " + manifest.name() + " has no rasters; an image model needs ?raster");
        }
        int channels = shape.length == 3 ? shape[0] : 1;
        int height = shape[shape.length - 2];
        int width = shape[shape.length - 1];
        List<String> ids = new ArrayList<>();
        List<float[]> pixels = new ArrayList<>();
        List<float[]> extras = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Map<String, String> row : rows) {
            if (!split.label().equals(row.get("split"))) {
                continue;
            }
            ids.add(row.get("sample"));
            pixels.add(readRaster(folder.resolve(row.get("raster"))).data());
            float[] x = new float[manifest.features().size()];
            for (int f = 0; f < x.length; f++) {
                String v = row.get(manifest.features().get(f));
                x[f] = v == null || v.isEmpty() ? Float.NaN : Float.parseFloat(v);
            }
            extras.add(x);
            int label = manifest.classes().indexOf(row.get("label"));
            if (label < 0) {
                throw new MlDataException(folder + ": sample " + row.get("sample") + " has class " + row.get("label")
                        + ", not one of " + manifest.classes());
            }
            labels.add(label);
        }
        return new ImageSamples(ids, manifest.classes(), channels, height, width, manifest.features().size(),
                pixels.toArray(float[][]::new), extras.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray());
    }

}
