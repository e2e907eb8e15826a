package dev.floe.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.text.Entity;
import org.apache.jena.query.text.EntityDefinition;
import org.apache.jena.query.text.TextDatasetFactory;
import org.apache.jena.query.text.TextIndex;
import org.apache.jena.query.text.TextIndexConfig;
import org.apache.jena.query.text.TextQueryFuncs;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWrapper;
import org.apache.jena.sparql.core.DatasetGraphWrapper;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.DCAT;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.SKOS;
import org.apache.lucene.store.FSDirectory;

/**
 * The store's full-text index (jena-text over Lucene in {@code DIR/text/}): labels, titles, descriptions and
 * keywords of every resource, searchable with {@code text:query} and kept in step with every write because
 * writes go through the text dataset. A store that has data but no text index yet (made by an older floe)
 * gets one built on open.
 */
final class TextIndexing {

    /** The predicates whose literals are indexed, all into one field so one query searches them all. */
    static final List<Node> INDEXED = List.of(RDFS.label.asNode(), DCTerms.title.asNode(), DCTerms.description.asNode(),
            SKOS.prefLabel.asNode(), SKOS.altLabel.asNode(), DCAT.keyword.asNode());

    private static final Set<Node> INDEXED_SET = Set.copyOf(INDEXED);

    private TextIndexing() {
    }

    /** Whether statements with this predicate are indexed. */
    static boolean indexes(Node predicate) {
        return INDEXED_SET.contains(predicate);
    }

    /** Wraps {@code base} with the Lucene index in {@code dir}, building the index when it is new. */
    static Dataset wrap(Dataset base, Path dir) {
        boolean fresh = !Files.isDirectory(dir);
        EntityDefinition entities = new EntityDefinition("uri", "text", "graph", INDEXED.get(0));
        for (Node p : INDEXED.subList(1, INDEXED.size())) {
            entities.set("text", p);
        }
        entities.setUidField("uid"); // lets a deleted triple delete its document
        TextIndex index;
        try {
            Files.createDirectories(dir);
            index = TextDatasetFactory.createLuceneIndex(FSDirectory.open(dir), new TextIndexConfig(entities));
        } catch (IOException e) {
            throw new StoreException("cannot open the text index in " + dir, e);
        }
        if (fresh) {
            Txn.executeRead(base, () -> {
                if (!base.isEmpty()) {
                    index(base, index, entities);
                }
            });
        }
        // Wrapped so that jena-text does not join the Lucene index to TDB2's transaction coordinator as a
        // component: every TDB2 write transaction, the bulk loader's included, would then commit Lucene too,
        // although a load commits the text index itself after the data. Writes through the returned dataset
        // still commit both (jena-text's own two-step commit); a crash between the two leaves GeoStore's STALE
        // marker, and the text index is rebuilt on the next open.
        return DatasetFactory.wrap(TextDatasetFactory.create(new DatasetGraphWrapper(base.asDatasetGraph()), index, true));
    }

    private static void index(Dataset base, TextIndex index, EntityDefinition entities) {
        for (Node p : INDEXED) {
            // the default graph and the named graphs are found separately (TDB2's ANY means named graphs only)
            add(index, entities, base.asDatasetGraph().find(Quad.defaultGraphIRI, Node.ANY, p, Node.ANY));
            add(index, entities, base.asDatasetGraph().findNG(Node.ANY, Node.ANY, p, Node.ANY));
        }
        index.prepareCommit();
        index.commit();
    }

    /** Removes a text index directory, so that the next {@link #wrap} rebuilds it from the data. */
    static void delete(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new StoreException("cannot remove the stale text index " + dir, e);
        }
    }

    /** The text index of a dataset made by {@link #wrap}. */
    static TextIndex indexOf(Dataset wrapped) {
        return ((org.apache.jena.query.text.DatasetGraphText) wrapped.asDatasetGraph()).getTextIndex();
    }

    /**
     * A stream that passes everything on to {@code next} and also files the indexed literals in {@code index}
     * (for bulk loads that bypass the text dataset); the caller commits or rolls back the index.
     */
    static StreamRDF indexing(StreamRDF next, TextIndex index) {
        EntityDefinition entities = index.getDocDef();
        return new StreamRDFWrapper(next) {
            @Override
            public void triple(Triple t) {
                if (indexes(t.getPredicate())) {
                    addOne(index, entities, Quad.defaultGraphNodeGenerated, t.getSubject(), t.getPredicate(), t.getObject());
                }
                super.triple(t);
            }

            @Override
            public void quad(Quad q) {
                if (indexes(q.getPredicate())) {
                    Node g = q.isDefaultGraph() ? Quad.defaultGraphNodeGenerated : q.getGraph();
                    addOne(index, entities, g, q.getSubject(), q.getPredicate(), q.getObject());
                }
                super.quad(q);
            }
        };
    }

    private static void addOne(TextIndex index, EntityDefinition entities, Node g, Node s, Node p, Node o) {
        Entity entity = TextQueryFuncs.entityFromQuad(entities, g, s, p, o);
        if (entity != null) {
            index.addEntity(entity);
        }
    }

    private static void add(TextIndex index, EntityDefinition entities, Iterator<Quad> quads) {
        while (quads.hasNext()) {
            Quad q = quads.next();
            // filed under the default graph's generated name, as writes and text:query use it
            Node g = q.isDefaultGraph() ? Quad.defaultGraphNodeGenerated : q.getGraph();
            Entity entity = TextQueryFuncs.entityFromQuad(entities, g, q.getSubject(), q.getPredicate(), q.getObject());
            if (entity != null) {
                index.addEntity(entity);
            }
        }
    }
}
