package dev.floe.interlink.spark;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.sedona.spark.SedonaContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.operation.relateng.RelateNG;

import dev.floe.geo.Relation;
import dev.floe.geo.Wkt;
import dev.floe.interlink.FeatureReader;
import dev.floe.interlink.Interlinker;
import dev.floe.interlink.LinkRelations;
import dev.floe.ontology.GeoSparql;
import dev.floe.triplify.InvalidGeometryPolicy;
import dev.floe.triplify.geometry.GeometryCheck;

import scala.Tuple2;
import scala.Tuple3;

/**
 * The interlinker on Spark with Apache Sedona: Sedona's spatial join (ST_Intersects) is the filter, and the
 * same per-pair verification as the local interlinker ({@link Interlinker#holding}: one DE-9IM matrix per
 * candidate) runs per partition. Inputs are N-Triples on any Hadoop file system; the links are
 * written as N-Triples part files. Features and geometries are read the same way as the local
 * {@link FeatureReader} (geo:hasDefaultGeometry, geo:asWKT in any CRS to CRS84, invalid geometries repaired
 * or skipped), so both engines give the same link set.
 *
 * <pre>
 * spark-submit --class dev.floe.interlink.spark.InterlinkJob floe-interlink.jar SOURCE.nt TARGET.nt OUTDIR [relations]
 * </pre>
 */
public final class InterlinkJob {

    private InterlinkJob() {
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: InterlinkJob SOURCE.nt TARGET.nt OUTDIR [all|intersects,within,...]");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("floe interlink").getOrCreate();
        long links = run(spark, args[0], args[1], args[2], LinkRelations.parse(args.length > 3 ? args[3] : "all"),
                InvalidGeometryPolicy.REPAIR);
        System.err.println("interlink: " + links + " links written to " + args[2]);
        spark.stop();
    }

    /** Runs the job; returns the number of links written to {@code outDir}. */
    public static long run(SparkSession spark, String source, String target, String outDir, Set<Relation> relations,
                           InvalidGeometryPolicy onInvalid) {
        SedonaContext.create(spark);
        Dataset<String> links = links(spark, features(spark, source, onInvalid), features(spark, target, onInvalid), relations);
        links.cache();
        links.write().mode(SaveMode.Overwrite).text(outDir);
        long n = links.count();
        links.unpersist();
        return n;
    }

    /**
     * The links, as N-Triples lines, between two feature tables with columns (iri STRING, wkb BINARY) of CRS84
     * geometries: Sedona's join on ST_Intersects finds the candidates, {@link Interlinker#holding} decides.
     */
    public static Dataset<String> links(SparkSession spark, Dataset<Row> source, Dataset<Row> target, Set<Relation> relations) {
        SedonaContext.create(spark);
        source.createOrReplaceTempView("floe_source");
        target.createOrReplaceTempView("floe_target");
        Dataset<Row> candidates = spark.sql(
                "SELECT s.iri AS s, s.wkb AS sw, t.iri AS t, t.wkb AS tw FROM "
                + "(SELECT iri, wkb, ST_GeomFromWKB(wkb) AS g FROM floe_source) s JOIN "
                + "(SELECT iri, wkb, ST_GeomFromWKB(wkb) AS g FROM floe_target) t ON ST_Intersects(s.g, t.g)");
        EnumSet<Relation> wanted = EnumSet.copyOf(relations);
        return candidates.mapPartitions((MapPartitionsFunction<Row, String>) rows -> verify(rows, wanted), Encoders.STRING());
    }

    /**
     * The features of N-Triples files as rows (iri, wkb): CRS84 geometries as WKB, which carries every bit of
     * every coordinate (WKT text would round, and a river ending on a border would cross instead of touch).
     * Checked like the local reader does.
     */
    static Dataset<Row> features(SparkSession spark, String path, InvalidGeometryPolicy onInvalid) {
        String hasDefault = GeoSparql.hasDefaultGeometry.getURI();
        String asWkt = GeoSparql.asWKT.getURI();
        Dataset<Tuple3<String, String, String>> triples = spark.read().textFile(path).flatMap(
                (FlatMapFunction<String, Tuple3<String, String, String>>) line -> parse(line, hasDefault, asWkt),
                Encoders.tuple(Encoders.STRING(), Encoders.STRING(), Encoders.STRING()));
        triples.createOrReplaceTempView("floe_triples");
        Dataset<Row> joined = spark.sql("SELECT g._1 AS iri, w._3 AS literal FROM "
                + "(SELECT * FROM floe_triples WHERE _2 = '" + hasDefault + "') g JOIN "
                + "(SELECT * FROM floe_triples WHERE _2 = '" + asWkt + "') w ON g._3 = w._1");
        return joined.flatMap((FlatMapFunction<Row, Tuple2<String, byte[]>>) row -> checked(row, onInvalid),
                Encoders.tuple(Encoders.STRING(), Encoders.BINARY())).toDF("iri", "wkb");
    }

    private static Iterator<Tuple3<String, String, String>> parse(String line, String hasDefault, String asWkt) {
        List<Tuple3<String, String, String>> out = new ArrayList<>(1);
        if (!(line.contains(hasDefault) || line.contains(asWkt))) {
            return out.iterator();
        }
        RDFParser.fromString(line, Lang.NTRIPLES).parse(new StreamRDFBase() {
            @Override
            public void triple(org.apache.jena.graph.Triple t) {
                Node o = t.getObject();
                out.add(new Tuple3<>(t.getSubject().getURI(), t.getPredicate().getURI(),
                        o.isLiteral() ? o.getLiteralLexicalForm() : o.getURI()));
            }
        });
        return out.iterator();
    }

    private static Iterator<Tuple2<String, byte[]>> checked(Row row, InvalidGeometryPolicy onInvalid) throws Exception {
        Geometry g = Wkt.readCrs84(row.getString(1));
        GeometryCheck.Outcome outcome = new GeometryCheck(onInvalid).check(g);
        List<Tuple2<String, byte[]>> out = new ArrayList<>(1);
        switch (outcome.action()) {
            case KEPT, REPAIRED -> out.add(new Tuple2<>(row.getString(0), new WKBWriter(2).write(outcome.geometry())));
            case SKIPPED -> { }
            default -> throw new IllegalArgumentException("<" + row.getString(0) + ">: " + outcome.reason());
        }
        return out.iterator();
    }

    private static Iterator<String> verify(Iterator<Row> rows, Set<Relation> relations) throws Exception {
        WKBReader reader = new WKBReader();
        List<String> out = new ArrayList<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            Geometry a = reader.read((byte[]) r.get(1));
            Geometry b = reader.read((byte[]) r.get(3));
            for (Relation rel : Interlinker.holding(RelateNG.relate(a, b), a, b, relations)) {
                out.add("<" + r.getString(0) + "> <" + rel.propertyIri() + "> <" + r.getString(2) + "> .");
            }
        }
        return out.iterator();
    }
}
