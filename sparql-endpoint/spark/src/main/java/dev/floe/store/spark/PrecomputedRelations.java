package dev.floe.store.spark;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.algebra.op.OpBGP;
import org.apache.jena.sparql.core.BasicPattern;
import org.apache.jena.sparql.core.Var;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

import dev.floe.geo.Relation;

/**
 * {@code floe spark links}: GeoSPARQL relations between all of a store's spatial objects (features by their default
 * geometry, and geometries), computed once by the interlinking the engine itself runs for {@code ?a geo:sfWithin ?b}
 * (a Sedona spatial join on the bounding boxes, then floe's DE-9IM test per pair) and stored as a table of (a, b)
 * per relation, as Strabo 2 kept JedAI-spatial's links. A query's relation pattern then joins that table by term
 * instead of joining geometries. The store cannot check links computed elsewhere (another tool, other inputs,
 * repaired geometries) against its own data, so it computes them from its own tables; and it uses a table only while
 * the geometry tables it was made from are the store's (a later load of geometries makes the engine compute again,
 * until the links are made anew). The tables are committed as a new version of the store.
 */
public final class PrecomputedRelations {

    private PrecomputedRelations() {
    }

    /** What a run made: the version it committed and the pairs stored per relation (in the order asked). */
    public record Result(long version, Map<Relation, Long> pairs) {
    }

    /**
     * Computes and stores {@code relations} for the newest version of the store at {@code uri}. Only relations that
     * imply an intersection can be stored (a disjointness table would hold nearly every pair of objects).
     */
    public static Result store(org.apache.spark.sql.SparkSession spark, String uri, List<Relation> relations) {
        for (Relation r : relations) {
            if (!r.impliesIntersection()) {
                throw new IllegalArgumentException("geo:" + r.localName() + " cannot be precomputed: it holds for nearly "
                        + "every pair of objects (only relations that imply an intersection are stored)");
            }
        }
        SparkStore store = SparkStore.open(spark, uri).computingRelations();
        if (store.manifest().version() == 0) {
            throw new IllegalArgumentException("the store at " + uri + " is empty: load data first");
        }
        long version = store.manifest().version() + 1;
        Path root = new Path(uri);
        List<Path> written = new ArrayList<>();
        Map<String, StoreManifest.PrecomputedRelation> tables = new LinkedHashMap<>();
        Map<Relation, Long> pairs = new LinkedHashMap<>();
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            for (Relation r : relations) {
                String dir = "relations/v" + version + "/" + r.localName();
                Path target = new Path(root, dir);
                if (fs.exists(target)) {
                    fs.delete(target, true); // a failed run's files, never committed
                }
                written.add(target);
                pairs(store, r).write().mode(SaveMode.ErrorIfExists).parquet(target.toString());
                pairs.put(r, spark.read().parquet(target.toString()).count());
                tables.put(r.propertyIri(), new StoreManifest.PrecomputedRelation(dir, store.geometryTables()));
            }
            StoreManifest next = store.manifest().withRelations(tables);
            next.commit(fs, root);
            return new Result(next.version(), pairs);
        } catch (IOException e) {
            for (Path p : written) {
                try {
                    p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
                } catch (IOException ignored) {
                    // never read without a manifest naming them
                }
            }
            throw new IllegalStateException("cannot store the relations in " + uri + ": " + e.getMessage(), e);
        }
    }

    /** The (a, b) pairs of spatial objects the relation holds between, as the engine answers {@code ?a rel ?b}. */
    static Dataset<Row> pairs(SparkStore store, Relation relation) {
        Var a = Var.alloc("a");
        Var b = Var.alloc("b");
        BasicPattern bgp = new BasicPattern();
        bgp.add(Triple.create(a, NodeFactory.createURI(relation.propertyIri()), b));
        Frame f = new OpCompiler(store).compile(new OpBGP(bgp));
        return f.rows().select(col(Frame.col(a)).as("a"), col(Frame.col(b)).as("b"));
    }

    /** The relations named on a command line: {@code all} (every one that can be stored), or local names / IRIs. */
    static List<Relation> parse(String names) {
        List<Relation> out = new ArrayList<>();
        for (String n : names.split(",")) {
            String name = n.strip();
            if (name.equals("all")) {
                for (Relation r : Relation.values()) {
                    if (r.family() != Relation.Family.FLOE && r.impliesIntersection() && !out.contains(r)) {
                        out.add(r);
                    }
                }
                continue;
            }
            Relation found = null;
            for (Relation r : Relation.values()) {
                if (r.family() != Relation.Family.FLOE && (r.localName().equalsIgnoreCase(name) || r.propertyIri().equals(name)
                        || r.localName().equalsIgnoreCase("sf" + name))) {
                    found = r;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown relation '" + name + "': a GeoSPARQL relation such as sfWithin, "
                        + "within, ehInside, rcc8ntpp, or all");
            }
            if (!out.contains(found)) {
                out.add(found);
            }
        }
        return out;
    }

    /** One line per relation for the command's report. */
    static String report(String uri, Result r) {
        StringBuilder b = new StringBuilder();
        r.pairs().forEach((rel, n) -> b.append(String.format(Locale.ROOT, "geo:%s: %d pairs%n", rel.localName(), n)));
        b.append("stored as version ").append(r.version()).append(" of ").append(uri);
        return b.toString();
    }
}
