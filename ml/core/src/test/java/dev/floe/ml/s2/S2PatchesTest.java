package dev.floe.ml.s2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.io.WKTReader;

import dev.floe.geo.NpyArray;
import dev.floe.ml.TrainingSet;
import dev.floe.ml.experiment.Experiments;
import dev.floe.ml.experiment.RunRecord;
import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.train.TrainingOptions;
import dev.floe.ml.trainingset.SparqlSource;
import dev.floe.ml.trainingset.SplitRatios;
import dev.floe.ml.trainingset.TrainingQuery;
import dev.floe.store.GeoStore;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyOptions;

/**
 * The real mapchete-eo Sentinel-2 L2A products, read in place from ../shared/data (skipped where this checkout
 * has none): cut into 15x15-pixel (1.8 km) patches, triplified with the STAC catalog, loaded, pulled by the training
 * query, trained on briefly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S2PatchesTest {

    static final int SIZE = 15;
    Path catalog;
    Path dir;
    List<Path> items;
    S2Patches.Summary summary;
    Path patchesNt;

    static Path catalog() {
        return dev.floe.store.StoreFixtures.sharedData("stac/mapchete-eo-s2-l2a/catalog.json");
    }

    @BeforeAll
    void cut(@TempDir Path tmp) {
        catalog = catalog();
        assumeTrue(catalog != null, "../shared/data/stac/mapchete-eo-s2-l2a is not in this checkout");
        dir = tmp;
        items = S2Item.items(catalog).stream()
                .filter(p -> p.getFileName().toString().startsWith("S2A_33TW")
                        && p.getFileName().toString().contains("20230815")).sorted().toList();
        assertEquals(2, items.size(), items.toString());
        patchesNt = tmp.resolve("s2patches.nt");
        summary = new S2Patches(SIZE, 0.5).cut(items, patchesNt, null);
    }

    @Test
    void findsTheTenItemsOfTheCatalogAndReadsTheirGrid() {
        assertEquals(10, S2Item.items(catalog).size());
        S2Item twm = S2Item.read(items.get(1));
        assertEquals("S2A_33TWM_20230815_0_L2A", twm.id());
        assertEquals("sentinel-2-l2a", twm.collection());
        assertEquals(32633, twm.epsg());
        assertEquals(499980.0, twm.originX());
        assertEquals(5200020.0, twm.originY());
        assertEquals(120.0, twm.pixelWidth());
        assertEquals(-120.0, twm.pixelHeight());
        BandRaster scl = BandRaster.read(twm.scl());
        assertEquals(915, scl.width());
        assertEquals(915, scl.height());
    }

    @Test
    void everyPatchIsWrittenOrCountedAsSkippedAndLabelledByItsMajorityClass() throws IOException {
        // 915 / 15 = 61 patches a side, 3721 per product
        assertEquals(2 * 3721, summary.patches() + summary.skippedNoData());
        assertEquals(summary.patches(), summary.perClass().values().stream().mapToInt(Integer::intValue).sum());
        // the 2023-08-15 SCL layers hold only values 0-10; others in the catalog have a few 12s (lossy JPEG 2000)
        assertEquals(0, summary.invalidSclPixels());
        // the majority of a patch, recomputed here from the SCL raster
        S2Item twm = S2Item.read(items.get(1));
        BandRaster scl = BandRaster.read(twm.scl());
        int row = 30;
        int col = 30;
        int[] counts = new int[12];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                counts[scl.at(row * SIZE + y, col * SIZE + x)]++;
            }
        }
        int best = 1;
        for (int c = 1; c < 12; c++) {
            if (counts[c] > counts[best]) {
                best = c;
            }
        }
        String expected = SclClass.name(best);
        Model m = new Model(patchesNt);
        assertEquals(expected, m.labelOf("https://w3id.org/floe/data/s2patches/S2A_33TWM_20230815_0_L2A/r30c30"));
        NpyArray pixels = NpyArray.read(S2Patches.sidecarFor(patchesNt).resolve("S2A_33TWM_20230815_0_L2A_r30c30.npy"));
        assertEquals(List.of(4, SIZE, SIZE), java.util.Arrays.stream(pixels.shape()).boxed().toList());
        for (float v : pixels.data()) {
            assertTrue(v >= -0.1f && v <= 2f, "reflectance " + v);
        }
    }

    @Test
    void footprintsAreInCrs84AndTileTheProductGrid() throws Exception {
        Model m = new Model(patchesNt);
        Envelope patch = new WKTReader().read(m.wktOf("https://w3id.org/floe/data/s2patches/S2A_33TWM_20230815_0_L2A/r30c30"))
                .getEnvelopeInternal();
        // its west edge: 499980 + 30 x 15 x 120 = 553980 E, i.e. 53980 m east of the 15 deg E central meridian;
        // independently, on the ellipsoid: dlon = dx / k0 / (N cos(lat)), N the prime-vertical radius
        double lat = Math.toRadians((patch.getMinY() + patch.getMaxY()) / 2);
        double n = 6378137 / Math.sqrt(1 - 0.00669438 * Math.sin(lat) * Math.sin(lat));
        assertEquals(15 + Math.toDegrees(53980 / 0.9996 / (n * Math.cos(lat))), patch.getMinX(), 2e-3);
        // its north edge: 5200020 - 30 x 1800 = 5146020 N, about 46.46 deg N; 1.8 km high
        assertEquals(46.46, patch.getMaxY(), 0.02);
        assertEquals(1800 / 111_150.0, patch.getMaxY() - patch.getMinY(), 2e-4);
    }

    @Test
    void theTrainingQueryPullsTheLabelledPatchesAndAnS2CnnTrains() throws IOException {
        Path catalogNt = dir.resolve("catalog.nt");
        new Triplifier(TriplifyOptions.defaults()).triplify(catalog, catalogNt);
        try (GeoStore store = GeoStore.open(dir.resolve("store"))) {
            store.load(List.of(catalogNt, patchesNt));
            Path q = Path.of("..", "..", "queries", "training", "s2-land-cover.rq");
            TrainingSet set = TrainingSet.create("s2", new TrainingQuery(Files.readString(q), q.toString()), SparqlSource.store(store),
                    TrainingSet.folderIn(store.directory(), "s2"), SplitRatios.DEFAULT, 1, null);
            long kept = summary.perClass().values().stream().filter(n -> n >= 10).mapToLong(Integer::longValue).sum();
            assertEquals(kept, set.manifest().total());
            assertEquals(summary.perClass().entrySet().stream().filter(e -> e.getValue() >= 10).map(e -> e.getKey()).sorted().toList(),
                    set.manifest().classes());
            RunRecord run = new Experiments(store, null).train(set, ModelFamily.S2_CNN, new int[] {4, 8}, 8, 0.01,
                    new TrainingOptions(2, 32, 1));
            assertEquals(2, run.metrics().size());
            assertTrue(run.test().majorityBaseline() > 0.5, "vegetation dominates these Croatian/Slovenian farmland tiles");
            assertEquals(set.manifest().total(dev.floe.ml.trainingset.Split.TEST), run.test().samples());
        }
    }

    /** The patches' RDF, read back. */
    static final class Model {
        final org.apache.jena.rdf.model.Model model;

        Model(Path nt) {
            model = org.apache.jena.riot.RDFDataMgr.loadModel(nt.toString());
        }

        private List<QuerySolution> select(String q) {
            List<QuerySolution> out = new ArrayList<>();
            try (QueryExecution qe = QueryExecution.model(model).query(q).build()) {
                qe.execSelect().forEachRemaining(out::add);
            }
            return out;
        }

        String labelOf(String patch) {
            return select("PREFIX floe: <https://w3id.org/floe/ontology#> SELECT ?c { ?l floe:sample <" + patch + "> ; floe:labelClass ?c }")
                    .get(0).getLiteral("c").getString();
        }

        String wktOf(String patch) {
            return select("PREFIX floe: <https://w3id.org/floe/ontology#> PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
                    + "SELECT ?w { <" + patch + "> floe:footprint/geo:asWKT ?w }").get(0).getLiteral("w").getLexicalForm();
        }
    }
}
