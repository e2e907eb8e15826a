package dev.floe.store.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.apache.spark.sql.SparkSession;

import dev.floe.store.GeoStore;

/**
 * The same RDF in floe's TDB2 store and in a Spark store (local[2]), for tests that compare the Spark engine's answers
 * with the TDB2 store's. The data goes to both as the same N-Quads file, so named graphs come too.
 */
record BothStores(SparkSession spark, GeoStore tdb, SparkSparqlEngine engine) implements AutoCloseable {

    static BothStores load(String appName, DatasetGraph data, Path dir) throws IOException {
        SparkSession spark = LocalSpark.start(appName);
        Path nq = dir.resolve("data.nq");
        try (OutputStream out = Files.newOutputStream(nq)) {
            RDFDataMgr.write(out, data, Lang.NQUADS);
        }
        GeoStore tdb = GeoStore.open(dir.resolve("tdb"));
        tdb.load(List.of(nq));
        String store = dir.resolve("spark").toString();
        new SparkStoreLoader(spark).load(store, List.of(nq.toString()));
        return new BothStores(spark, tdb, new SparkSparqlEngine(SparkStore.open(spark, store)));
    }

    /** A SELECT's rows on the TDB2 store, as {@link Answers#rows} gives them. */
    List<String> onTdb(String query) {
        return Txn.calculateRead(tdb.dataset(), () -> {
            try (QueryExecution qe = QueryExecution.dataset(tdb.dataset()).query(query).build()) {
                return Answers.rows(qe.execSelect());
            }
        });
    }

    @Override
    public void close() {
        tdb.close();
        spark.stop();
    }
}
