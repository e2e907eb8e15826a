package dev.floe.triplify.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.IOUtils;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import dev.floe.ontology.Floe;
import dev.floe.triplify.InvalidGeometryPolicy;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyException;
import dev.floe.triplify.TriplifyOptions;
import dev.floe.triplify.json.JsonRecordReader;
import dev.floe.triplify.rml.Mapping;
import dev.floe.triplify.rml.MappingReader;
import dev.floe.triplify.rml.MappingRunner;
import dev.floe.triplify.shapefile.ShapefileSource;

import scala.Tuple2;

/**
 * Runs an RML mapping on Spark: the same {@link MappingRunner} as {@code floe triplify --mapping}, once per partition,
 * so both give the same triples. The mapping must read one logical source; the job's input replaces its file:
 * <ul>
 * <li>a GeoJSON sequence ({@code .geojsons}, {@code .geojsonl}, {@code .jsonl}, {@code .ndjson}) under floe:GeoJSON is
 *     split by lines across partitions; each line keeps its position in the whole input, so features identified by
 *     position keep their ids;</li>
 * <li>any other input (partitioned CSV: a directory or glob of part files with headers; Shapefiles, whose .dbf,
 *     .prj, .cpg siblings are fetched; GeoPackages; GeoJSON documents) is split by files, one task per file.</li>
 * </ul>
 * Files are read from any Hadoop file system and copied to the task's local temporary directory; the triples are
 * written as N-Triples part files (N-Quads when the mapping writes named graphs). Each task streams through a local
 * temporary file, so memory stays flat. Duplicate feature ids are checked within each task's part only.
 *
 * <pre>
 * spark-submit --class dev.floe.triplify.spark.TriplifyJob floe-triplify-job.jar MAPPING.ttl INPUT OUTDIR [repair|skip|fail]
 * </pre>
 */
public final class TriplifyJob {

    private TriplifyJob() {
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: TriplifyJob MAPPING.ttl INPUT(file, directory or glob) OUTDIR [repair|skip|fail]");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("floe triplify").getOrCreate();
        InvalidGeometryPolicy policy = InvalidGeometryPolicy.valueOf((args.length > 3 ? args[3] : "repair").toUpperCase(Locale.ROOT));
        long n = run(spark, args[0], args[1], args[2], policy);
        System.err.println("triplify: " + n + " statements written to " + args[2]);
        spark.stop();
    }

    /** Runs the job; returns the number of statements written to {@code outDir}. */
    public static long run(SparkSession spark, String mappingPath, String input, String outDir, InvalidGeometryPolicy onInvalid) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String mappingText = readText(conf, mappingPath);
        Mapping mapping = parse(mappingText, mappingPath);
        if (mapping.sources().size() != 1) {
            throw new TriplifyException(Path.of(mappingPath), null, "TriplifyJob runs mappings with one logical source; this one has "
                    + mapping.sources().size());
        }
        Mapping.LogicalSource source = mapping.sources().get(0);
        String policy = onInvalid.name();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<String> statements;
        if (source.formulation().equals(Floe.GeoJSON.getURI()) && JsonRecordReader.isSequence(Path.of(new org.apache.hadoop.fs.Path(input).getName()))) {
            JavaRDD<String> lines = spark.read().textFile(input).javaRDD().filter(l -> !l.isBlank());
            statements = lines.zipWithIndex().mapPartitions(
                    (FlatMapFunction<Iterator<Tuple2<String, Long>>, String>) part -> sequencePart(mappingText, policy, part));
        } else {
            List<String> files = files(conf, input);
            if (files.isEmpty()) {
                throw new TriplifyException(Path.of(input), null, "no input files");
            }
            statements = jsc.parallelize(files, files.size()).mapPartitions(
                    (FlatMapFunction<Iterator<String>, String>) part -> fileParts(mappingText, policy, part));
        }
        Dataset<String> out = spark.createDataset(statements.rdd(), Encoders.STRING());
        out.cache();
        out.write().mode(SaveMode.Overwrite).text(outDir);
        long n = out.count();
        out.unpersist();
        return n;
    }

    /** The input files: a file, a directory's files (not hidden, not sidecars of a Shapefile), or a glob's matches. */
    static List<String> files(Configuration conf, String input) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(input);
            FileSystem fs = p.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(p);
            List<String> out = new ArrayList<>();
            if (matches == null) {
                return out;
            }
            for (FileStatus m : matches) {
                if (m.isDirectory()) {
                    for (FileStatus f : fs.listStatus(m.getPath())) {
                        if (f.isFile() && usable(f.getPath().getName())) {
                            out.add(f.getPath().toString());
                        }
                    }
                } else if (usable(m.getPath().getName())) {
                    out.add(m.getPath().toString());
                }
            }
            out.sort(Comparator.naturalOrder());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + input, e);
        }
    }

    private static boolean usable(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && !n.startsWith("_") && !n.endsWith(".dbf") && !n.endsWith(".prj") && !n.endsWith(".cpg")
                && !n.endsWith(".shx") && !n.endsWith(".crc");
    }

    /** A part of a GeoJSON sequence: its lines, each with its position in the whole input. */
    private static Iterator<String> sequencePart(String mappingText, String policy, Iterator<Tuple2<String, Long>> lines) throws IOException {
        if (!lines.hasNext()) {
            return List.<String>of().iterator();
        }
        Path dir = Files.createTempDirectory("floe-triplify-");
        Tuple2<String, Long> first = lines.next();
        Path part = dir.resolve("part.geojsons");
        try (java.io.BufferedWriter w = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
            w.write(first._1());
            w.newLine();
            while (lines.hasNext()) {
                w.write(lines.next()._1());
                w.newLine();
            }
        }
        return runLocally(dir, mappingText, policy, List.of(new LocalInput(part, first._2())));
    }

    /** Whole files: each copied here (with a Shapefile's siblings) and mapped. */
    private static Iterator<String> fileParts(String mappingText, String policy, Iterator<String> paths) throws IOException {
        Path dir = Files.createTempDirectory("floe-triplify-");
        Configuration conf = new Configuration();
        List<LocalInput> inputs = new ArrayList<>();
        int i = 0;
        while (paths.hasNext()) {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(paths.next());
            Path local = Files.createDirectories(dir.resolve("in-" + i++)).resolve(p.getName());
            copy(conf, p, local);
            if (ShapefileSource.accepts(local)) {
                String stem = p.getName().substring(0, p.getName().length() - 4);
                for (String ext : new String[] {"dbf", "prj", "cpg", "DBF", "PRJ", "CPG"}) {
                    org.apache.hadoop.fs.Path sibling = new org.apache.hadoop.fs.Path(p.getParent(), stem + "." + ext);
                    if (sibling.getFileSystem(conf).exists(sibling)) {
                        copy(conf, sibling, local.resolveSibling(stem + "." + ext));
                    }
                }
            }
            inputs.add(new LocalInput(local, 0));
        }
        return runLocally(dir, mappingText, policy, inputs);
    }

    private record LocalInput(Path file, long firstIndex) {
    }

    /** Runs the mapping on local files into one temporary output, and streams its lines (deleting it at the end). */
    private static Iterator<String> runLocally(Path dir, String mappingText, String policy, List<LocalInput> inputs) throws IOException {
        Path mappingFile = dir.resolve("mapping.ttl");
        Files.writeString(mappingFile, mappingText);
        Mapping mapping = MappingReader.read(mappingFile);
        Mapping.LogicalSource source = mapping.sources().get(0);
        boolean quads = MappingRunner.usesNamedGraphs(mapping);
        Path out = dir.resolve(quads ? "out.nq" : "out.nt");
        Triplifier triplifier = new Triplifier(TriplifyOptions.defaults().withOnInvalid(InvalidGeometryPolicy.valueOf(policy)));
        try (OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            StreamRDF stream = StreamRDFWriter.getWriterStream(o, quads ? RDFFormat.NQUADS : RDFFormat.NTRIPLES);
            stream.start();
            for (LocalInput in : inputs) {
                triplifier.triplify(mapping.withSource(source, source.withFile(in.file(), in.firstIndex())), stream);
            }
            stream.finish();
        }
        BufferedReader reader = Files.newBufferedReader(out, StandardCharsets.UTF_8);
        return new Iterator<>() {
            private String next = advance();

            private String advance() {
                try {
                    String line = reader.readLine();
                    if (line == null) {
                        reader.close();
                        delete(dir);
                    }
                    return line;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public String next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                String line = next;
                next = advance();
                return line;
            }
        };
    }

    private static void copy(Configuration conf, org.apache.hadoop.fs.Path from, Path to) throws IOException {
        try (InputStream in = from.getFileSystem(conf).open(from); OutputStream o = Files.newOutputStream(to)) {
            IOUtils.copyBytes(in, o, 1 << 16, false);
        }
    }

    private static String readText(Configuration conf, String path) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TriplifyException(Path.of(path), null, "cannot read the mapping: " + e.getMessage(), e);
        }
    }

    private static Mapping parse(String text, String name) {
        try {
            Path dir = Files.createTempDirectory("floe-mapping-");
            try {
                Path f = dir.resolve(new org.apache.hadoop.fs.Path(name).getName());
                Files.writeString(f, text);
                try {
                    return MappingReader.read(f);
                } catch (TriplifyException e) {
                    // name the mapping as the user gave it, not its temporary copy
                    String rest = e.getMessage().startsWith(f.toString()) ? e.getMessage().substring(f.toString().length()) : null;
                    String prefix = e.record() == null ? ": " : ": " + e.record() + ": ";
                    if (rest == null || !rest.startsWith(prefix)) {
                        throw e;
                    }
                    throw new TriplifyException(Path.of(name), e.record(), rest.substring(prefix.length()), e);
                }
            } finally {
                delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // temporary files: the OS cleans up what is left
        }
    }
}
