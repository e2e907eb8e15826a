package dev.floe.store.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.apache.hadoop.fs.Path;
import org.apache.sedona.spark.SedonaContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.sedona_sql.UDT.GeometryUDT;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import dev.floe.geo.GeoSparqlIris;
import dev.floe.geo.Relation;

/**
 * A committed version of a Spark store, read through its {@link StoreManifest}: one table per predicate with
 * columns s, o, g (terms as {@link Terms} strings; g null in the default graph), geometry (CRS84, for
 * geo:wktLiteral objects) and bbox (its bounding box, the GeoParquet covering column). A store opened once keeps
 * reading the version it opened, whatever loads commit meanwhile.
 */
public final class SparkStore {

    /** The bounding-box struct of GeoParquet 1.1's covering. */
    public static final StructType BBOX = new StructType(new StructField[] {
        DataTypes.createStructField("xmin", DataTypes.DoubleType, false),
        DataTypes.createStructField("ymin", DataTypes.DoubleType, false),
        DataTypes.createStructField("xmax", DataTypes.DoubleType, false),
        DataTypes.createStructField("ymax", DataTypes.DoubleType, false),
    });

    static final StructType TABLE = new StructType(new StructField[] {
        DataTypes.createStructField("s", DataTypes.StringType, false),
        DataTypes.createStructField("o", DataTypes.StringType, false),
        DataTypes.createStructField("g", DataTypes.StringType, true),
        DataTypes.createStructField("geometry", new GeometryUDT(), true),
        DataTypes.createStructField("bbox", BBOX, true),
    });

    /** The tables a spatial object's geometry comes from: what a precomputed relation must have been made of. */
    static final List<String> GEOMETRY_TABLES = List.of(GeoSparqlIris.HAS_DEFAULT_GEOMETRY, GeoSparqlIris.AS_WKT);

    private final SparkSession spark;
    private final String uri;
    private final StoreManifest manifest;
    private final boolean usePrecomputed;

    SparkStore(SparkSession spark, String uri, StoreManifest manifest, boolean usePrecomputed) {
        this.spark = spark;
        this.uri = uri;
        this.manifest = manifest;
        this.usePrecomputed = usePrecomputed;
    }

    /** This version of the store, every relation computed from the geometries (its precomputed tables unused). */
    public SparkStore computingRelations() {
        return new SparkStore(spark, uri, manifest, false);
    }

    public String uri() {
        return uri;
    }

    /**
     * The precomputed table of a relation between spatial objects (columns a, b: terms as {@link Terms} strings),
     * when there is one and it was made from the geometry tables this version has; else empty.
     */
    public Optional<Dataset<Row>> precomputed(Relation relation) {
        StoreManifest.PrecomputedRelation r = manifest.relations().get(relation.propertyIri());
        if (!usePrecomputed || r == null || !r.madeFrom().equals(geometryTables())) {
            return Optional.empty();
        }
        return Optional.of(spark.read().parquet(new Path(new Path(uri), r.dir()).toString()));
    }

    /** The folders of this version's geometry tables, as {@link StoreManifest.PrecomputedRelation#madeFrom} records them. */
    Map<String, List<String>> geometryTables() {
        Map<String, List<String>> out = new TreeMap<>();
        for (String p : GEOMETRY_TABLES) {
            out.put(p, manifest.tables().getOrDefault(p, List.of()));
        }
        return out;
    }

    /** The newest committed version of the store at {@code uri}; Sedona is registered on the session. */
    public static SparkStore open(SparkSession spark, String uri) {
        SedonaContext.create(spark);
        Path root = new Path(uri);
        try {
            return new SparkStore(spark, uri, StoreManifest.latest(root.getFileSystem(spark.sparkContext().hadoopConfiguration()), root), true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the store at " + uri + ": " + e.getMessage(), e);
        }
    }

    public SparkSession spark() {
        return spark;
    }

    public StoreManifest manifest() {
        return manifest;
    }

    /** The predicates the store has a table for. */
    public Set<String> predicates() {
        return manifest.tables().keySet();
    }

    /** The triples of the default graph with this predicate (columns s, o, geometry, bbox); empty when none. */
    public Dataset<Row> table(String predicateIri) {
        return all(predicateIri).map(t -> t.where(functions.col("g").isNull()).drop("g"))
                .orElseGet(() -> spark.createDataFrame(List.of(), TABLE).drop("g"));
    }

    /**
     * The quads of every graph with this predicate (columns s, o, g, geometry, bbox; g null in the default graph);
     * empty when none.
     */
    public Dataset<Row> quadTable(String predicateIri) {
        return all(predicateIri).orElseGet(() -> spark.createDataFrame(List.of(), TABLE));
    }

    private Optional<Dataset<Row>> all(String predicateIri) {
        List<String> dirs = manifest.tables().get(predicateIri);
        if (dirs == null) {
            return Optional.empty();
        }
        List<String> paths = new ArrayList<>();
        for (String d : dirs) {
            paths.add(new Path(new Path(uri), d).toString());
        }
        return Optional.of(spark.read().format("geoparquet").load(paths.toArray(String[]::new)).select("s", "o", "g", "geometry", "bbox"));
    }

    /** Every quad of the store, as columns hs, hp, ho, hg (for a load to leave out what is stored already). */
    Dataset<Row> quads() {
        Dataset<Row> out = null;
        for (Map.Entry<String, List<String>> e : manifest.tables().entrySet()) {
            Dataset<Row> t = all(e.getKey()).orElseThrow().select(functions.col("s").as("hs"),
                    functions.lit(e.getKey()).as("hp"), functions.col("o").as("ho"), functions.col("g").as("hg"));
            out = out == null ? t : out.unionAll(t);
        }
        return out;
    }
}
