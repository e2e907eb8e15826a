package dev.floe.ml.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ontology.Floe;
import dev.floe.store.GeoStore;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyOptions;

/**
 * Predictions written into a store of real Natural Earth ice shelves (10m, named) and countries (110m) are found by
 * GeoSPARQL together with those features, in the property-function and in the filter form, as soon as the write
 * returns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PredictionGeoSparqlTest {

    static final String PREFIXES = """
            PREFIX geo:  <http://www.opengis.net/ont/geosparql#>
            PREFIX geof: <http://www.opengis.net/def/function/geosparql/>
            PREFIX floe: <https://w3id.org/floe/ontology#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            """;
    static final String PATCHES = "https://w3id.org/floe/data/patches/";
    static final Instant TIME = Instant.parse("2026-01-12T09:30:00Z");
    static final List<String> SAR_CLASSES = List.of("ship", "iceberg");

    Path tmp;
    GeoStore store;
    PredictionWriter writer;

    static Path naturalEarth(String file) {
        return dev.floe.store.StoreFixtures.sharedData("natural-earth/" + file);
    }

    @BeforeAll
    void load(@TempDir Path dir) throws IOException {
        tmp = dir;
        Path shelves = naturalEarth("10m/ne_10m_antarctic_ice_shelves_polys.json");
        Path countries = naturalEarth("110m/ne_110m_admin_0_countries.json");
        assumeTrue(shelves != null && countries != null, "../shared/data/natural-earth is not in this checkout");
        Path shelvesNt = tmp.resolve("ice-shelves.nt");
        new Triplifier(TriplifyOptions.defaults().withDataset("ice-shelves").withFeatureClass(Floe.IceShelf)
                .withLabelProperty("name")).triplify(shelves, shelvesNt);
        Path countriesNt = tmp.resolve("countries.nt");
        new Triplifier(TriplifyOptions.defaults().withDataset("countries").withFeatureClass(Floe.Country)
                .withLabelProperty("ADMIN")).triplify(countries, countriesNt);
        // a patch whose footprint is in the store: a prediction about it without a footprint takes this one
        Path patches = Files.writeString(tmp.resolve("patches.ttl"), """
                @prefix geo:  <http://www.opengis.net/ont/geosparql#> .
                @prefix floe: <https://w3id.org/floe/ontology#> .
                <https://w3id.org/floe/data/patches/ross-located> a floe:Patch ;
                    geo:hasGeometry <https://w3id.org/floe/data/patches/ross-located/geometry> ;
                    geo:hasDefaultGeometry <https://w3id.org/floe/data/patches/ross-located/geometry> .
                <https://w3id.org/floe/data/patches/ross-located/geometry> a geo:Geometry ;
                    geo:asWKT "POLYGON ((-165.1 -82.05, -164.9 -82.05, -164.9 -81.95, -165.1 -81.95, -165.1 -82.05))"^^geo:wktLiteral .
                """);
        store = GeoStore.open(tmp.resolve("store"));
        store.load(List.of(shelvesNt, countriesNt, patches));
        writer = new PredictionWriter(store);
    }

    @AfterAll
    void close() {
        if (store != null) {
            store.close();
        }
    }

    static Prediction sar(String version, String patch, double iceberg, String footprint) {
        return Prediction.of(PATCHES + patch, version, SAR_CLASSES, new double[] {1 - iceberg, iceberg}, TIME)
                .withRequest("geosparql-test").withFootprint(footprint);
    }

    @Test
    void predictedIcebergsWithinTheRossIceShelfAreFoundByPropertyFunctionsAndFiltersRightAfterTheWrite() {
        String version = "https://w3id.org/floe/data/model/sar-cnn/version/1";
        writer.write(List.of(
                sar(version, "ross-east", 0.9, "POINT (-170 -81)"),
                sar(version, "ross-west", 0.8, "POINT (170 -81)"),
                sar(version, "ross-south", 0.7, "POINT (175 -83)"),
                sar(version, "ross-small-patch", 0.95,
                        "POLYGON ((-171 -81.1, -170.9 -81.1, -170.9 -81, -171 -81, -171 -81.1))"),
                sar(version, "ross-located", 0.6, null),
                sar(version, "ross-ship", 0.1, "POINT (-160 -80)"),
                sar(version, "ross-sea", 0.9, "POINT (-175 -76)"),
                sar(version, "ronne", 0.9, "POINT (-60 -79)"),
                sar(version, "amery", 0.9, "POINT (71 -70)")));
        List<String> inside = List.of(PATCHES + "ross-east", PATCHES + "ross-located", PATCHES + "ross-small-patch",
                PATCHES + "ross-south", PATCHES + "ross-west");
        String predictions = "?p a floe:Prediction ; floe:predictedBy <" + version + "> ; floe:predictedClass \"iceberg\" ; "
                + "floe:sample ?sample ; geo:hasDefaultGeometry ?geom . ";
        String ross = "?shelf a floe:IceShelf ; rdfs:label \"Ross Ice Shelf\" ; geo:hasDefaultGeometry ?shelfGeom . ";

        assertEquals(inside, samples(PREFIXES + "SELECT DISTINCT ?sample WHERE { " + ross + predictions
                + "?geom geo:sfWithin ?shelfGeom } ORDER BY ?sample"), "property function, geometries");
        assertEquals(inside, samples(PREFIXES + "SELECT DISTINCT ?sample WHERE { " + ross + predictions
                + "?p geo:sfWithin ?shelf } ORDER BY ?sample"), "property function, features");
        assertEquals(inside, samples(PREFIXES + "SELECT DISTINCT ?sample WHERE { " + ross + predictions
                + "?shelfGeom geo:asWKT ?shelfWkt . ?geom geo:asWKT ?wkt FILTER(geof:sfWithin(?wkt, ?shelfWkt)) } "
                + "ORDER BY ?sample"), "filter");
    }

    @Test
    void predictedClassesPerCountryAreCountedByPropertyFunctionsAndFiltersRightAfterTheWrite() {
        String version = "https://w3id.org/floe/data/model/sar-cnn/version/2";
        writer.write(List.of(
                sar(version, "oslofjord", 0.2, "POINT (9 61.5)"),
                sar(version, "trondelag", 0.3, "POINT (12 64)"),
                sar(version, "scoresby", 0.9, "POINT (-40 72)"),
                sar(version, "melville", 0.8, "POINT (-45 75)"),
                sar(version, "disko", 0.4, "POINT (-50 68)"),
                sar(version, "hudson", 0.1, "POINT (-100 60)"),
                sar(version, "polar-plateau", 0.7, "POINT (0 -85)"),
                sar(version, "mid-atlantic", 0.1, "POINT (-30 0)"),
                sar(version, "ross-shelf", 0.9, "POINT (-170 -81)")));
        List<String> expected = List.of("Antarctica iceberg 1", "Canada ship 1", "Greenland iceberg 2", "Greenland ship 1",
                "Norway ship 2");
        String select = "SELECT ?country ?class (COUNT(?p) AS ?n) WHERE { "
                + "?c a floe:Country ; rdfs:label ?country ; geo:hasDefaultGeometry ?countryGeom . "
                + "?p a floe:Prediction ; floe:predictedBy <" + version + "> ; floe:predictedClass ?class ; "
                + "geo:hasDefaultGeometry ?geom . ";
        String grouped = " } GROUP BY ?country ?class ORDER BY ?country ?class";

        assertEquals(expected, counts(PREFIXES + select + "?geom geo:sfWithin ?countryGeom" + grouped), "property function");
        assertEquals(expected, counts(PREFIXES + select + "?p geo:sfWithin ?c" + grouped), "property function, features");
        assertEquals(expected, counts(PREFIXES + select + "?countryGeom geo:asWKT ?countryWkt . ?geom geo:asWKT ?wkt "
                + "FILTER(geof:sfWithin(?wkt, ?countryWkt))" + grouped), "filter");
    }

    /**
     * The store's spatial index takes in a write's changes incrementally (GeoStore's journal records one entry per
     * changed resource) rather than re-indexing the graph: the same batch adds the same journal record to a store of
     * a few features and to this one, and neither rewrites the saved index.
     */
    @Test
    void aWriteReindexesWhatTheBatchHoldsNotWhatTheStoreHolds() throws IOException {
        String version = "https://w3id.org/floe/data/model/sar-cnn/version/9";
        List<Prediction> batch = List.of(sar(version, "a", 0.9, "POINT (-170 -81)"), sar(version, "b", 0.2, "POINT (9 61.5)"));
        try (GeoStore small = GeoStore.open(tmp.resolve("small"))) {
            small.load(List.of(tmp.resolve("patches.ttl")));
            assertTrue(store.size() > 100 * small.size(), store.size() + " against " + small.size());
            long inSmall = journalGrowth(small, () -> new PredictionWriter(small).write(batch));
            long inLarge = journalGrowth(store, () -> writer.write(batch));
            assertTrue(inSmall > 0, "the write is in the journal");
            assertEquals(inSmall, inLarge);
        }
    }

    /** Bytes the action adds to the store's index journal; fails if it rewrote the saved index. */
    static long journalGrowth(GeoStore s, Runnable write) throws IOException {
        Path index = s.directory().resolve("spatial/spatial.index");
        Path journal = s.directory().resolve("spatial/spatial.journal");
        byte[] saved = Files.readAllBytes(index);
        long before = Files.exists(journal) ? Files.size(journal) : 0;
        write.run();
        assertEquals(-1, java.util.Arrays.mismatch(saved, Files.readAllBytes(index)), "the saved index was rewritten");
        return Files.size(journal) - before;
    }

    List<String> samples(String query) {
        return select(query, r -> r.getResource("sample").getURI());
    }

    List<String> counts(String query) {
        return select(query, r -> r.getLiteral("country").getString() + " " + r.getLiteral("class").getString() + " "
                + r.getLiteral("n").getLong());
    }

    List<String> select(String query, java.util.function.Function<QuerySolution, String> row) {
        return Txn.calculateRead(store.dataset(), () -> {
            List<String> out = new ArrayList<>();
            try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(query).build()) {
                qe.execSelect().forEachRemaining(r -> out.add(row.apply(r)));
            }
            return out;
        });
    }
}
