package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionDatasetBuilder;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.sparql.ARQConstants;
import org.apache.jena.sparql.algebra.optimize.Optimize;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.store.GeoStore;
import dev.floe.store.spatialjoin.SpatialJoinStats;
import dev.floe.triplify.ProgressListener;

/**
 * On the demo data, FILTER geof: joins between two patterns run as index joins and answer exactly what
 * ARQ's nested loop answers; the property-function form agrees too.
 */
class SpatialJoinTest {

    static final String P = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX geof: <http://www.opengis.net/def/function/geosparql/> PREFIX floe: <https://w3id.org/floe/ontology#> ";

    @TempDir
    static Path tmp;
    static GeoStore store;

    @BeforeAll
    static void load() {
        store = GeoStore.open(tmp.resolve("store"));
        DemoData.install(store, line -> { }, ProgressListener.NONE);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    static List<String> pairs(String query, boolean spatialJoin, SpatialJoinStats stats) {
        return Txn.calculateRead(store.dataset(), () -> {
            List<String> out = new ArrayList<>();
            QueryExecutionDatasetBuilder builder = QueryExecution.dataset(store.dataset()).query(P + query)
                    .set(SpatialJoinStats.SYMBOL, stats);
            if (!spatialJoin) {
                // ARQ's own optimizer for this query (the store's functions stay): the nested loop
                builder.set(ARQConstants.sysOptimizerFactory, Optimize.getFactory());
            }
            try (QueryExecution qe = builder.build()) {
                qe.execSelect().forEachRemaining((QuerySolution r) -> out.add(r.get("a") + " " + r.get("b")));
            }
            Collections.sort(out);
            return out;
        });
    }

    @Test
    void placesWithinCountriesIndexJoinEqualsTheNestedLoop() {
        String q = "SELECT ?a ?b WHERE { ?a a floe:PopulatedPlace ; geo:hasDefaultGeometry/geo:asWKT ?wa . "
                + "?b a floe:Country ; geo:hasDefaultGeometry/geo:asWKT ?wb . FILTER(geof:sfWithin(?wa, ?wb)) }";
        SpatialJoinStats stats = new SpatialJoinStats();
        List<String> joined = pairs(q, true, stats);
        List<String> nested = pairs(q, false, new SpatialJoinStats());
        assertEquals(nested, joined);
        assertTrue(joined.size() > 1000, "most of the 1249 places lie in one of the 177 countries: " + joined.size());
        assertEquals(1, stats.joins.get());
        assertEquals(1249, stats.leftRows.get());
        assertEquals(177, stats.rightRows.get());
        assertTrue(stats.candidatePairs.get() < 1249L * 177 / 20,
                "the index must prune most of the 221,073 pairs, checked " + stats.candidatePairs.get());
    }

    @Test
    void glaciersIntersectingSeasAgreeAcrossIndexJoinNestedLoopAndPropertyFunction() {
        String filter = "SELECT ?a ?b WHERE { ?a a floe:GlaciatedArea ; geo:hasDefaultGeometry/geo:asWKT ?wa . "
                + "?b a floe:Sea ; geo:hasDefaultGeometry/geo:asWKT ?wb . FILTER(geof:sfIntersects(?wa, ?wb)) }";
        String property = "SELECT ?a ?b WHERE { ?a a floe:GlaciatedArea ; geo:sfIntersects ?b . ?b a floe:Sea }";
        List<String> joined = pairs(filter, true, new SpatialJoinStats());
        assertEquals(pairs(filter, false, new SpatialJoinStats()), joined);
        assertEquals(joined, pairs(property, true, new SpatialJoinStats()));
        assertTrue(!joined.isEmpty());
    }

    @Test
    void otherFiltersAndUnrelatedPatternsStillApply() {
        String q = "SELECT ?a ?b WHERE { ?a a floe:SARProduct ; floe:instrumentMode 'EW' ; geo:hasDefaultGeometry/geo:asWKT ?wa . "
                + "?b a floe:IceShelf ; geo:hasDefaultGeometry/geo:asWKT ?wb ; <http://www.w3.org/2000/01/rdf-schema#label> ?name . "
                + "?c a floe:ProductCollection . "
                + "FILTER(geof:sfIntersects(?wa, ?wb) && STRSTARTS(?name, 'Ross')) }";
        SpatialJoinStats stats = new SpatialJoinStats();
        List<String> joined = pairs(q, true, stats);
        assertEquals(pairs(q, false, new SpatialJoinStats()), joined);
        assertEquals(List.of("https://w3id.org/floe/data/stac/collections/sentinel-1-grd/items/"
                + "S1A_EW_GRDM_1SDH_20240325T094655_20240325T094811_053136_066FDB https://w3id.org/floe/data/ice-shelves/0"), joined);
        assertEquals(1, stats.joins.get());
    }

    @Test
    void propertyFunctionJoinRunsAsIndexJoinWithJenasAnswers() {
        String q = "SELECT ?a ?b WHERE { ?a a floe:PopulatedPlace ; geo:sfWithin ?b . ?b a floe:Country }";
        SpatialJoinStats stats = new SpatialJoinStats();
        List<String> joined = pairs(q, true, stats);
        assertEquals(pairs(q, false, new SpatialJoinStats()), joined);
        assertEquals(pairs("SELECT ?a ?b WHERE { ?a a floe:PopulatedPlace ; geo:hasDefaultGeometry/geo:asWKT ?wa . "
                + "?b a floe:Country ; geo:hasDefaultGeometry/geo:asWKT ?wb . FILTER(geof:sfWithin(?wa, ?wb)) }", true,
                new SpatialJoinStats()), joined, "the property function relates the features' default geometries");
        assertEquals(1, stats.joins.get());
        assertEquals(1249, stats.leftRows.get());
        assertEquals(177, stats.rightRows.get());
        assertTrue(stats.candidatePairs.get() < 1249L * 177 / 20, "checked " + stats.candidatePairs.get());
    }

    @Test
    void propertyFunctionJoinKeepsAssertedLinksAndComputedOnes() {
        // the demo stores interlinked products x ice shelves as geo:sfIntersects triples; Jena answers asserted
        // triples and computed relations alike, and so must the index join
        String q = "SELECT ?a ?b WHERE { ?a a floe:SARProduct ; geo:sfIntersects ?b . ?b a floe:IceShelf }";
        List<String> joined = pairs(q, true, new SpatialJoinStats());
        assertEquals(pairs(q, false, new SpatialJoinStats()), joined);
        assertEquals(7, joined.size(), joined.toString()); // Ross (0), Sulzberger and five unnamed shelves
        String reverse = "SELECT ?a ?b WHERE { ?a a floe:IceShelf ; geo:sfOverlaps ?b . ?b a floe:Sea . ?b <http://www.w3.org/2000/01/rdf-schema#label> ?l }";
        assertEquals(pairs(reverse, false, new SpatialJoinStats()), pairs(reverse, true, new SpatialJoinStats()));
    }

    @Test
    void propertyFunctionJoinBetweenFeaturesAndGeometriesAgreesWithJena() {
        String q = "SELECT ?a ?b WHERE { ?a a floe:IceShelf ; <http://www.w3.org/2000/01/rdf-schema#label> ?l . "
                + "?a geo:sfIntersects ?b . ?b a geo:Geometry }";
        List<String> joined = pairs(q, true, new SpatialJoinStats());
        assertEquals(pairs(q, false, new SpatialJoinStats()), joined);
        assertTrue(joined.size() > 30, "named shelves touch their own and their neighbours' geometries: " + joined.size());
    }

    @Test
    void demoSpatialIndexBuiltDuringTheLoadEqualsJenasOwnBuildPlusEveryGeometry() {
        org.apache.jena.sparql.core.DatasetGraph dsg = store.dataset().asDatasetGraph();
        // the index as the load saved it, in jena-geosparql's own form
        org.apache.jena.geosparql.spatial.index.v2.SpatialIndexPerGraph index;
        try {
            index = org.apache.jena.geosparql.spatial.index.v2.SpatialIndexIoKryo.load(
                    store.directory().resolve("spatial").resolve("spatial.index"));
        } catch (org.apache.jena.geosparql.spatial.SpatialIndexException e) {
            throw new AssertionError(e);
        }
        Txn.executeRead(dsg, () -> {
            try {
                String srs = index.getSrsInfo().getSrsURI();
                List<String> expected = items(org.apache.jena.geosparql.spatial.index.v2.STRtreeUtils
                        .buildSpatialIndexTree(dsg.getDefaultGraph(), srs));
                // floe also indexes every geometry resource by its own literal
                org.apache.jena.geosparql.implementation.access.AccessGeoSPARQL.findSpecificGeoLiterals(dsg.getDefaultGraph())
                        .forEachRemaining(t -> expected.add(t.getSubject() + " " + org.apache.jena.geosparql.spatial.SpatialIndexFindUtils
                                .unsafeConvert(org.apache.jena.geosparql.implementation.GeometryWrapper.extract(t.getObject()), srs)
                                .getEnvelope()));
                List<String> ours = items(index.getIndex().getDefaultTree());
                java.util.Collections.sort(expected);
                java.util.Collections.sort(ours);
                assertEquals(expected, ours);
                assertEquals(2105 + 2105, ours.size());
            } catch (org.apache.jena.geosparql.spatial.SpatialIndexException e) {
                throw new AssertionError(e);
            }
        });
    }

    private static List<String> items(org.locationtech.jts.index.strtree.STRtree tree) {
        // every item with its envelope, found by walking the tree
        List<String> out = new ArrayList<>();
        List<org.locationtech.jts.index.strtree.Boundable> todo = new ArrayList<>(List.of(tree.getRoot()));
        while (!todo.isEmpty()) {
            org.locationtech.jts.index.strtree.Boundable b = todo.remove(todo.size() - 1);
            if (b instanceof org.locationtech.jts.index.strtree.ItemBoundable item) {
                out.add(item.getItem() + " " + item.getBounds());
            } else {
                todo.addAll(((org.locationtech.jts.index.strtree.AbstractNode) b).getChildBoundables());
            }
        }
        Collections.sort(out);
        return out;
    }
}
