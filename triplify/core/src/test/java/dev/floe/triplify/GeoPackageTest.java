package dev.floe.triplify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.vocabulary.RDFS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKBWriter;

import dev.floe.ontology.Floe;
import dev.floe.ontology.GeoSparql;

/** GeoPackage feature tables: the real Natural Earth GeoPackage (read in place) and small ones the test builds. */
class GeoPackageTest {

    @TempDir
    Path tmp;

    /** A minimal GeoPackage with one feature table in the given SRS, holding the given geometry blobs. */
    Path geopackage(String name, int srsId, String organization, byte[]... geometries) throws Exception {
        Path file = tmp.resolve(name);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = db.createStatement()) {
            st.execute("CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT, "
                    + "organization_coordsys_id INTEGER, definition TEXT)");
            st.execute("INSERT INTO gpkg_spatial_ref_sys VALUES ('x', " + srsId + ", '" + organization + "', " + srsId + ", 'undefined')");
            st.execute("CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT)");
            st.execute("INSERT INTO gpkg_contents VALUES ('stations', 'features')");
            st.execute("CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT, srs_id INTEGER)");
            st.execute("INSERT INTO gpkg_geometry_columns VALUES ('stations', 'geom', 'POINT', " + srsId + ")");
            st.execute("CREATE TABLE stations (fid INTEGER PRIMARY KEY, geom BLOB, name TEXT, height REAL)");
            try (PreparedStatement ins = db.prepareStatement("INSERT INTO stations (geom, name, height) VALUES (?, ?, ?)")) {
                int i = 0;
                for (byte[] g : geometries) {
                    ins.setBytes(1, g);
                    ins.setString(2, "station " + i);
                    ins.setDouble(3, 10.5 * i++);
                    ins.executeUpdate();
                }
            }
        }
        return file;
    }

    static byte[] gpkgPoint(double lon, double lat, int srsId) {
        byte[] wkb = new WKBWriter(2, org.locationtech.jts.io.ByteOrderValues.LITTLE_ENDIAN).write(new GeometryFactory().createPoint(new Coordinate(lon, lat)));
        ByteBuffer b = ByteBuffer.allocate(8 + wkb.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'G').put((byte) 'P').put((byte) 0).put((byte) 0x01).putInt(srsId).put(wkb);
        return b.array();
    }

    @Test
    void featureTableRowsBecomeFeaturesWithTypedColumns() throws Exception {
        Path gpkg = geopackage("stations.gpkg", 4326, "EPSG", gpkgPoint(-68.13, -67.57, 4326), gpkgPoint(-26.54, -75.58, 4326));
        Path out = tmp.resolve("stations.nt");
        TriplifySummary s = new Triplifier(TriplifyOptions.defaults().withIdProperty("fid").withLabelProperty("name")).triplify(gpkg, out);
        assertEquals(2, s.records());
        Model m = RDFDataMgr.loadModel(out.toString());
        Resource second = m.getResource(Floe.DATA + "stations/stations/2");
        assertTrue(m.contains(second, RDFS.label, "station 1"));
        assertEquals(10.5, second.getProperty(m.createProperty(Floe.ATTR + "height")).getDouble(), 0.0);
        assertEquals("POINT (-26.54 -75.58)", second.getPropertyResourceValue(m.createProperty(GeoSparql.hasDefaultGeometry.getURI()))
                .getProperty(m.createProperty(GeoSparql.asWKT.getURI())).getString());
        assertFalse(second.hasProperty(m.createProperty(Floe.ATTR + "geom")), "the geometry column is the geometry");
    }

    static double[] lonLat(Model m) {
        String wkt = m.listObjectsOfProperty(m.createProperty(GeoSparql.asWKT.getURI())).next().asLiteral().getString();
        String[] xy = wkt.replace("POINT (", "").replace(")", "").split(" ");
        return new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])};
    }

    @Test
    void projectedTablesAreTransformedToCrs84() throws Exception {
        // UTM 33N (the Sentinel-2 tiles of the demo): easting 500 km is the zone's central meridian, 15 degrees east
        Path utm = geopackage("utm.gpkg", 32633, "EPSG", gpkgPoint(500000, 5100000, 32633));
        double[] p = lonLat(RDFDataMgr.loadModel(write(utm).toString()));
        assertEquals(15.0, p[0], 1e-9);
        assertEquals(46.0535744, p[1], 1e-6); // meridian arc on WGS84: 5,100,000 m / 0.9996
        // Antarctic polar stereographic: the origin is the South Pole; 1000 km along +y is on the 0 meridian
        Path polar = geopackage("polar.gpkg", 3031, "EPSG", gpkgPoint(0, 1_000_000, 3031));
        double[] q = lonLat(RDFDataMgr.loadModel(write(polar).toString()));
        assertEquals(0.0, q[0], 1e-6);
        assertEquals(-80.8152653, q[1], 1e-6); // polar stereographic, standard parallel 71 S
        Path unknown = geopackage("unknown.gpkg", 999999, "EPSG", gpkgPoint(1, 2, 999999));
        TriplifyException e = assertThrows(TriplifyException.class, () -> write(unknown));
        assertTrue(e.getMessage().startsWith(unknown.toAbsolutePath().normalize() + ": table stations: unknown or unusable CRS EPSG:999999"),
                e.getMessage());
    }

    Path write(Path gpkg) {
        Path out = tmp.resolve(gpkg.getFileName() + ".nt");
        new Triplifier(TriplifyOptions.defaults()).triplify(gpkg, out);
        return out;
    }

    @Test
    void brokenBlobsAreRefusedNamingTableAndRow() throws Exception {
        Path broken = geopackage("broken.gpkg", 4326, "EPSG", gpkgPoint(1, 2, 4326), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        Path out = tmp.resolve("broken.nt");
        TriplifyException blob = assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults()).triplify(broken, out));
        assertTrue(blob.getMessage().endsWith("table stations, row 2 (id 1): the geometry is not GeoPackage binary (no 'GP' magic)"),
                blob.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void theNaturalEarthGeoPackageInSharedIsRead() {
        Path real = Path.of("..", "..", "..", "shared", "data", "vector-formats", "geopackage", "world_map.gpkg");
        assumeTrue(Files.isRegularFile(real), "the real GeoPackage is only in ../shared");
        Path out = tmp.resolve("world.nt");
        TriplifySummary s = new Triplifier(TriplifyOptions.defaults().withLabelProperty("NAME")).triplify(real, out);
        assertEquals(240 + 4556 + 46, s.records());
        Model m = RDFDataMgr.loadModel(out.toString());
        assertEquals(1, m.listSubjectsWithProperty(RDFS.label, "Croatia").toList().stream()
                .filter(r -> r.getURI().startsWith(Floe.DATA + "world_map/countries/")).count());
    }

    @Test
    void aGeometryStoredAsTextIsRefusedNamingTableAndRow() throws Exception {
        Path gpkg = geopackage("text.gpkg", 4326, "EPSG", gpkgPoint(1, 2, 4326), gpkgPoint(3, 4, 4326));
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + gpkg); Statement st = db.createStatement()) {
            st.execute("UPDATE stations SET geom = 'POINT (3 4)' WHERE fid = 2");
        }
        Path out = tmp.resolve("text.nt");
        TriplifyException e = assertThrows(TriplifyException.class, () -> new Triplifier(TriplifyOptions.defaults()).triplify(gpkg, out));
        assertTrue(e.getMessage().endsWith("table stations, row 2 (id 1): the geometry column geom holds TEXT, not a GeoPackage "
                + "binary geometry (BLOB)"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void degreesInAProjectedTableAreRefusedNamingTheTable() throws Exception {
        Path gpkg = geopackage("mislabelled.gpkg", 3857, "EPSG", gpkgPoint(15.2, 46.1, 3857), gpkgPoint(16.4, 45.8, 3857));
        Path out = tmp.resolve("mislabelled.nt");
        TriplifyException e = assertThrows(TriplifyException.class, () -> new Triplifier(TriplifyOptions.defaults()).triplify(gpkg, out));
        assertTrue(e.getMessage().startsWith(gpkg.toAbsolutePath().normalize() + ": table stations: the coordinates look like degrees"),
                e.getMessage());
        assertTrue(e.getMessage().contains("EPSG:3857"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void notANumberCoordinatesInWkbAreRefused() throws Exception {
        Path gpkg = geopackage("nan.gpkg", 4326, "EPSG", gpkgPoint(1, 2, 4326), gpkgPoint(Double.NaN, 4, 4326));
        Path out = tmp.resolve("nan.nt");
        TriplifyException e = assertThrows(TriplifyException.class, () -> new Triplifier(TriplifyOptions.defaults()).triplify(gpkg, out));
        assertTrue(e.getMessage().contains("table stations, row 2 (id 1): the point's coordinates are NaN, which is not a finite number"),
                e.getMessage());
        assertFalse(Files.exists(out));
    }
}
