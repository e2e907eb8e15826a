package dev.floe.triplify.shapefile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKTReader;

import dev.floe.ontology.Floe;
import dev.floe.ontology.GeoSparql;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyException;
import dev.floe.triplify.TriplifyOptions;

/** ESRI Shapefiles: the real Natural Earth countries and cities, small files of every shape type, and broken files. */
class ShapefileSourceTest {

    @TempDir
    Path tmp;

    static Path resource(String name) {
        try {
            return Path.of(ShapefileSourceTest.class.getResource("/dev/floe/triplify/shapefile/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    Model triplify(Path shp, TriplifyOptions options) {
        Path out = tmp.resolve("out-" + System.nanoTime() + ".nt");
        new Triplifier(options).triplify(shp, out);
        return RDFDataMgr.loadModel(out.toString());
    }

    static String wkt(Model m, Resource feature) {
        return feature.getPropertyResourceValue(m.createProperty(GeoSparql.hasDefaultGeometry.getURI()))
                .getProperty(m.createProperty(GeoSparql.asWKT.getURI())).getString();
    }

    @Test
    void naturalEarthCountriesAreAllReadWithTheirAttributesAndHoles() throws Exception {
        Model m = triplify(resource("naturalearth_lowres.shp"), TriplifyOptions.defaults().withFeatureClass(Floe.Country)
                .withIdProperty("iso_a3"));
        assertEquals(177, m.listSubjectsWithProperty(RDF.type, Floe.Country).toList().size());
        Resource fiji = m.getResource(Floe.DATA + "naturalearth_lowres/FJI");
        assertEquals("Fiji", fiji.getProperty(m.createProperty(Floe.ATTR + "name")).getString());
        assertEquals("Oceania", fiji.getProperty(m.createProperty(Floe.ATTR + "continent")).getString());
        assertEquals(889953.0, fiji.getProperty(m.createProperty(Floe.ATTR + "pop_est")).getDouble(), 0.0);
        assertEquals(5496, fiji.getProperty(m.createProperty(Floe.ATTR + "gdp_md_est")).getLong());
        Geometry fijiShape = new WKTReader().read(wkt(m, fiji));
        assertEquals(3, fijiShape.getNumGeometries(), "Fiji: 3 parts");
        assertEquals(22 + 3 - 3, fijiShape.getNumPoints(), "22 points in all");
        assertTrue(wkt(m, fiji).startsWith("MULTIPOLYGON (((180 -16.067132663642447,"), wkt(m, fiji));
        // South Africa's outer ring has Lesotho as a hole (a counter-clockwise ring inside a clockwise one)
        Geometry za = new WKTReader().read(wkt(m, m.getResource(Floe.DATA + "naturalearth_lowres/ZAF")));
        assertEquals("Polygon", za.getGeometryType());
        assertEquals(1, ((Polygon) za).getNumInteriorRing());
        assertEquals("Côte d'Ivoire", m.getResource(Floe.DATA + "naturalearth_lowres/CIV")
                .getProperty(m.createProperty(Floe.ATTR + "name")).getString(), "ISO-8859-1 names per the .cpg");
    }

    @Test
    void naturalEarthCitiesArePointsAtTheirExactCoordinates() {
        Model m = triplify(resource("naturalearth_cities.shp"), TriplifyOptions.defaults().withIdProperty("name"));
        assertEquals(243, m.listSubjectsWithProperty(RDF.type, m.createResource(GeoSparql.Feature.getURI())).toList().size());
        assertEquals("POINT (12.4533865 41.9032822)", wkt(m, m.getResource(Floe.DATA + "naturalearth_cities/Vatican%20City")));
        assertEquals("POINT (9.5166695 47.1337238)", wkt(m, m.getResource(Floe.DATA + "naturalearth_cities/Vaduz")));
        assertTrue(m.containsResource(m.getResource(Floe.DATA + "naturalearth_cities/Lomé")), "ucschar kept in IRIs");
    }

    // --- small shapefiles written here, one per shape type ---

    /** Little-endian record content builder. */
    static final class Content {
        final ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);

        Content i(int... v) {
            for (int x : v) {
                b.putInt(x);
            }
            return this;
        }

        Content d(double... v) {
            for (double x : v) {
                b.putDouble(x);
            }
            return this;
        }

        byte[] bytes() {
            byte[] out = new byte[b.position()];
            b.flip();
            b.get(out);
            return out;
        }
    }

    /** Writes NAME.shp (records of the given type) and NAME.dbf (one character field "name"), optionally a .prj. */
    static Path shapefile(Path dir, String name, int type, List<byte[]> records, List<String> names, String prj) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int n = 1;
        for (byte[] r : records) {
            ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(n++).putInt(r.length / 2);
            body.write(h.array());
            body.write(r);
        }
        ByteBuffer header = ByteBuffer.allocate(100);
        header.order(ByteOrder.BIG_ENDIAN).putInt(0, 9994).putInt(24, (100 + body.size()) / 2);
        header.order(ByteOrder.LITTLE_ENDIAN).putInt(28, 1000).putInt(32, type);
        Path shp = dir.resolve(name + ".shp");
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(header.array());
        file.write(body.toByteArray());
        Files.write(shp, file.toByteArray());
        int width = 20;
        ByteBuffer dbf = ByteBuffer.allocate(32 + 32 + 1 + names.size() * (1 + width) + 1).order(ByteOrder.LITTLE_ENDIAN);
        dbf.put((byte) 3).put((byte) 126).put((byte) 1).put((byte) 1).putInt(names.size()).putShort((short) 65)
                .putShort((short) (1 + width));
        dbf.position(32);
        byte[] fieldName = new byte[11];
        System.arraycopy("name".getBytes(StandardCharsets.US_ASCII), 0, fieldName, 0, 4);
        dbf.put(fieldName).put((byte) 'C').putInt(0).put((byte) width).put((byte) 0);
        dbf.position(64).put((byte) 0x0D);
        for (String s : names) {
            byte[] cell = new byte[width];
            java.util.Arrays.fill(cell, (byte) ' ');
            byte[] v = s.getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(v, 0, cell, 0, v.length);
            dbf.put((byte) ' ').put(cell);
        }
        dbf.put((byte) 0x1A);
        Files.write(dir.resolve(name + ".dbf"), dbf.array());
        if (prj != null) {
            Files.writeString(dir.resolve(name + ".prj"), prj);
        }
        return shp;
    }

    List<String> wkts(Path shp) {
        Model m = triplify(shp, TriplifyOptions.defaults().withIdProperty("name"));
        return m.listObjectsOfProperty(m.createProperty(GeoSparql.asWKT.getURI())).mapWith(n -> n.asLiteral().getString())
                .toList().stream().sorted().toList();
    }

    @Test
    void polygonZWithTwoShellsAndAHoleBecomesAMultiPolygonWithZ() throws IOException {
        // shell 1 clockwise (0 0 -> 0 10 -> 10 10 -> 10 0), hole counter-clockwise inside it, shell 2 clockwise far away
        double[][] pts = {{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}, {2, 2}, {4, 2}, {4, 4}, {2, 4}, {2, 2},
                {20, 20}, {20, 21}, {21, 21}, {21, 20}, {20, 20}};
        Content c = new Content().i(15).d(0, 0, 21, 21).i(3, pts.length).i(0, 5, 10);
        for (double[] p : pts) {
            c.d(p[0], p[1]);
        }
        c.d(0, 14);
        for (int k = 0; k < pts.length; k++) {
            c.d(k);
        }
        Path shp = shapefile(tmp, "lakes", 15, List.of(c.bytes()), List.of("lake"), null);
        assertEquals(List.of("MULTIPOLYGON Z(((0 0 0, 0 10 1, 10 10 2, 10 0 3, 0 0 4), (2 2 5, 4 2 6, 4 4 7, 2 4 8, 2 2 9)), "
                + "((20 20 10, 20 21 11, 21 21 12, 21 20 13, 20 20 14)))"), wkts(shp));
    }

    @Test
    void pointsLinesAndMultiPointsOfEveryVariantAreRead() throws IOException {
        Path pm = shapefile(tmp, "pm", 21, List.of(new Content().i(21).d(1.5, 2.5, 99).bytes()), List.of("m"), null);
        assertEquals(List.of("POINT (1.5 2.5)"), wkts(pm), "M is read past");
        Path pz = shapefile(tmp, "pz", 11, List.of(new Content().i(11).d(1.5, 2.5, 7, 99).bytes()), List.of("z"), null);
        assertEquals(List.of("POINT Z(1.5 2.5 7)"), wkts(pz));
        Path mp = shapefile(tmp, "mp", 18, List.of(new Content().i(18).d(0, 0, 1, 1).i(2).d(0, 0, 1, 1).d(3, 4).d(3, 4).bytes()),
                List.of("mpz"), null);
        assertEquals(List.of("MULTIPOINT Z((0 0 3), (1 1 4))"), wkts(mp));
        Path lm = shapefile(tmp, "lm", 23, List.of(new Content().i(23).d(0, 0, 3, 3).i(2, 4).i(0, 2)
                .d(0, 0, 1, 1, 2, 2, 3, 3).d(0, 1).d(0, 0, 0, 1).bytes(), new Content().i(0).bytes()), List.of("two lines", "nothing"), null);
        assertEquals(List.of("MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))"), wkts(lm), "a null shape makes a feature without geometry");
    }

    @Test
    void projectedCoordinatesAreTransformedWithThePrj() throws IOException {
        String utm33n = "PROJCS[\"WGS_1984_UTM_Zone_33N\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\","
                + "6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],"
                + "PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0],"
                + "PARAMETER[\"Central_Meridian\",15.0],PARAMETER[\"Scale_Factor\",0.9996],PARAMETER[\"Latitude_Of_Origin\",0.0],"
                + "UNIT[\"Meter\",1.0]]";
        Path shp = shapefile(tmp, "utm", 1, List.of(new Content().i(1).d(500000, 5100000).bytes()), List.of("cm"), utm33n);
        String[] xy = wkts(shp).get(0).replace("POINT (", "").replace(")", "").split(" ");
        assertEquals(15.0, Double.parseDouble(xy[0]), 1e-9);
        assertEquals(46.0535744, Double.parseDouble(xy[1]), 1e-6, "as EPSG:32633 gives (CsvSourceTest)");
    }

    @Test
    void aTruncatedShpNamesTheRecordAndLeavesNoOutput() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cut"));
        for (String ext : new String[] {"shp", "dbf", "prj", "cpg"}) {
            Files.copy(resource("naturalearth_cities." + ext), dir.resolve("cities." + ext));
        }
        byte[] shp = Files.readAllBytes(dir.resolve("cities.shp"));
        Files.write(dir.resolve("cities.shp"), java.util.Arrays.copyOf(shp, shp.length - 10));
        Path out = tmp.resolve("cut.nt");
        TriplifyException e = assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults()).triplify(dir.resolve("cities.shp"), out));
        assertEquals(dir.resolve("cities.shp") + ": record 243: truncated: the record needs 20 bytes at byte 6884 (of 6904) but the file ends after 10",
                e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void aMissingDbfIsNamed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("nodbf"));
        Files.copy(resource("naturalearth_cities.shp"), dir.resolve("cities.shp"));
        TriplifyException e = assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults()).triplify(dir.resolve("cities.shp"), tmp.resolve("x.nt")));
        assertEquals(dir.resolve("cities.shp") + ": no .dbf file beside it (a Shapefile needs cities.shp and cities.dbf)", e.getMessage());
    }

    @Test
    void aNonShapefileIsRejected() throws IOException {
        Path fake = tmp.resolve("fake.shp");
        Files.write(fake, new byte[120]);
        Files.copy(resource("naturalearth_cities.dbf"), tmp.resolve("fake.dbf"));
        TriplifyException e = assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults()).triplify(fake, tmp.resolve("x.nt")));
        assertEquals(fake + ": not an ESRI Shapefile (file code 0, expected 9994)", e.getMessage());
    }

    @Test
    void duplicateIdsFailInsteadOfMergingFeatures() throws IOException {
        Path shp = shapefile(tmp, "dups", 1, List.of(new Content().i(1).d(1, 2).bytes(), new Content().i(1).d(3, 4).bytes()),
                List.of("same", "same"), null);
        TriplifyException e = assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults().withIdProperty("name")).triplify(shp, tmp.resolve("x.nt")));
        assertTrue(e.getMessage().startsWith(shp + ": feature id 'same' occurs more than once"), e.getMessage());
        assertEquals(2, triplify(shp, TriplifyOptions.defaults()).listSubjectsWithProperty(RDF.type,
                org.apache.jena.rdf.model.ResourceFactory.createResource(GeoSparql.Feature.getURI())).toList().size(),
                "positions as ids are unique");
    }
}
