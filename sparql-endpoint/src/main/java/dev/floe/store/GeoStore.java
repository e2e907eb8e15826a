package dev.floe.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.jena.geosparql.configuration.GeoSPARQLConfig;
import org.apache.jena.geosparql.spatial.SpatialIndex;
import org.apache.jena.geosparql.spatial.SpatialIndexException;
import org.apache.jena.geosparql.spatial.index.v2.SpatialIndexIoKryo;
import org.apache.jena.geosparql.spatial.index.v2.SpatialIndexLib;
import org.apache.jena.geosparql.spatial.index.v2.SpatialIndexPerGraph;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.ReadWrite;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.ErrorHandlerFactory;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.riot.system.StreamRDFWrapper;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2Factory;

import dev.floe.ontology.GeoSparql;

/**
 * Entry point of the sparql-endpoint module's storage: a GeoSPARQL store in one directory.
 *
 * <pre>
 *   DIR/tdb2/                    the TDB2 dataset (ACID, readers never see a partial write)
 *   DIR/spatial/spatial.index    jena-geosparql's spatial index (per named graph), persisted
 *   DIR/spatial/STALE            present while the index may lag the data; the next open rebuilds it
 * </pre>
 *
 * <p>A load parses every file inside one write transaction: a bad file aborts the whole load and the
 * store is left as it was. After the commit the spatial index is rebuilt and saved atomically; should
 * the process die in between, the STALE marker makes the next open rebuild it.
 *
 * <p>Thread-safe: any number of concurrent readers, one writer at a time (TDB2's MR+SW).
 */
public final class GeoStore implements AutoCloseable {

    /** Parse errors throw (and abort the load) without being logged twice; warnings are logged. */
    private static final org.apache.jena.riot.system.ErrorHandler PARSE_ERRORS =
            ErrorHandlerFactory.errorHandlerWarnOrExceptions(org.slf4j.LoggerFactory.getLogger(GeoStore.class));

    private static final Object SETUP = new Object();
    private static boolean geosparqlReady;

    private final Path dir;
    private final Dataset dataset;
    private final Path indexFile;
    private final Path staleMarker;

    private GeoStore(Path dir, Dataset dataset) {
        this.dir = dir;
        this.dataset = dataset;
        this.indexFile = dir.resolve("spatial").resolve("spatial.index");
        this.staleMarker = dir.resolve("spatial").resolve("STALE");
    }

    /** Opens (creating if needed) the store in {@code dir} and makes its spatial index current. */
    public static GeoStore open(Path dir) {
        setUpGeoSparql();
        Path abs = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs.resolve("tdb2"));
            Files.createDirectories(abs.resolve("spatial"));
        } catch (IOException e) {
            throw new StoreException(abs + ": cannot create the store directory: " + e.getMessage(), e);
        }
        Dataset dataset;
        try {
            dataset = TDB2Factory.connectDataset(abs.resolve("tdb2").toString());
        } catch (RuntimeException e) {
            throw new StoreException(abs + ": cannot open the TDB2 dataset (is another floe process using it?): "
                    + e.getMessage(), e);
        }
        GeoStore store = new GeoStore(abs, dataset);
        store.openSpatialIndex();
        return store;
    }

    /** Registers the GeoSPARQL functions, property functions and query rewrite once per JVM. */
    private static void setUpGeoSparql() {
        synchronized (SETUP) {
            if (!geosparqlReady) {
                GeoSPARQLConfig.setupMemoryIndex();
                geosparqlReady = true;
            }
        }
    }

    private void openSpatialIndex() {
        if (Files.exists(staleMarker) || !Files.exists(indexFile)) {
            rebuildSpatialIndex();
            return;
        }
        try {
            SpatialIndexPerGraph index = SpatialIndexIoKryo.load(indexFile);
            SpatialIndexLib.setSpatialIndex(dataset, index);
        } catch (SpatialIndexException | RuntimeException e) {
            // an unreadable index is derived data: rebuild it from the dataset
            rebuildSpatialIndex();
        }
    }

    /** Rebuilds the spatial index from the dataset and saves it (atomically replacing the old file). */
    public void rebuildSpatialIndex() {
        try {
            SpatialIndexPerGraph index = SpatialIndexLib.buildSpatialIndex(dataset.asDatasetGraph(), GeoSparql.CRS84);
            index.setLocation(indexFile);
            SpatialIndexIoKryo.save(indexFile, index);
            SpatialIndexLib.setSpatialIndex(dataset, index);
            Files.deleteIfExists(staleMarker);
        } catch (SpatialIndexException e) {
            throw new StoreException(dir + ": cannot build the spatial index: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads RDF files (any syntax RIOT knows by extension, optionally gzipped) in one transaction.
     * On any error nothing of this load is kept and the error names the file and line.
     */
    public LoadSummary load(List<Path> files) {
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new StoreException(f + ": no such file");
            }
        }
        long start = System.nanoTime();
        AtomicLong quads = new AtomicLong();
        List<String> loaded = new ArrayList<>();
        markStale();
        dataset.begin(ReadWrite.WRITE);
        try {
            StreamRDF sink = counting(StreamRDFLib.dataset(dataset.asDatasetGraph()), quads);
            for (Path f : files) {
                try {
                    RDFParser.source(f).errorHandler(PARSE_ERRORS).parse(sink);
                } catch (RiotException e) {
                    throw new StoreException(f + ": " + e.getMessage() + " (nothing was loaded)", e);
                }
                loaded.add(f.toString());
            }
            dataset.commit();
        } catch (RuntimeException e) {
            dataset.abort();
            throw e;
        } finally {
            dataset.end();
        }
        rebuildSpatialIndex();
        return new LoadSummary(loaded, quads.get(), size(), spatialIndexSize(),
                (System.nanoTime() - start) / 1_000_000);
    }

    private void markStale() {
        try {
            if (!Files.exists(staleMarker)) {
                Files.createFile(staleMarker);
            }
        } catch (IOException e) {
            throw new StoreException(dir + ": cannot write " + staleMarker + ": " + e.getMessage(), e);
        }
    }

    private static StreamRDF counting(StreamRDF sink, AtomicLong count) {
        return new StreamRDFWrapper(sink) {
            @Override
            public void triple(Triple triple) {
                count.incrementAndGet();
                super.triple(triple);
            }

            @Override
            public void quad(Quad quad) {
                count.incrementAndGet();
                super.quad(quad);
            }
        };
    }

    /** Triples in the default graph plus quads in named graphs. */
    public long size() {
        return Txn.calculateRead(dataset, () -> {
            long n = dataset.asDatasetGraph().getDefaultGraph().size();
            var names = dataset.asDatasetGraph().listGraphNodes();
            while (names.hasNext()) {
                n += dataset.asDatasetGraph().getGraph(names.next()).size();
            }
            return n;
        });
    }

    /** Geometries in the spatial index. */
    public long spatialIndexSize() {
        SpatialIndex index = SpatialIndexLib.getSpatialIndex(dataset.asDatasetGraph());
        return index == null ? 0 : index.getSize();
    }

    /** The dataset, with the GeoSPARQL spatial index in its context; use it inside transactions. */
    public Dataset dataset() {
        return dataset;
    }

    /** The store directory. */
    public Path directory() {
        return dir;
    }

    /** Whether the store holds no data yet. */
    public boolean isEmpty() {
        return Txn.calculateRead(dataset, dataset::isEmpty);
    }

    @Override
    public void close() {
        dataset.close();
        org.apache.jena.tdb2.sys.TDBInternal.expel(dataset.asDatasetGraph());
    }
}
