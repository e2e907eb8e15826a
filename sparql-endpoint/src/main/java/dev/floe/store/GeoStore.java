package dev.floe.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.jena.geosparql.spatial.SpatialIndex;
import org.apache.jena.geosparql.spatial.SpatialIndexException;
import org.apache.jena.geosparql.spatial.index.v2.SpatialIndexIoKryo;
import org.apache.jena.geosparql.spatial.index.v2.SpatialIndexLib;
import org.apache.jena.geosparql.spatial.index.v2.SpatialIndexPerGraph;
import org.apache.jena.geosparql.spatial.index.v2.STRtreePerGraph;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.ReadWrite;
import org.apache.jena.riot.system.ErrorHandlerFactory;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.riot.system.StreamRDFWrapper;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.apache.jena.query.text.TextIndex;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.geosparql.spatial.SpatialIndexItem;
import org.apache.jena.tdb2.loader.DataLoader;
import org.apache.jena.tdb2.loader.LoaderFactory;
import org.apache.jena.tdb2.store.DatasetGraphTDB;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.apache.jena.sparql.exec.UpdateExec;
import org.apache.jena.update.UpdateRequest;
import org.locationtech.jts.index.strtree.STRtree;

import dev.floe.ontology.GeoSparql;
import dev.floe.store.geosparql.GeoSparqlSetup;
import dev.floe.store.geosparql.GeometryLiteralTrim;
import dev.floe.store.geosparql.TypeInference;

/**
 * Entry point of the sparql-endpoint module's storage: a GeoSPARQL store in one directory.
 *
 * <pre>
 *   DIR/tdb2/                    the TDB2 dataset (ACID, readers never see a partial write)
 *   DIR/text/                    the Lucene full-text index of labels, titles, descriptions, keywords
 *   DIR/spatial/spatial.index    jena-geosparql's spatial index (per named graph), persisted
 *   DIR/spatial/STALE            present while the indexes may lag the data; the next open rebuilds both
 * </pre>
 *
 * <p>Every write (a load, a SPARQL Update, a Graph Store Protocol request) runs in one write transaction
 * through {@link #write}: an error aborts it and the store is left as it was. After the commit the spatial
 * index of each graph the write touched is rebuilt and the index saved atomically, before the write returns;
 * should the process die in between, the STALE marker makes the next open rebuild the whole index.
 *
 * <p>Thread-safe: any number of concurrent readers, one writer at a time (TDB2's MR+SW).
 */
public final class GeoStore implements AutoCloseable {

    /**
     * Parse errors throw (and abort the load) without being logged twice, and so does a geometry literal that does not
     * parse; other warnings are logged.
     */
    private static final org.apache.jena.riot.system.ErrorHandler PARSE_ERRORS = new GeometryLiteralErrors(
            ErrorHandlerFactory.errorHandlerWarnOrExceptions(org.slf4j.LoggerFactory.getLogger(GeoStore.class)));

    private final Object writeLock = new Object();

    private final Path dir;
    private final Dataset base;
    private final Dataset dataset;
    private final Path indexFile;
    private final Path staleMarker;
    /** What opening or indexing the store found and worked around (repaired indexes, unreadable geometries). */
    private final List<String> warnings = java.util.Collections.synchronizedList(new ArrayList<>());

    private GeoStore(Path dir, Dataset base, Dataset dataset) {
        this.base = base;
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
        List<String> warnings = new ArrayList<>();
        if (Files.exists(abs.resolve("spatial").resolve("STALE"))) {
            // a write was interrupted: TDB2's own indexes may disagree (a killed bulk load), and the derived
            // indexes may lag the data, so they are rebuilt
            try {
                IndexAgreement.repair(dataset).forEach(r -> warnings.add(abs + ": after an interrupted write, index " + r));
            } catch (RuntimeException e) {
                dataset.close();
                throw new StoreException(abs + ": after an interrupted write the TDB2 indexes disagree and cannot be "
                        + "repaired (" + e.getMessage() + "); restore the store from a backup or reload it", e);
            }
            TextIndexing.delete(abs.resolve("text"));
        }
        GeoStore store = new GeoStore(abs, dataset, TextIndexing.wrap(dataset, abs.resolve("text")));
        store.warnings.addAll(warnings);
        store.openSpatialIndex();
        return store;
    }

    /** Registers the GeoSPARQL functions (with floe's corrections), property functions and query rewrite. */
    private static void setUpGeoSparql() {
        GeoSparqlSetup.ensure();
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
            DatasetGraph dsg = dataset.asDatasetGraph();
            STRtreePerGraph trees = new STRtreePerGraph();
            SpatialIndexItems.Unreadable unreadable = new SpatialIndexItems.Unreadable();
            Txn.executeRead(dsg, () -> {
                trees.setDefaultTree(SpatialIndexItems.tree(SpatialIndexItems.find(dsg.getDefaultGraph(), GeoSparql.CRS84, unreadable)));
                dsg.listGraphNodes().forEachRemaining(g ->
                        trees.setTree(g, SpatialIndexItems.tree(SpatialIndexItems.find(dsg.getGraph(g), GeoSparql.CRS84, unreadable))));
            });
            report(unreadable);
            SpatialIndexPerGraph index = new SpatialIndexPerGraph(GeoSparql.CRS84, trees, indexFile);
            SpatialIndexIoKryo.save(indexFile, index);
            SpatialIndexLib.setSpatialIndex(dataset, index);
            clearStale();
        } catch (SpatialIndexException | RuntimeException e) {
            throw new StoreException(dir + ": cannot build the spatial index: " + e.getMessage(), e);
        }
    }

    /**
     * Loads RDF files (any syntax RIOT knows by extension, optionally gzipped) in one transaction.
     * On any error nothing of this load is kept and the error names the file and line.
     */
    public LoadSummary load(List<Path> files) {
        return load(files, false);
    }

    /**
     * Loads RDF files as {@link #load(List)} does; with {@code inferTypes}, then materialises RDFS class
     * entailment ({@link TypeInference}) over the default graph in the same transaction.
     */
    public LoadSummary load(List<Path> files, boolean inferTypes) {
        return load(files, inferTypes, message -> { });
    }

    /**
     * Loads as {@link #load(List, boolean)} does, telling {@code progress} what TDB2's loader reports (its phases,
     * each index it commits, items per second).
     */
    public LoadSummary load(List<Path> files, boolean inferTypes, Consumer<String> progress) {
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new StoreException(f + ": no such file");
            }
        }
        long start = System.nanoTime();
        AtomicLong quads = new AtomicLong();
        List<String> loaded = new ArrayList<>();
        synchronized (writeLock) {
            boolean wasStale = Files.exists(staleMarker);
            markStale();
            // Jena's TDB2 bulk loader writes the data in one transaction (finishException aborts it); the text
            // index is fed from the same stream and committed after it; the spatial index follows last.
            TextIndex text = TextIndexing.indexOf(dataset);
            Set<Node> graphs = java.util.concurrent.ConcurrentHashMap.newKeySet();
            // into an empty store the load alone says what the spatial index holds: no stored graph is read back
            LoadedEnvelopes envelopes = new LoadedEnvelopes(GeoSparql.CRS84, Txn.calculateRead(dataset, dataset::isEmpty));
            // TDB2's loader commits the node table and each index file on its own (see IndexAgreement): the STALE marker,
            // set above, makes the next open check that they agree should this process die in between
            DataLoader loader = LoaderFactory.createLoader(base.asDatasetGraph(), (format, args) -> progress.accept(String.format(format, args)));
            loader.startBulk();
            try {
                // parsing, trimming and counting on a parser thread, TDB2's writes on this one, and the text index
                // entries and geometry envelopes of the few statements that need them on a third
                ParsingPipeline.run(files, PARSE_ERRORS, next -> new GeometryLiteralTrim(counting(graphsOf(next, graphs), quads)),
                        loader.stream(), new ParsingPipeline.Side(p -> TextIndexing.indexes(p) || LoadedEnvelopes.bearsOnIndex(p),
                                TextIndexing.indexing(envelopes.recording(StreamRDFLib.sinkNull()), text)), loaded);
                loader.finishBulk();
            } catch (RuntimeException e) {
                loader.finishException(e);
                text.rollback();
                if (!wasStale) {
                    clearStale();
                }
                throw e;
            }
            // the data is committed: should the text index fail now, the STALE marker rebuilds it on the next open
            text.prepareCommit();
            text.commit();
            if (inferTypes) {
                quads.addAndGet(write(dsg -> TypeInference.materialise(dsg.getDefaultGraph())));
            }
            refreshSpatialIndex(graphs, envelopes);
            return new LoadSummary(loaded, quads.get(), size(), spatialIndexSize(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * Runs {@code action} in one write transaction on a view of the dataset that records the graphs it
     * touches, commits, and then brings the spatial index of exactly those graphs up to date (and saves
     * it) before returning, so that every query after a write sees it in the index. If the action throws,
     * the transaction is aborted and nothing changes. Writers are serialised.
     */
    public <T> T write(Function<DatasetGraph, T> action) {
        synchronized (writeLock) {
            boolean wasStale = Files.exists(staleMarker);
            markStale();
            ChangeTracker tracker = new ChangeTracker(dataset.asDatasetGraph());
            T result;
            dataset.begin(ReadWrite.WRITE);
            try {
                result = action.apply(tracker);
                dataset.commit();
            } catch (RuntimeException | Error e) {
                // an Error too (a stack overflow parsing a deeply nested body): nothing of the write may stay
                dataset.abort();
                if (!wasStale) {
                    clearStale(); // nothing changed, so the index is as current as before
                }
                throw e;
            } finally {
                dataset.end();
            }
            if (tracker.changedEverything()) {
                rebuildSpatialIndex();
            } else {
                refreshSpatialIndex(tracker.changedGraphs(), null);
            }
            return result;
        }
    }

    /** Runs a SPARQL Update request as one transaction; the spatial index follows before it returns. */
    public void update(UpdateRequest request) {
        update(request, null);
    }

    /**
     * Runs a SPARQL Update request as one transaction with {@code context} (settings for this execution only, such
     * as a SERVICE executor registry; null for none) on top of the store's own.
     */
    public void update(UpdateRequest request, org.apache.jena.sparql.util.Context context) {
        write(dsg -> {
            var exec = UpdateExec.dataset(dsg).update(request);
            if (context != null) {
                exec.context(context);
            }
            exec.execute();
            return null;
        });
    }

    /**
     * Graph Store Protocol PUT: replaces the graph ({@link Quad#defaultGraphIRI} for the default graph) with
     * the triples {@code parser} sends. Returns true when the graph did not exist before.
     */
    public boolean replaceGraph(Node graph, Consumer<StreamRDF> parser) {
        return write(dsg -> {
            boolean created = !Quad.isDefaultGraph(graph) && !dsg.containsGraph(graph);
            Graph target = Quad.isDefaultGraph(graph) ? dsg.getDefaultGraph() : dsg.getGraph(graph);
            target.clear();
            parser.accept(StreamRDFLib.graph(target));
            return created;
        });
    }

    /** Graph Store Protocol POST: adds the triples {@code parser} sends to the graph. */
    public void mergeGraph(Node graph, Consumer<StreamRDF> parser) {
        write(dsg -> {
            parser.accept(StreamRDFLib.graph(Quad.isDefaultGraph(graph) ? dsg.getDefaultGraph() : dsg.getGraph(graph)));
            return null;
        });
    }

    /** Graph Store Protocol DELETE: empties the default graph or removes a named graph; false if it did not exist. */
    public boolean dropGraph(Node graph) {
        return write(dsg -> {
            if (Quad.isDefaultGraph(graph)) {
                dsg.getDefaultGraph().clear();
                return true;
            }
            if (!dsg.containsGraph(graph)) {
                return false;
            }
            dsg.removeGraph(graph);
            return true;
        });
    }

    /**
     * What opening and indexing this store found and worked around, one line each, in the user's terms: indexes
     * repaired after an interrupted write, geometry literals left out of the spatial index because they do not
     * parse. Commands print them; an empty list means nothing was found.
     */
    public List<String> warnings() {
        synchronized (warnings) {
            return List.copyOf(warnings);
        }
    }

    /** Whether the named graph exists (the default graph always does). */
    public boolean hasGraph(Node graph) {
        return Quad.isDefaultGraph(graph) || Txn.calculateRead(dataset, () -> dataset.asDatasetGraph().containsGraph(graph));
    }

    /**
     * Re-indexes the given graphs (dropping the trees of graphs that no longer exist) and saves the index;
     * {@code envelopes}, when not null, holds the envelopes a load computed while streaming.
     */
    private void refreshSpatialIndex(Set<Node> graphs, LoadedEnvelopes envelopes) {
        SpatialIndexPerGraph index = SpatialIndexLib.getSpatialIndex(dataset.asDatasetGraph());
        if (index == null) {
            rebuildSpatialIndex();
            return;
        }
        DatasetGraph dsg = dataset.asDatasetGraph();
        SpatialIndexItems.Unreadable unreadable = new SpatialIndexItems.Unreadable();
        try {
            Txn.executeRead(dsg, () -> {
                for (Node g : graphs) {
                    boolean isDefault = Quad.isDefaultGraph(g);
                    if (!isDefault && !dsg.containsGraph(g)) {
                        index.getIndex().removeTree(g);
                        continue;
                    }
                    Graph graph = isDefault ? dsg.getDefaultGraph() : dsg.getGraph(g);
                    try {
                        String srs = index.getSrsInfo().getSrsURI();
                        List<SpatialIndexItem> items = envelopes != null && srs.equals(GeoSparql.CRS84)
                                ? envelopes.items(g, graph, unreadable) : SpatialIndexItems.find(graph, srs, unreadable);
                        index.getIndex().setTree(g, SpatialIndexItems.tree(items));
                    } catch (RuntimeException e) {
                        throw new StoreException(dir + ": cannot index graph " + g + ": " + e.getMessage(), e);
                    }
                }
            });
            report(unreadable);
            SpatialIndexIoKryo.save(indexFile, index);
            clearStale();
        } catch (SpatialIndexException e) {
            throw new StoreException(dir + ": cannot save the spatial index: " + e.getMessage(), e);
        }
    }

    /** Adds a warning naming the geometry literals an index build left out, if any. */
    private void report(SpatialIndexItems.Unreadable unreadable) {
        String line = unreadable.describe(dir);
        if (line != null) {
            warnings.add(line);
            org.slf4j.LoggerFactory.getLogger(GeoStore.class).warn(line);
        }
    }

    private void clearStale() {
        try {
            Files.deleteIfExists(staleMarker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records the graph of every quad (the default graph for triples) that goes through. */
    private static StreamRDF graphsOf(StreamRDF next, Set<Node> graphs) {
        return new StreamRDFWrapper(next) {
            @Override
            public void triple(Triple triple) {
                graphs.add(Quad.defaultGraphIRI);
                super.triple(triple);
            }

            @Override
            public void quad(Quad quad) {
                graphs.add(quad.isDefaultGraph() ? Quad.defaultGraphIRI : quad.getGraph());
                super.quad(quad);
            }
        };
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

    /**
     * Triples in the default graph plus quads in named graphs: the record counts of TDB2's primary triple and
     * quad indexes, which hold exactly those. (Asking the text dataset's graphs for their size counts through
     * a graph view that decodes every node: ten times slower, 0.2 s for half a million triples.)
     */
    public long size() {
        DatasetGraphTDB tdb = TDBInternal.getDatasetGraphTDB(base.asDatasetGraph());
        return Txn.calculateRead(base, () -> tdb.getTripleTable().getNodeTupleTable().getTupleTable().size()
                + tdb.getQuadTable().getNodeTupleTable().getTupleTable().size());
    }

    /** Entries in the spatial index: each feature and each geometry resource, by the envelope of its geometry. */
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
        TDBInternal.expel(base.asDatasetGraph());
    }
}
