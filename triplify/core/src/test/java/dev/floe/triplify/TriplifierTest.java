package dev.floe.triplify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ontology.Floe;
import dev.floe.ontology.GeoSparql;

class TriplifierTest {

    private static final String PREFIXES = "PREFIX geo: <" + GeoSparql.NS + "> PREFIX floe: <" + Floe.NS + "> "
            + "PREFIX attr: <" + Floe.ATTR + "> PREFIX rdfs: <" + RDFS.getURI() + "> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> ";

    @TempDir
    Path tmp;

    static Path resource(String name) {
        try {
            return Path.of(TriplifierTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Model triplify(Path input, TriplifyOptions options) {
        Path out = tmp.resolve("out-" + System.nanoTime() + ".nt");
        new Triplifier(options).triplify(input, out);
        return RDFDataMgr.loadModel(out.toString());
    }

    private static List<QuerySolution> select(Model model, String query) {
        try (QueryExecution qe = QueryExecution.model(model).query(PREFIXES + query).build()) {
            List<QuerySolution> rows = new java.util.ArrayList<>();
            qe.execSelect().forEachRemaining(rows::add);
            return rows;
        }
    }

    @Test
    void populatedPlacesBecomeFeaturesWithLonLatPointsAndTypedProperties() {
        Model m = triplify(resource("ne_110m_populated_places_simple.json"),
                TriplifyOptions.defaults().withFeatureClass(Floe.PopulatedPlace).withLabelProperty("name"));
        assertEquals(243, m.listSubjectsWithProperty(RDF.type, Floe.PopulatedPlace).toList().size());
        assertEquals(243, m.listSubjectsWithProperty(RDF.type, GeoSparql.Feature).toList().size());

        List<QuerySolution> rows = select(m, "SELECT ?f ?wkt ?rank ?adm0cap WHERE { ?f rdfs:label 'Vatican City' ; "
                + "geo:hasDefaultGeometry ?g ; geo:hasGeometry ?g ; attr:scalerank ?rank ; attr:adm0cap ?adm0cap . ?g a geo:Geometry ; geo:asWKT ?wkt }");
        assertEquals(1, rows.size());
        QuerySolution vatican = rows.get(0);
        assertEquals("POINT (12.453386544971766 41.903282179960115)", vatican.getLiteral("wkt").getLexicalForm());
        assertEquals(GeoSparql.wktLiteral.getURI(), vatican.getLiteral("wkt").getDatatypeURI());
        assertEquals(8, vatican.getLiteral("rank").getInt());
        assertEquals(XSDDatatype.XSDinteger.getURI(), vatican.getLiteral("rank").getDatatypeURI());
        assertEquals(XSDDatatype.XSDdouble.getURI(), vatican.getLiteral("adm0cap").getDatatypeURI());
        // features without an id are numbered by their position in the file
        assertTrue(vatican.getResource("f").getURI().startsWith(Floe.DATA + "ne_110m_populated_places_simple/"));
        // null properties (namepar) are left out, not written as empty strings
        assertEquals(0, select(m, "SELECT * WHERE { ?f rdfs:label 'Vatican City' ; attr:namepar ?x }").size());
    }

    @Test
    void idPropertyAndDatasetNameGiveDeterministicIris() throws IOException {
        TriplifyOptions options = TriplifyOptions.defaults().withDataset("places").withIdProperty("nameascii");
        Path a = tmp.resolve("a.nt");
        Path b = tmp.resolve("b.nt");
        new Triplifier(options).triplify(resource("ne_110m_populated_places_simple.json"), a);
        new Triplifier(options).triplify(resource("ne_110m_populated_places_simple.json"), b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        Model m = RDFDataMgr.loadModel(a.toString());
        assertTrue(m.containsResource(m.createResource(Floe.DATA + "places/Vatican%20City")));
    }

    @Test
    void glaciatedAreaPolygonsKeepEveryRingInOrder() {
        Model m = triplify(resource("ne_110m_glaciated_areas.json"), TriplifyOptions.defaults());
        assertEquals(11, m.listSubjectsWithProperty(RDF.type, GeoSparql.Feature).toList().size());
        Resource g0 = m.getResource(Floe.DATA + "ne_110m_glaciated_areas/0/geometry");
        String wkt = g0.getProperty(m.createProperty(GeoSparql.asWKT.getURI())).getString();
        assertTrue(wkt.startsWith("POLYGON ((-36.41469682468042 83.04232168245716, -35.820159471162384 82.681465155763,"), wkt);
        // 11 features x (geo:Feature type + 3 properties + 4 geometry triples)
        assertEquals(11 * 8, m.size());
    }

    @Test
    void sentinel1ItemMapsToSarProductWithOntologyTerms() {
        Model m = triplify(resource("earthsearch-s1-grd.json"), TriplifyOptions.defaults());
        Resource p = m.getResource(Floe.DATA + "stac/collections/sentinel-1-grd/items/S1A_EW_GRDM_1SDH_20240325T094655_20240325T094811_053136_066FDB");
        assertTrue(m.contains(p, RDF.type, Floe.SARProduct));
        assertTrue(m.contains(p, RDF.type, Floe.EOProduct));
        assertFalse(m.contains(p, RDF.type, Floe.OpticalProduct));
        assertEquals(Set.of("HH", "HV"), strings(m, p, Floe.polarisation));
        assertEquals(Set.of("EW"), strings(m, p, Floe.instrumentMode));
        assertEquals(Set.of("sentinel-1a"), strings(m, p, Floe.platform));
        assertEquals(Set.of("L1"), strings(m, p, Floe.processingLevel));
        Literal time = p.getProperty(Floe.acquisitionTime).getLiteral();
        assertEquals("2024-03-25T09:47:33.662473Z", time.getLexicalForm());
        assertEquals(XSDDatatype.XSDdateTime.getURI(), time.getDatatypeURI());
        assertEquals(39, p.getProperty(Floe.relativeOrbit).getInt());
        assertEquals(6, p.getProperty(m.createProperty(Floe.STAC + "sar/looks_range")).getInt());
        Literal bbox = p.getProperty(m.createProperty(Floe.STAC + "proj/bbox")).getLiteral();
        assertEquals("[-168.468323,-79.920891,-143.106186,-75.688972]", bbox.getLexicalForm());
        Resource footprint = p.getPropertyResourceValue(Floe.footprint);
        assertEquals(footprint, p.getPropertyResourceValue(m.createProperty(GeoSparql.hasDefaultGeometry.getURI())));
        assertTrue(footprint.getProperty(m.createProperty(GeoSparql.asWKT.getURI())).getString()
                .startsWith("POLYGON ((-163.0456794 -75.7045685, -163.654082 -76.210349,"));
        assertEquals(10, m.listSubjectsWithProperty(RDF.type, Floe.Asset).toList().size());
    }

    @Test
    void itemArraysAndSpaceSeparatedDateTimesAreRead() {
        Model m = triplify(resource("sentinel-1-rtc-pc.json"), TriplifyOptions.defaults());
        assertEquals(4, m.listSubjectsWithProperty(RDF.type, Floe.SARProduct).toList().size());
        Resource p = m.getResource(Floe.DATA + "stac/collections/sentinel-1-rtc/items/S1A_IW_GRDH_1SDV_20240419T045904_20240419T045916_053498_067DF2_rtc");
        assertEquals("2024-04-19T04:59:04.220006Z", p.getProperty(Floe.acquisitionStart).getLiteral().getLexicalForm());
        assertEquals(Set.of("VV", "VH"), strings(m, p, Floe.polarisation));
        assertTrue(m.contains(p, Floe.collection, m.getResource(Floe.DATA + "stac/collections/sentinel-1-rtc")));
    }

    @Test
    void staticCatalogIsFollowedThroughItsCollectionToEveryItem() {
        Path catalog = resource("mapchete/catalog.json");
        TriplifySummary summary = new Triplifier(TriplifyOptions.defaults()).triplify(catalog, tmp.resolve("cat.ttl"));
        assertEquals(12, summary.records());
        Model m = RDFDataMgr.loadModel(tmp.resolve("cat.ttl").toString());
        Resource collection = m.getResource(Floe.DATA + "stac/collections/sentinel-2-l2a");
        assertTrue(m.contains(collection, RDF.type, Floe.ProductCollection));
        assertEquals(10, m.listSubjectsWithProperty(Floe.collection, collection).toList().size());
        assertEquals(10, m.listSubjectsWithProperty(RDF.type, Floe.OpticalProduct).toList().size());
        Resource item = m.getResource(collection.getURI() + "/items/S2A_33TWL_20230815_0_L2A");
        assertEquals(0.20399, item.getProperty(Floe.cloudCover).getDouble(), 0.0);
        assertEquals(Set.of("S2MSI2A"), strings(m, item, Floe.productType));
        // relative asset hrefs resolve against the item's own file
        Resource red = m.getResource(item.getURI() + "/assets/red");
        String href = red.getPropertyResourceValue(org.apache.jena.vocabulary.DCAT.downloadURL).getURI();
        assertTrue(href.startsWith("file:///") && href.endsWith("/mapchete/sentinel-2-l2a/S2A_33TWL_20230815_0_L2A/B04.tif"), href);
    }

    @Test
    void malformedJsonNamesFileAndLineAndLeavesNoOutput() throws IOException {
        Path bad = tmp.resolve("broken.geojson");
        Files.writeString(bad, "{\"type\":\"FeatureCollection\",\"features\":[\n"
                + "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}},\n"
                + "{\"type\":\"Feature\",\"properties\":{\"a\": },\"geometry\":null}]}\n");
        Path out = tmp.resolve("broken.nt");
        TriplifyException e = assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults()).triplify(bad, out));
        assertTrue(e.getMessage().startsWith(bad + ": line 3, column "), e.getMessage());
        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
        assertNoFilesBesides(bad);
    }

    @Test
    void unclosedRingNamesFeatureIndexAndIdAndLeavesNoOutput() throws IOException {
        Path bad = tmp.resolve("rings.geojson");
        Files.writeString(bad, "{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"id\":\"ok\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}},"
                + "{\"type\":\"Feature\",\"id\":\"open\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\","
                + "\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}}]}");
        TriplifyException e = assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults()).triplify(bad, tmp.resolve("rings.nt")));
        assertEquals(bad + ": $.features[1] (id open): geometry.coordinates[0]: linear ring is not closed "
                + "(first position [0.0, 0.0] differs from last [0.0, 1.0])", e.getMessage());
        assertNoFilesBesides(bad);
    }

    @Test
    void projectedCoordinatesAreRejectedAsNotGeoJson() throws IOException {
        Path bad = tmp.resolve("utm.geojson");
        Files.writeString(bad, "{\"type\":\"Feature\",\"properties\":null,"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[499980.0,5100000.0]}}");
        TriplifyException e = assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults()).triplify(bad, tmp.resolve("utm.nt")));
        assertTrue(e.getMessage().startsWith(bad + ": $ (id 0): geometry.coordinates: position [499980.0,5100000.0] is outside"),
                e.getMessage());
    }

    @Test
    void invalidGeometryIsRepairedSkippedOrFailsAsAsked() throws IOException {
        Path bowtie = tmp.resolve("bowtie.geojson");
        Files.writeString(bowtie, "{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"id\":\"fine\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}},"
                + "{\"type\":\"Feature\",\"id\":\"bowtie\",\"properties\":{\"k\":1},\"geometry\":{\"type\":\"Polygon\","
                + "\"coordinates\":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}]}");

        Path repairedOut = tmp.resolve("repaired.nt");
        TriplifySummary repaired = new Triplifier(TriplifyOptions.defaults()).triplify(bowtie, repairedOut);
        assertEquals(1, repaired.repaired().size());
        assertEquals("bowtie", repaired.repaired().get(0).id());
        assertEquals("$.features[1]", repaired.repaired().get(0).record());
        assertTrue(repaired.repaired().get(0).reason().startsWith("invalid geometry: Self-intersection"),
                repaired.repaired().get(0).reason());
        Model m = RDFDataMgr.loadModel(repairedOut.toString());
        String wkt = m.getResource(Floe.DATA + "bowtie/bowtie/geometry")
                .getProperty(m.createProperty(GeoSparql.asWKT.getURI())).getString();
        assertTrue(wkt.startsWith("MULTIPOLYGON"), wkt);

        Path skippedOut = tmp.resolve("skipped.nt");
        TriplifySummary skipped = new Triplifier(TriplifyOptions.defaults().withOnInvalid(InvalidGeometryPolicy.SKIP))
                .triplify(bowtie, skippedOut);
        assertEquals(List.of("bowtie"), skipped.skipped().stream().map(TriplifySummary.RecordNote::id).collect(Collectors.toList()));
        assertEquals(2, skipped.records());
        Model s = RDFDataMgr.loadModel(skippedOut.toString());
        assertFalse(s.containsResource(s.createResource(Floe.DATA + "bowtie/bowtie")));
        assertTrue(s.containsResource(s.createResource(Floe.DATA + "bowtie/fine")));

        Path failedOut = tmp.resolve("failed.nt");
        TriplifyException e = assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults().withOnInvalid(InvalidGeometryPolicy.FAIL)).triplify(bowtie, failedOut));
        assertTrue(e.getMessage().startsWith(bowtie + ": $.features[1] (id bowtie): invalid geometry: Self-intersection"), e.getMessage());
        assertFalse(Files.exists(failedOut));
    }

    @Test
    void roundingNoisePastTheAntimeridianIsSnappedBack() throws IOException {
        Path input = tmp.resolve("noise.geojson");
        Files.writeString(input, "{\"type\":\"Feature\",\"id\":\"n\",\"properties\":{},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[180.00000044181036,-85.05754688917885]}}");
        Model m = triplify(input, TriplifyOptions.defaults());
        assertEquals("POINT (180 -85.05754688917885)", m.getResource(Floe.DATA + "noise/n/geometry")
                .getProperty(m.createProperty(GeoSparql.asWKT.getURI())).getString());
    }

    @Test
    void bareGeometryIsRejectedWithAHint() throws IOException {
        Path bare = tmp.resolve("bare.json");
        Files.writeString(bare, "{\"type\":\"Point\",\"coordinates\":[1,2]}");
        TriplifyException e = assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults()).triplify(bare, tmp.resolve("bare.nt")));
        assertEquals(bare + ": $: a bare Point geometry; wrap it in a GeoJSON Feature", e.getMessage());
    }

    @Test
    void gzipOutputAndTurtleRoundTripToTheSameTriples() {
        Path input = resource("ne_110m_glaciated_areas.json");
        Path nt = tmp.resolve("g.nt");
        Path ttlGz = tmp.resolve("g.ttl.gz");
        new Triplifier(TriplifyOptions.defaults()).triplify(input, nt);
        new Triplifier(TriplifyOptions.defaults()).triplify(input, ttlGz);
        assertTrue(RDFDataMgr.loadModel(nt.toString()).isIsomorphicWith(RDFDataMgr.loadModel(ttlGz.toString())));
    }

    @Test
    void featureIdsThatAreNotStringsOrNumbersAreRejected() throws IOException {
        for (String id : new String[] {"{\"a\": 1}", "[1, 2]", "true", "\"\""}) {
            Path bad = tmp.resolve("ids.geojson");
            Files.writeString(bad, "{\"type\":\"FeatureCollection\",\"features\":["
                    + "{\"type\":\"Feature\",\"id\":1,\"properties\":{},\"geometry\":null},"
                    + "{\"type\":\"Feature\",\"id\":" + id + ",\"properties\":{},\"geometry\":null}]}");
            TriplifyException e = assertThrows(TriplifyException.class,
                    () -> new Triplifier(TriplifyOptions.defaults()).triplify(bad, tmp.resolve("ids.nt")));
            assertTrue(e.getMessage().startsWith(bad + ": $.features[1]: \"id\" must be a string or a number (RFC 7946), found "),
                    e.getMessage());
            assertNoFilesBesides(bad);
        }
    }

    private static Set<String> strings(Model m, Resource s, org.apache.jena.rdf.model.Property p) {
        return m.listObjectsOfProperty(s, p).mapWith(n -> n.asLiteral().getString()).toSet();
    }

    private void assertNoFilesBesides(Path input) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            Set<String> names = files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(Set.of(input.getFileName().toString()), names);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
