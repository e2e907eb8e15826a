package dev.floe.triplify.rml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.RDFDataMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ontology.Floe;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyException;
import dev.floe.triplify.TriplifyOptions;

/**
 * The key property of generated mappings: running the printed default mapping gives exactly the triples of the
 * default run, for each kind of geodata source, on real data.
 */
class DefaultMappingTest {

    @TempDir
    Path tmp;

    static Path resource(String name) {
        try {
            return Path.of(DefaultMappingTest.class.getResource("/dev/floe/triplify/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Default run and printed-mapping run over {@code input}; asserts equal triple sets and returns their size. */
    int assertSameTriples(Path input, TriplifyOptions options) throws Exception {
        Path direct = tmp.resolve("direct.nt");
        new Triplifier(options).triplify(input, direct);
        Path mapping = tmp.resolve("mapping.ttl");
        try (OutputStream out = Files.newOutputStream(mapping)) {
            DefaultMapping.write(DefaultMapping.generate(input, options), input, out);
        }
        Path mapped = tmp.resolve("mapped.nt");
        new Triplifier(TriplifyOptions.defaults().withOnInvalid(options.onInvalid())).triplifyMapping(mapping, mapped);
        Set<String> a = triples(direct);
        Set<String> b = triples(mapped);
        Set<String> onlyDirect = new TreeSet<>(a);
        onlyDirect.removeAll(b);
        Set<String> onlyMapped = new TreeSet<>(b);
        onlyMapped.removeAll(a);
        assertEquals(Set.of(), onlyDirect, "triples of the default run missing from the mapping's");
        assertEquals(Set.of(), onlyMapped, "triples of the mapping not in the default run");
        return a.size();
    }

    static Set<String> triples(Path file) {
        Graph g = RDFDataMgr.loadGraph(file.toString());
        Set<String> out = new TreeSet<>();
        g.find().forEach((Triple t) -> out.add(t.toString()));
        return out;
    }

    @Test
    void geoJsonPlacesMappedByTheirPrintedMappingGiveTheDefaultTriples() throws Exception {
        int n = assertSameTriples(resource("ne_110m_populated_places_simple.json"),
                TriplifyOptions.defaults().withFeatureClass(Floe.PopulatedPlace).withIdProperty("name"));
        assertTrue(n > 243 * 10, "places have many attributes: " + n);
    }

    @Test
    void csvCountriesMappedByTheirPrintedMappingGiveTheDefaultTriples() throws Exception {
        int n = assertSameTriples(resource("world_wkt.csv"), TriplifyOptions.defaults().withIdProperty("iso_a2"));
        assertTrue(n > 177 * 5, "countries: " + n);
    }

    @Test
    void csvLonLatInAProjectedCrsMappedByItsPrintedMappingGivesTheDefaultTriples() throws Exception {
        Path csv = tmp.resolve("utm stations.csv");
        Files.writeString(csv, "name,x,y,height\nBologna,686000,4929000,54\nÉcole,500000,5100000,\nnowhere,,,3\n");
        int n = assertSameTriples(csv, TriplifyOptions.defaults().withSourceCrs("EPSG:32633").withIdProperty("name"));
        assertEquals(3 * 3 + 3 + 2 * 4, n, "3 features (type, name, x/y columns...), 2 geometries");
    }

    @Test
    void shapefileCountriesMappedByTheirPrintedMappingGiveTheDefaultTriples() throws Exception {
        int n = assertSameTriples(resource("shapefile/naturalearth_lowres.shp"), TriplifyOptions.defaults().withIdProperty("iso_a3"));
        // 177 features: type + 5 attributes (pop_est, continent, name, iso_a3, gdp_md_est) + 2 geometry links; 177 geometries: type + WKT
        assertTrue(n >= 177 * 8 + 177 * 2 - 10, "countries: " + n);
    }

    @Test
    void shapefileCitiesMappedByTheirPrintedMappingGiveTheDefaultTriples() throws Exception {
        assertEquals(243 * (1 + 1 + 2) + 243 * 2, assertSameTriples(resource("shapefile/naturalearth_cities.shp"), TriplifyOptions.defaults()));
    }

    @Test
    void realGeoPackageMappedByItsPrintedMappingGivesTheDefaultTriples() throws Exception {
        Path real = Path.of("..", "..", "..", "shared", "data", "vector-formats", "geopackage", "world_map.gpkg");
        assumeTrue(Files.isRegularFile(real), "the real GeoPackage is only in ../shared");
        // a copy without the 4,556 detailed provinces, to keep the test quick: countries and disputed borders remain
        Path copy = tmp.resolve("world_map.gpkg");
        Files.copy(real, copy);
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + copy);
             java.sql.Statement st = db.createStatement()) {
            st.execute("DELETE FROM gpkg_contents WHERE table_name = 'states_provinces'");
        }
        int n = assertSameTriples(copy, TriplifyOptions.defaults());
        assertTrue(n > (240 + 46) * 6, "two tables: " + n);
    }

    @Test
    void geoJsonSequenceMappedByItsPrintedMappingGivesTheDefaultTriples() throws Exception {
        Path seq = tmp.resolve("glaciers.geojsonl");
        StringBuilder lines = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonNode f : new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(resource("ne_110m_glaciated_areas.json").toFile()).get("features")) {
            lines.append('\u001e').append(f).append('\n'); // RFC 8142 record separators
        }
        Files.writeString(seq, lines);
        // 11 glaciated areas: type, 3 attributes, 2 geometry links; their geometries: type, WKT
        assertEquals(11 * 8, assertSameTriples(seq, TriplifyOptions.defaults()));
    }

    @Test
    void stacFilesHaveNoGeneratedMapping() {
        TriplifyException e = assertThrows(TriplifyException.class, () -> DefaultMapping.generate(
                resource("earthsearch-s1-grd.json"), TriplifyOptions.defaults()));
        assertTrue(e.getMessage().contains("STAC object"), e.getMessage());
    }
}
