package dev.floe.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.jena.geosparql.implementation.access.AccessGeoSPARQL;
import org.apache.jena.geosparql.implementation.registry.SRSRegistry;
import org.apache.jena.geosparql.implementation.vocabulary.Geo;
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
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.ErrorHandlerFactory;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.riot.system.StreamRDFWrapper;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.apache.jena.query.text.TextIndex;
import org.apache.jena.tdb2.TDB2Factory;
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
 *   DIR/spatial/spatial.index    the spatial index (per named graph) in jena-geosparql's file format, as last saved
 *   DIR/spatial/spatial.journal  the index changes of the writes since ({@link SpatialIndexJournal})
 *   DIR/spatial/STALE            present while the indexes may lag the data; the next open rebuilds them
 * </pre>
 *
 * <p>Every write (a SPARQL Update, a Graph Store Protocol request) runs in one write transaction through
 * {@link #write}: an error aborts it and the store is left as it was. Inside the transaction the spatial index
 * entries of just the resources it changed are computed; the commit and the new index version
 * ({@link LiveSpatialIndex}) are published together, so a reader that begins with {@link #beginRead} sees both or
 * neither; the changes are then appended to the journal, so a write costs what it changes, not what the store
 * holds. Changes are folded into the saved index in the background once they add up. Should the process die
 * before the journal has a write, the STALE marker makes the next open rebuild the whole index. A bulk
 * {@link #load} re-indexes the graphs it touched and saves the index.
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
    private final SpatialIndexJournal journal;
    /**
     * Held for writing while a write commits and its index version is published, for reading while a reader begins
     * its transaction and takes the index version: so a reader sees a write's triples and index entries together.
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock visibility = new java.util.concurrent.locks.ReentrantReadWriteLock();
    /** The index version of the last committed write. */
    private volatile LiveSpatialIndex index;
    /** Folds the changes of many writes into new base trees, off the writers' path. */
    private final java.util.concurrent.ExecutorService merger = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "floe-spatial-index-merge");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.atomic.AtomicBoolean mergePending = new java.util.concurrent.atomic.AtomicBoolean();
    /** Set under the write lock when the store closes: nothing writes its files after that. */
    private boolean closed;
    /** What opening or indexing the store found and worked around (repaired indexes, unreadable geometries). */
    private final List<String> warnings = java.util.Collections.synchronizedList(new ArrayList<>());

    private GeoStore(Path dir, Dataset base, Dataset dataset) {
        this.base = base;
        this.dir = dir;
        this.dataset = dataset;
        this.indexFile = dir.resolve("spatial").resolve("spatial.index");
        this.staleMarker = dir.resolve("spatial").resolve("STALE");
        this.journal = new SpatialIndexJournal(dir.resolve("spatial").resolve("spatial.journal"));
    }

    /** Opens (creating if needed) the store in {@code dir} and makes its spatial index current. */
    public static GeoStore open(Path dir) {
        GeoSparqlSetup.ensureJena();
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
        // floe's functions, property functions and rewrites, for this dataset only; the text dataset, the RDFS view
        // and the write views (DatasetGraphWrapper) share the TDB2 dataset's context
        GeoSparqlSetup.install(store.dataset.getContext());
        store.warnings.addAll(warnings);
        store.openSpatialIndex();
        return store;
    }

    private void openSpatialIndex() {
        if (Files.exists(staleMarker) || !Files.exists(indexFile)) {
            rebuildSpatialIndex();
            return;
        }
        try {
            LiveSpatialIndex opened = LiveSpatialIndex.of(SpatialIndexIoKryo.load(indexFile));
            for (List<SpatialIndexJournal.Change> record : journal.read()) {
                for (SpatialIndexJournal.Change c : record) {
                    opened = opened.replace(c.graph(), c.resources());
                }
            }
            publish(opened);
        } catch (SpatialIndexException | IOException | RuntimeException e) {
            // an unreadable index is derived data: rebuild it from the dataset
            rebuildSpatialIndex();
        }
    }

    /** Rebuilds the spatial index from the dataset and saves it (atomically replacing the old file). */
    public void rebuildSpatialIndex() {
        synchronized (writeLock) {
            try {
                DatasetGraph dsg = dataset.asDatasetGraph();
                SpatialIndexItems.Unreadable unreadable = new SpatialIndexItems.Unreadable();
                LiveSpatialIndex fresh = Txn.calculateRead(dsg, () -> fullIndex(dsg, unreadable));
                report(unreadable);
                publish(fresh);
                save(fresh);
                clearStale();
            } catch (SpatialIndexException | IOException | RuntimeException e) {
                throw new StoreException(dir + ": cannot build the spatial index: " + e.getMessage(), e);
            }
        }
    }

    /** Every graph indexed afresh; inside a transaction. */
    private LiveSpatialIndex fullIndex(DatasetGraph dsg, SpatialIndexItems.Unreadable unreadable) {
        java.util.Map<Node, STRtree> trees = new java.util.HashMap<>();
        trees.put(Quad.defaultGraphIRI, SpatialIndexItems.tree(SpatialIndexItems.find(dsg.getDefaultGraph(), GeoSparql.CRS84, unreadable)));
        dsg.listGraphNodes().forEachRemaining(g ->
                trees.put(g, SpatialIndexItems.tree(SpatialIndexItems.find(dsg.getGraph(g), GeoSparql.CRS84, unreadable))));
        return LiveSpatialIndex.of(SRSRegistry.getSRSInfo(GeoSparql.CRS84), trees, indexFile);
    }

    /** Makes {@code next} the index of the store: queries that begin from now on use it. */
    private void publish(LiveSpatialIndex next) {
        index = next;
        SpatialIndexLib.setSpatialIndex(dataset, next);
    }

    /** Saves the whole index (changes folded in) atomically and starts a new journal. Under the write lock. */
    private void save(LiveSpatialIndex version) throws SpatialIndexException, IOException {
        SpatialIndexIoKryo.save(indexFile, version.toSaved());
        journal.clear();
    }

    /**
     * Begins a read transaction on {@link #dataset()} and returns the spatial index version that belongs to exactly
     * the committed state it reads: put it in the query's context (jena-geosparql's {@code symSpatialIndex}) so that
     * the property functions see the same write as the triples. End the transaction with {@code dataset().end()}.
     */
    public SpatialIndex beginRead() {
        visibility.readLock().lock();
        try {
            dataset.begin(ReadWrite.READ);
            return index;
        } finally {
            visibility.readLock().unlock();
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
            // index is fed from the same stream and committed after it; the spatial index of the graphs the load
            // touched is built last, from the stored data, as a rebuild builds it.
            TextIndex text = TextIndexing.indexOf(dataset);
            Set<Node> graphs = new java.util.HashSet<>();
            // TDB2's loader commits the node table and each index file on its own (see IndexAgreement): the STALE marker,
            // set above, makes the next open check that they agree should this process die in between
            DataLoader loader = LoaderFactory.createLoader(base.asDatasetGraph(), (format, args) -> progress.accept(String.format(format, args)));
            loader.startBulk();
            try {
                StreamRDF sink = new GeometryLiteralTrim(counting(graphsOf(TextIndexing.indexing(loader.stream(), text), graphs), quads));
                for (Path f : files) {
                    parse(f, sink);
                    loaded.add(f.toString());
                }
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
            refreshSpatialIndex(graphs);
            return new LoadSummary(loaded, quads.get(), size(), spatialIndexSize(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * Parses one file into {@code sink}, its syntax from its name, validating typed literals (geometry literals are
     * parsed, and one that does not parse is an error); a {@code .gz} file (as triplify writes) is read through gzip,
     * its syntax from the name before {@code .gz}. Errors name the file and line.
     */
    private static void parse(Path f, StreamRDF sink) {
        String name = f.getFileName().toString();
        try {
            if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
                RDFParser.source(f).checking(true).errorHandler(PARSE_ERRORS).parse(sink);
                return;
            }
            Lang lang = RDFLanguages.filenameToLang(name.substring(0, name.length() - 3));
            if (lang == null) {
                throw new StoreException(f + ": cannot tell the RDF syntax from the name (use e.g. .nt.gz, .ttl.gz, .nq.gz)");
            }
            try (ReadErrors in = new ReadErrors(new java.util.zip.GZIPInputStream(Files.newInputStream(f), 1 << 16))) {
                try {
                    RDFParser.source(in).lang(lang).checking(true).errorHandler(PARSE_ERRORS).parse(sink);
                } catch (RuntimeException e) {
                    in.rethrow();
                    throw e;
                }
                in.rethrow();
            }
        } catch (RiotException e) {
            throw new StoreException(f + ": " + e.getMessage() + " (nothing was loaded)", e);
        } catch (java.io.EOFException e) {
            throw new StoreException(f + ": empty or truncated gzip file (nothing was loaded)", e);
        } catch (java.util.zip.ZipException e) {
            boolean header = "Not in GZIP format".equals(e.getMessage());
            throw new StoreException(f + (header ? ": not a gzip file (" : ": corrupt gzip file (") + e.getMessage() + "; nothing was loaded)", e);
        } catch (IOException e) {
            throw new StoreException(f + ": cannot read: " + e.getMessage() + " (nothing was loaded)", e);
        } catch (java.io.UncheckedIOException e) {
            throw new StoreException(f + ": cannot read: " + e.getCause().getMessage() + " (nothing was loaded)", e);
        }
    }

    /**
     * Remembers the first read error of a stream: Jena's parsers take an I/O error of their input (a truncated
     * gzip stream) for its end and return what they parsed so far without a word, so the load checks afterwards.
     */
    private static final class ReadErrors extends java.io.FilterInputStream {
        private IOException first;

        ReadErrors(java.io.InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        private IOException remember(IOException e) {
            if (first == null) {
                first = e;
            }
            return e;
        }

        /** Throws the first read error, if there was one. */
        void rethrow() throws IOException {
            if (first != null) {
                throw first;
            }
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
            IndexUpdate update;
            dataset.begin(ReadWrite.WRITE);
            try {
                result = action.apply(tracker);
                // the write transaction sees its own changes: the next index version is computed from them, before
                // the commit, and published with it
                update = nextIndex(tracker);
                visibility.writeLock().lock();
                try {
                    dataset.commit();
                    publish(update.index());
                } finally {
                    visibility.writeLock().unlock();
                }
            } catch (RuntimeException | Error e) {
                // an Error too (a stack overflow parsing a deeply nested body): nothing of the write may stay
                if (dataset.isInTransaction()) {
                    dataset.abort();
                }
                if (!wasStale) {
                    clearStale(); // nothing changed, so the index is as current as before
                }
                throw e;
            } finally {
                dataset.end();
            }
            report(update.unreadable());
            try {
                if (update.wholeGraphs()) {
                    save(update.index());
                } else {
                    journal.append(update.changes());
                }
                clearStale();
            } catch (SpatialIndexException | IOException | RuntimeException e) {
                // committed, and in memory the index is right; on disk it is not, so the STALE marker stays and the
                // next open rebuilds it
                warnings.add(dir + ": the spatial index could not be saved after a write (" + e.getMessage()
                        + "); the next open rebuilds it");
            }
            if (index.needsMerge() && mergePending.compareAndSet(false, true)) {
                merger.submit(this::merge);
            }
            return result;
        }
    }

    /** What a write does to the spatial index: the next version, and what the journal records of it. */
    private record IndexUpdate(LiveSpatialIndex index, List<SpatialIndexJournal.Change> changes, boolean wholeGraphs,
                               SpatialIndexItems.Unreadable unreadable) {
    }

    /**
     * The index version after the write {@code tracker} saw, read inside its transaction: only the resources whose
     * geometry links or literals it changed are looked up again (and the features linking to a changed geometry);
     * graphs added or removed whole, using the W3C WGS84 vocabulary, or changed beyond naming are indexed afresh.
     */
    private IndexUpdate nextIndex(ChangeTracker tracker) {
        DatasetGraph dsg = dataset.asDatasetGraph();
        SpatialIndexItems.Unreadable unreadable = new SpatialIndexItems.Unreadable();
        if (tracker.changedEverything()) {
            return new IndexUpdate(fullIndex(dsg, unreadable), List.of(), true, unreadable);
        }
        LiveSpatialIndex next = index;
        Set<Node> whole = new java.util.HashSet<>(tracker.wholeGraphs());
        for (Node g : tracker.changedResources().keySet()) {
            if (!whole.contains(g) && !AccessGeoSPARQL.containsGeoLiterals(graphOf(dsg, g))) {
                whole.add(g); // no GeoSPARQL literals (left): jena-geosparql's own search, WGS84 points included
            }
        }
        for (Node g : whole) {
            boolean exists = Quad.isDefaultGraph(g) || dsg.containsGraph(g);
            next = next.withGraph(g, exists ? SpatialIndexItems.find(graphOf(dsg, g), GeoSparql.CRS84, unreadable) : null);
        }
        List<SpatialIndexJournal.Change> changes = new ArrayList<>();
        for (java.util.Map.Entry<Node, Set<Node>> e : tracker.changedResources().entrySet()) {
            Node g = e.getKey();
            if (whole.contains(g)) {
                continue;
            }
            Graph graph = graphOf(dsg, g);
            Set<Node> affected = new java.util.LinkedHashSet<>(e.getValue());
            for (Node geometry : tracker.changedGeometries().getOrDefault(g, Set.of())) {
                graph.find(Node.ANY, Geo.HAS_DEFAULT_GEOMETRY_NODE, geometry).forEachRemaining(t -> affected.add(t.getSubject()));
                graph.find(Node.ANY, Geo.HAS_GEOMETRY_NODE, geometry).forEachRemaining(t -> affected.add(t.getSubject()));
            }
            java.util.Map<Node, List<org.locationtech.jts.geom.Envelope>> resources = new java.util.LinkedHashMap<>();
            for (Node resource : affected) {
                resources.put(resource, SpatialIndexItems.envelopes(graph, resource, GeoSparql.CRS84, unreadable));
            }
            next = next.replace(g, resources);
            changes.add(new SpatialIndexJournal.Change(g, resources));
        }
        return new IndexUpdate(next, changes, !whole.isEmpty(), unreadable);
    }

    private static Graph graphOf(DatasetGraph dsg, Node g) {
        return Quad.isDefaultGraph(g) ? dsg.getDefaultGraph() : dsg.getGraph(g);
    }

    /** Folds the index's changes into new base trees and saves it; writers wait, readers do not. */
    private void merge() {
        try {
            synchronized (writeLock) {
                if (closed) {
                    return;
                }
                LiveSpatialIndex merged = index.merged();
                save(merged); // the same entries as the published version: saved first, then it replaces it
                publish(merged);
            }
        } catch (SpatialIndexException | IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(GeoStore.class).warn("{}: merging the spatial index failed: {}", dir, e.toString());
        } finally {
            mergePending.set(false);
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

    /** Re-indexes the given graphs (dropping the trees of graphs that no longer exist) and saves the index. */
    private void refreshSpatialIndex(Set<Node> graphs) {
        DatasetGraph dsg = dataset.asDatasetGraph();
        SpatialIndexItems.Unreadable unreadable = new SpatialIndexItems.Unreadable();
        LiveSpatialIndex next = Txn.calculateRead(dsg, () -> {
            LiveSpatialIndex v = index;
            for (Node g : graphs) {
                boolean isDefault = Quad.isDefaultGraph(g);
                if (!isDefault && !dsg.containsGraph(g)) {
                    v = v.withGraph(g, null);
                    continue;
                }
                try {
                    v = v.withGraph(isDefault ? Quad.defaultGraphIRI : g, SpatialIndexItems.find(graphOf(dsg, g), GeoSparql.CRS84, unreadable));
                } catch (RuntimeException e) {
                    throw new StoreException(dir + ": cannot index graph " + g + ": " + e.getMessage(), e);
                }
            }
            return v;
        });
        report(unreadable);
        publish(next);
        try {
            save(next);
            clearStale();
        } catch (SpatialIndexException | IOException e) {
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
            throw new StoreException(dir + ": cannot remove " + staleMarker + ": " + e.getMessage(), e);
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
        LiveSpatialIndex current = index;
        return current == null ? 0 : current.getSize();
    }

    /** The spatial index version of the last write (tests compare it with a fresh build). */
    LiveSpatialIndex liveIndex() {
        return index;
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
        merger.shutdownNow(); // a merge not yet begun is dropped (its changes are saved below); one under way finishes first
        synchronized (writeLock) {
            closed = true;
            LiveSpatialIndex current = index;
            if (current != null && current.hasChanges() && !Files.exists(staleMarker)) {
                try {
                    save(current); // the next open then reads one file and replays nothing
                } catch (SpatialIndexException | IOException | RuntimeException e) {
                    // the journal still holds the changes
                }
            }
        }
        dataset.close();
        TDBInternal.expel(base.asDatasetGraph());
    }
}
