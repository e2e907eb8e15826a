package dev.floe.store.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.jena.datatypes.RDFDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.lang.LabelToNode;
import org.apache.jena.riot.system.ErrorHandler;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.sparql.core.Quad;
import org.apache.sedona.spark.SedonaContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;

import dev.floe.geo.GeoSparqlIris;
import dev.floe.geo.Wkt;

/**
 * Loads N-Triples and N-Quads files (gzip when the name ends in {@code .gz}) into a Spark store: one table per
 * predicate (columns s, o, g, geometry, bbox; g null for the default graph), written as GeoParquet 1.1 under
 * {@code data/vN/pid=HASH/} and committed by the store's next {@link StoreManifest}.
 *
 * <p><b>Terms are stored as typed strings, not dictionary-encoded</b>: each term is kept in its N-Triples form
 * ({@link Terms}), which is its identity (a join on it is SPARQL's join on terms) and carries its datatype, language and
 * lexical form for FILTERs, without a dictionary join to decode any answer and without a store-wide id assignment
 * (a global dictionary needs a shuffle of every term at each load and a join per projected column at each query).
 * Parquet's own per-column-chunk dictionary encoding already stores a repeated IRI once per row group, which takes
 * most of the space a terms dictionary would save. Geometry literals ({@code geo:wktLiteral}, with or without a CRS
 * IRI) are parsed once, here, into CRS84 geometry (WKB in GeoParquet) and a bbox struct (xmin, ymin, xmax, ymax)
 * named as the GeoParquet covering of the geometry, so a spatial selection prunes files and row groups by their
 * statistics; the literal itself stays in {@code o}.
 *
 * <p>RDF is a set: a load keeps each triple once (a shuffle of the new rows) and leaves out the triples earlier
 * versions hold (an anti-join with the stored tables), so counts and aggregates agree with the TDB2 store. Geometry
 * literals lose leading and trailing white space, as the TDB2 store's loader does.
 *
 * <p>Each file is parsed by one task, line by line, so an error names the file and line; a line that does not parse,
 * or a geometry literal that is not WKT, fails the whole load with that message (nothing is skipped). Nothing of a
 * failed load is read: its files are deleted and the previous version stays the newest.
 */
public final class SparkStoreLoader {

    /** What a load committed. */
    public record LoadResult(long version, long triples, int predicates) implements Serializable {
    }

    static final StructType PARSED = new StructType(new StructField[] {
        DataTypes.createStructField("s", DataTypes.StringType, false),
        DataTypes.createStructField("p", DataTypes.StringType, false),
        DataTypes.createStructField("o", DataTypes.StringType, false),
        DataTypes.createStructField("g", DataTypes.StringType, true),
        DataTypes.createStructField("pid", DataTypes.StringType, false),
        DataTypes.createStructField("wkb", DataTypes.BinaryType, true),
        DataTypes.createStructField("bbox", SparkStore.BBOX, true),
    });

    private final SparkSession spark;

    public SparkStoreLoader(SparkSession spark) {
        this.spark = spark;
        SedonaContext.create(spark);
    }

    /** Loads {@code files} (any Hadoop file system URI) into the store at {@code storeUri} as its next version. */
    public LoadResult load(String storeUri, List<String> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no files to load");
        }
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path root = new Path(storeUri);
        FileSystem fs;
        StoreManifest current;
        try {
            fs = root.getFileSystem(conf);
            current = StoreManifest.latest(fs, root);
            for (String f : files) {
                if (!new Path(f).getFileSystem(conf).exists(new Path(f))) {
                    throw new IllegalArgumentException("no such file: " + f);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the store at " + storeUri + ": " + e.getMessage(), e);
        }
        long version = current.version() + 1;
        String dataDir = "data/v" + version;
        Path data = new Path(root, dataDir);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        CollectionAccumulator<String> predicates = spark.sparkContext().collectionAccumulator("floe predicates");
        try {
            if (fs.exists(data)) {
                fs.delete(data, true); // a failed load's files, never committed
            }
            JavaRDD<Row> rows = sc.parallelize(files, files.size()).flatMap(file -> {
                Configuration c = new Configuration();
                return new FileRows(file, c, predicates);
            });
            Dataset<Row> parsed = spark.createDataFrame(rows, PARSED).dropDuplicates("s", "p", "o", "g");
            if (current.version() > 0) {
                // RDF is a set: a triple an earlier version holds is not stored again
                Dataset<Row> held = new SparkStore(spark, storeUri, current, false).quads();
                parsed = parsed.join(held, parsed.col("s").equalTo(held.col("hs"))
                        .and(parsed.col("p").equalTo(held.col("hp"))).and(parsed.col("o").equalTo(held.col("ho")))
                        .and(parsed.col("g").eqNullSafe(held.col("hg"))), "left_anti");
            }
            parsed.selectExpr("s", "p", "o", "g", "pid", "ST_GeomFromWKB(wkb) AS geometry", "bbox")
                    .write().mode(SaveMode.ErrorIfExists).partitionBy("pid").format("geoparquet")
                    .option("geoparquet.version", "1.1.0")
                    .option("geoparquet.covering.geometry", "bbox")
                    .save(data.toString());
            Map<String, String> byId = new HashMap<>();
            for (String p : new HashSet<>(predicates.value())) {
                byId.put(tableId(p), p);
            }
            Map<String, String> tables = new LinkedHashMap<>();
            long added = 0;
            if (fs.exists(data)) {
                for (Row r : spark.read().parquet(data.toString()).groupBy("pid").count().collectAsList()) {
                    String p = byId.get(r.getString(0));
                    tables.put(p, dataDir + "/pid=" + r.getString(0));
                    added += r.getLong(1);
                }
            }
            StoreManifest next = current.next(added, tables);
            next.commit(fs, root);
            return new LoadResult(next.version(), added, tables.size());
        } catch (Exception e) {
            try {
                fs.delete(data, true);
            } catch (IOException ignored) {
                // the files are never read without a manifest; the next load deletes them
            }
            throw new LoadException(cause(e), e);
        }
    }

    /** The message of the innermost floe load error in a Spark failure, else of the failure. */
    private static String cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadInputException) {
                return t.getMessage();
            }
            String m = t.getMessage();
            int at = m == null ? -1 : m.indexOf(BadInputException.class.getName() + ": ");
            if (at >= 0) {
                String rest = m.substring(at + BadInputException.class.getName().length() + 2);
                int end = rest.indexOf('\n');
                return end < 0 ? rest : rest.substring(0, end);
            }
        }
        return e.getMessage();
    }

    /** A predicate's table folder name: a hash of its IRI (IRIs are not file names). */
    static String tableId(String predicateIri) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(predicateIri.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A load that failed; nothing of it was committed. */
    public static final class LoadException extends RuntimeException {
        LoadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A line of input that is not RDF, or a geometry literal that is not WKT: file and line in the message. */
    static final class BadInputException extends RuntimeException {
        BadInputException(String message) {
            super(message);
        }
    }

    /** The rows of one file, parsed a line at a time; blank node labels are scoped to the file. */
    private static final class FileRows implements Iterator<Row> {
        private final String file;
        private final BufferedReader reader;
        private final LabelToNode labels = LabelToNode.createScopeByDocumentHash();
        private final Lang lang;
        private final Set<String> seen = new HashSet<>();
        private final CollectionAccumulator<String> predicates;
        private final List<Row> pending = new ArrayList<>(1);
        private long line;

        FileRows(String file, Configuration conf, CollectionAccumulator<String> predicates) throws IOException {
            this.file = file;
            this.predicates = predicates;
            String name = file.endsWith(".gz") ? file.substring(0, file.length() - 3) : file;
            this.lang = name.endsWith(".nq") ? Lang.NQUADS : Lang.NTRIPLES;
            Path path = new Path(file);
            InputStream in = path.getFileSystem(conf).open(path);
            if (file.endsWith(".gz")) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        }

        @Override
        public boolean hasNext() {
            try {
                while (pending.isEmpty()) {
                    String text = reader.readLine();
                    if (text == null) {
                        reader.close();
                        return false;
                    }
                    line++;
                    if (!text.isBlank() && !text.stripLeading().startsWith("#")) {
                        parse(text);
                    }
                }
                return true;
            } catch (IOException e) {
                throw new BadInputException(file + ": cannot read: " + e.getMessage());
            }
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.remove(0);
        }

        private void parse(String text) {
            ErrorHandler errors = new ErrorHandler() {
                @Override
                public void warning(String message, long l, long col) {
                }

                @Override
                public void error(String message, long l, long col) {
                    throw new BadInputException(file + ", line " + line + ", column " + col + ": " + message);
                }

                @Override
                public void fatal(String message, long l, long col) {
                    error(message, l, col);
                }
            };
            try {
                RDFParser.fromString(text, lang).labelToNode(labels).errorHandler(errors).parse(new StreamRDFBase() {
                    @Override
                    public void triple(org.apache.jena.graph.Triple t) {
                        add(t.getSubject(), t.getPredicate(), t.getObject(), null);
                    }

                    @Override
                    public void quad(Quad q) {
                        add(q.getSubject(), q.getPredicate(), q.getObject(),
                                q.isDefaultGraph() ? null : q.getGraph());
                    }
                });
            } catch (RiotException e) {
                throw new BadInputException(file + ", line " + line + ": " + e.getMessage());
            }
        }

        private void add(Node s, Node p, Node o, Node g) {
            o = trimmed(o);
            byte[] wkb = null;
            Row bbox = null;
            if (o.isLiteral() && GeoSparqlIris.WKT_LITERAL.equals(datatype(o))) {
                Geometry geometry;
                try {
                    geometry = GeometryLiterals.crs84(o.getLiteralLexicalForm());
                } catch (Exception e) {
                    throw new BadInputException(file + ", line " + line + ": the geo:wktLiteral of " + Terms.encode(s)
                            + " is not WKT in a known CRS: " + e.getMessage());
                }
                wkb = new WKBWriter(2).write(geometry);
                Envelope e = geometry.getEnvelopeInternal();
                bbox = e.isNull() ? null : RowFactory.create(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY());
            }
            String predicate = p.getURI();
            if (seen.add(predicate)) {
                predicates.add(predicate);
            }
            pending.add(RowFactory.create(Terms.encode(s), predicate, Terms.encode(o), Terms.encode(g),
                    tableId(predicate), wkb, bbox));
        }

        /**
         * A geometry literal (a geo: datatype) without leading and trailing white space, as the TDB2 store loads it
         * (its GeometryLiteralTrim): RDF/XML and Turtle often wrap them in line breaks.
         */
        private static Node trimmed(Node o) {
            String dt = o.isLiteral() ? datatype(o) : null;
            if (dt != null && dt.startsWith(GeoSparqlIris.GEO)) {
                String lex = o.getLiteralLexicalForm();
                if (!lex.strip().equals(lex)) {
                    return org.apache.jena.graph.NodeFactory.createLiteralDT(lex.strip(), o.getLiteralDatatype());
                }
            }
            return o;
        }

        private static String datatype(Node literal) {
            RDFDatatype dt = literal.getLiteralDatatype();
            return dt == null ? null : dt.getURI();
        }
    }
}
