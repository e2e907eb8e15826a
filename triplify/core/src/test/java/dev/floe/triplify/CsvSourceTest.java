package dev.floe.triplify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ontology.Floe;
import dev.floe.ontology.GeoSparql;

/** CSV with a WKT column (real: R's spData world, CC0) or lon/lat columns, and its errors. */
class CsvSourceTest {

    @TempDir
    Path tmp;

    Model triplify(Path input, TriplifyOptions options) {
        Path out = tmp.resolve("out-" + System.nanoTime() + ".nt");
        new Triplifier(options).triplify(input, out);
        return RDFDataMgr.loadModel(out.toString());
    }

    @Test
    void worldCountriesFromAWktColumnBecomeTypedFeatures() {
        Model m = triplify(TriplifierTest.resource("world_wkt.csv"), TriplifyOptions.defaults()
                .withFeatureClass(Floe.Country).withLabelProperty("name_long").withIdProperty("iso_a2"));
        assertEquals(177, m.listSubjectsWithProperty(RDF.type, Floe.Country).toList().size());
        Resource fiji = m.getResource(Floe.DATA + "world_wkt/FJ");
        assertTrue(m.contains(fiji, RDFS.label, "Fiji"));
        assertEquals(885806, fiji.getProperty(m.createProperty(Floe.ATTR + "pop")).getLong());
        assertEquals(XSDDatatype.XSDinteger.getURI(), fiji.getProperty(m.createProperty(Floe.ATTR + "pop")).getLiteral().getDatatypeURI());
        assertEquals(69.96, fiji.getProperty(m.createProperty(Floe.ATTR + "lifeExp")).getDouble(), 0.0);
        assertFalse(fiji.hasProperty(m.createProperty(Floe.ATTR + "WKT")), "the geometry column is the geometry, not a property");
        String wkt = fiji.getPropertyResourceValue(m.createProperty(GeoSparql.hasDefaultGeometry.getURI()))
                .getProperty(m.createProperty(GeoSparql.asWKT.getURI())).getString();
        assertTrue(wkt.startsWith("MULTIPOLYGON (((180 -16.0671326636424, 180 -16.5552165666392,"), wkt);
    }

    @Test
    void lonLatColumnsMakePointsAndEmptyCellsAreLeftOut() throws IOException {
        Path csv = tmp.resolve("stations.csv");
        Files.writeString(csv, "station,lon,lat,height\nRothera,-68.13,-67.57,16\nHalley,-26.54,-75.58,\nNowhere,,,3\n");
        Model m = triplify(csv, TriplifyOptions.defaults().withIdProperty("station"));
        Resource halley = m.getResource(Floe.DATA + "stations/Halley");
        assertEquals("POINT (-26.54 -75.58)", halley.getPropertyResourceValue(m.createProperty(GeoSparql.hasDefaultGeometry.getURI()))
                .getProperty(m.createProperty(GeoSparql.asWKT.getURI())).getString());
        assertFalse(halley.hasProperty(m.createProperty(Floe.ATTR + "height")));
        Resource nowhere = m.getResource(Floe.DATA + "stations/Nowhere");
        assertTrue(m.contains(nowhere, RDF.type, m.createResource(GeoSparql.Feature.getURI())));
        assertFalse(nowhere.hasProperty(m.createProperty(GeoSparql.hasDefaultGeometry.getURI())), "no geometry, still written");
    }

    @Test
    void projectedCoordinatesAreTransformedFromTheGivenCrs() throws IOException {
        Path csv = tmp.resolve("utm.csv");
        Files.writeString(csv, "name,x,y\ncentral meridian,500000,5100000\n");
        Model m = triplify(csv, TriplifyOptions.defaults().withSourceCrs("EPSG:32633"));
        String wkt = m.listObjectsOfProperty(m.createProperty(GeoSparql.asWKT.getURI())).next().asLiteral().getString();
        String[] xy = wkt.replace("POINT (", "").replace(")", "").split(" ");
        assertEquals(15.0, Double.parseDouble(xy[0]), 1e-9);
        assertEquals(46.0535744, Double.parseDouble(xy[1]), 1e-6);
    }

    @Test
    void badWktNamesFileLineAndColumnAndLeavesNoOutput() throws IOException {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, "name,WKT\nfine,POINT(1 2)\nbroken,POINT(1\n");
        Path out = tmp.resolve("bad.nt");
        TriplifyException e = assertThrows(TriplifyException.class, () -> new Triplifier(TriplifyOptions.defaults()).triplify(csv, out));
        assertTrue(e.getMessage().startsWith(csv + ": line 3 (id 1): column WKT: not WKT: "), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void aFileWithoutGeometryColumnsSaysWhichToName() throws IOException {
        Path csv = tmp.resolve("plain.csv");
        Files.writeString(csv, "a,b\n1,2\n");
        TriplifyException e = assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults()).triplify(csv, tmp.resolve("plain.nt")));
        assertEquals(csv + ": line 1: no geometry column in the header [a, b]: name a WKT column (--wkt-column) or longitude "
                + "and latitude columns (--lon-column, --lat-column)", e.getMessage());
        Model m = triplify(csv, TriplifyOptions.defaults().withCsvColumns(new TriplifyOptions.CsvColumns(null, "a", "b")));
        assertEquals("POINT (1 2)", m.listObjectsOfProperty(m.createProperty(GeoSparql.asWKT.getURI())).next().asLiteral().getString());
    }

    @Test
    void wktThatJtsRejectsAsStructurallyWrongNamesFileLineAndColumn() throws IOException {
        Path csv = tmp.resolve("ring.csv");
        Files.writeString(csv, "name,WKT\nfine,POINT(1 2)\nopen,\"POLYGON((0 0, 1 0, 1 1, 0 1))\"\n");
        TriplifyException e = assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults()).triplify(csv, tmp.resolve("ring.nt")));
        assertTrue(e.getMessage().startsWith(csv + ": line 3 (id 1): column WKT: not WKT: "), e.getMessage());
    }

    @Test
    void deeplyNestedWktIsRefusedBeforeParsing() throws IOException {
        Path csv = tmp.resolve("deep.csv");
        String deep = "GEOMETRYCOLLECTION(".repeat(10_000) + "POINT(1 1)" + ")".repeat(10_000);
        Files.writeString(csv, "name,WKT\nfine,POINT(1 2)\ndeep,\"" + deep + "\"\n");
        TriplifyException e = assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults()).triplify(csv, tmp.resolve("deep.nt")));
        assertEquals(csv + ": line 3 (id 1): column WKT: WKT nested more than 64 levels deep (not supported)", e.getMessage());
    }

    @Test
    void notANumberCoordinatesAreRejectedAsSuch() throws IOException {
        for (String row : new String[] {"id,WKT\n1,POINT(NaN 1)\n", "id,lon,lat\n1,NaN,1\n", "id,lon,lat\n1,1,-Infinity\n"}) {
            Path csv = tmp.resolve("nan.csv");
            Files.writeString(csv, row);
            TriplifyException e = assertThrows(TriplifyException.class,
                    () -> new Triplifier(TriplifyOptions.defaults()).triplify(csv, tmp.resolve("nan.nt")));
            assertTrue(e.getMessage().startsWith(csv + ": line 2 (id 0): "), e.getMessage());
            assertTrue(e.getMessage().contains("is not a finite number"), e.getMessage());
        }
    }

    @Test
    void anEmptyOrNonGzipGzFileIsNamedAsSuch() throws IOException {
        Path empty = tmp.resolve("empty.csv.gz");
        Files.write(empty, new byte[0]);
        TriplifyException e = assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults()).triplify(empty, tmp.resolve("empty.nt")));
        assertEquals(empty + ": empty file (a .gz file should hold gzip-compressed data)", e.getMessage());
        Path plain = tmp.resolve("plain.json.gz");
        Files.writeString(plain, "{\"type\": \"Feature\"}");
        e = assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults()).triplify(plain, tmp.resolve("plain.nt")));
        assertEquals(plain + ": not a gzip file (it does not start with the gzip signature)", e.getMessage());
        Path truncated = tmp.resolve("truncated.json.gz");
        Files.write(truncated, new byte[] {0x1f, (byte) 0x8b, 8, 0});
        e = assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults()).triplify(truncated, tmp.resolve("truncated.nt")));
        assertEquals(truncated + ": truncated gzip file (it ends before its data does)", e.getMessage());
    }
}
