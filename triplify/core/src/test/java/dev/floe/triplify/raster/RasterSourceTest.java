package dev.floe.triplify.raster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.RDFDataMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKTReader;

import dev.floe.ontology.Floe;
import dev.floe.ontology.FloeOntology;
import dev.floe.ontology.GeoSparql;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyException;
import dev.floe.triplify.TriplifyOptions;

/**
 * Raster metadata: real Sentinel-2 L2A bands of the mapchete catalog (JPEG 2000 with GDAL PAM georeferencing, UTM 33N)
 * and small GeoTIFFs in EPSG:3031 read with Apache SIS; footprints checked against independent projection formulas.
 */
class RasterSourceTest {

    static final Path SHARED_S2 = Path.of("..", "..", "..", "shared", "data", "stac", "mapchete-eo-s2-l2a", "sentinel-2-l2a");

    @TempDir
    Path tmp;

    static Path resource(String name) {
        try {
            return Path.of(RasterSourceTest.class.getResource("/dev/floe/triplify/raster/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    Model triplify(Path raster) {
        Path out = tmp.resolve("out-" + System.nanoTime() + ".nt");
        new Triplifier(TriplifyOptions.defaults()).triplify(raster, out);
        return RDFDataMgr.loadModel(out.toString());
    }

    /** Asserts the footprint's corners (every POINTS_PER_EDGE-th vertex) are the given projected corners, inverse-projected. */
    static void assertCorners(Geometry footprint, double[][] expectedLonLat, double tolerance) {
        Coordinate[] cs = footprint.getCoordinates();
        assertEquals(4 * RasterInfo.POINTS_PER_EDGE + 1, cs.length);
        for (double[] e : expectedLonLat) {
            boolean found = false;
            for (int i = 0; i < cs.length - 1; i += RasterInfo.POINTS_PER_EDGE) {
                found |= Math.abs(cs[i].x - e[0]) < tolerance && Math.abs(cs[i].y - e[1]) < tolerance;
            }
            assertTrue(found, () -> "corner " + e[0] + " " + e[1] + " not in " + footprint);
        }
    }

    @Test
    void independentFormulasReproduceKnownPoints() {
        double[] cm = IndependentProjections.utmNorthToLonLat(33, 500000, 5100000);
        assertEquals(15.0, cm[0], 1e-12);
        assertEquals(46.0535744, cm[1], 1e-7); // meridian arc, as the CSV and GeoPackage tests have it
        double[] polar = IndependentProjections.antarcticPolarStereographicToLonLat(0, 1_000_000);
        assertEquals(0.0, polar[0], 1e-12);
        assertEquals(-80.8152653, polar[1], 1e-7);
    }

    @Test
    void sentinel2SceneClassificationBandIsDescribedWithItsUtmFootprint() throws Exception {
        Model m = triplify(resource("S2A_33TWM_20230815_0_L2A/SCL.tif"));
        Resource scl = m.getResource(Floe.DATA + "S2A_33TWM_20230815_0_L2A/SCL.tif");
        assertTrue(m.contains(scl, org.apache.jena.vocabulary.RDF.type, Floe.RasterFile));
        assertEquals(915, scl.getProperty(Floe.columns).getInt());
        assertEquals(915, scl.getProperty(Floe.rows).getInt());
        assertEquals(1, scl.getProperty(Floe.bandCount).getInt());
        assertEquals(120.0, scl.getProperty(Floe.resolutionX).getDouble(), 0.0);
        assertEquals(120.0, scl.getProperty(Floe.resolutionY).getDouble(), 0.0);
        assertEquals(32633, scl.getProperty(Floe.epsg).getInt());
        assertEquals("http://www.opengis.net/def/crs/EPSG/0/32633", scl.getPropertyResourceValue(Floe.crs).getURI());
        assertEquals("WGS 84 / UTM zone 33N", scl.getProperty(Floe.crsName).getString());
        Resource band = scl.getPropertyResourceValue(Floe.rasterBand);
        assertEquals(1, band.getProperty(Floe.bandIndex).getInt());
        assertEquals("Byte", band.getProperty(Floe.dataType).getString());
        assertEquals(0.0, band.getProperty(Floe.noDataValue).getDouble(), 0.0);
        Geometry footprint = new WKTReader().read(scl.getPropertyResourceValue(Floe.footprint)
                .getProperty(m.createProperty(GeoSparql.asWKT.getURI())).getString());
        // 915 pixels of 120 m from (499980, 5200020): the whole 109.8 km tile 33TWM
        assertCorners(footprint, new double[][] {
            IndependentProjections.utmNorthToLonLat(33, 499980, 5200020),
            IndependentProjections.utmNorthToLonLat(33, 609780, 5200020),
            IndependentProjections.utmNorthToLonLat(33, 609780, 5090220),
            IndependentProjections.utmNorthToLonLat(33, 499980, 5090220)}, 1e-9);
        assertTrue(FloeOntology.load().validate(m.getGraph()).conforms(), "rasters conform to the shapes");
    }

    @Test
    void everyBandOfTheRealCatalogHasTheFootprintOfItsTile() throws IOException {
        assumeTrue(Files.isDirectory(SHARED_S2), "the full catalog is only in ../shared");
        List<Path> rasters;
        try (Stream<Path> files = Files.walk(SHARED_S2)) {
            rasters = files.filter(p -> p.getFileName().toString().endsWith(".tif")).sorted().toList();
        }
        assertEquals(50, rasters.size(), "10 items x B02, B03, B04, B08, SCL");
        for (Path r : rasters) {
            RasterInfo info = RasterSource.info(r);
            assertEquals(915, info.columns());
            assertEquals(r.getFileName().toString().equals("SCL.tif") ? "Byte" : "UInt16", info.bands().get(0).dataType(), r::toString);
            double top = r.toString().contains("33TWM") ? 5200020 : 5100000;
            assertCorners(info.footprint(new GeometryFactory()), new double[][] {
                IndependentProjections.utmNorthToLonLat(33, 499980, top),
                IndependentProjections.utmNorthToLonLat(33, 609780, top - 109800)}, 1e-9);
        }
    }

    @Test
    void antarcticGeoTiffIsReadWithApacheSisAndItsFootprintTransformed() throws Exception {
        // 4 x 3 pixels of 25 km on the Ross Ice Shelf side, upper-left corner at (100 km, -1000 km)
        Path tif = TinyGeoTiff.write(tmp.resolve("ross.tif"), 4, 3, 2, 3031, 25000, 100000, -1000000, "7");
        Model m = triplify(tif);
        Resource r = m.getResource(Floe.DATA + tmp.getFileName() + "/ross.tif");
        assertEquals(4, r.getProperty(Floe.columns).getInt());
        assertEquals(3, r.getProperty(Floe.rows).getInt());
        assertEquals(2, r.getProperty(Floe.bandCount).getInt());
        assertEquals(3031, r.getProperty(Floe.epsg).getInt());
        assertEquals(25000.0, r.getProperty(Floe.resolutionX).getDouble(), 0.0);
        Resource band2 = m.getResource(r.getURI() + "/band/2");
        assertEquals("UInt16", band2.getProperty(Floe.dataType).getString());
        assertEquals(7.0, band2.getProperty(Floe.noDataValue).getDouble(), 0.0);
        Geometry footprint = new WKTReader().read(r.getPropertyResourceValue(Floe.footprint)
                .getProperty(m.createProperty(GeoSparql.asWKT.getURI())).getString());
        assertCorners(footprint, new double[][] {
            IndependentProjections.antarcticPolarStereographicToLonLat(100000, -1000000),
            IndependentProjections.antarcticPolarStereographicToLonLat(200000, -1000000),
            IndependentProjections.antarcticPolarStereographicToLonLat(200000, -1075000),
            IndependentProjections.antarcticPolarStereographicToLonLat(100000, -1075000)}, 1e-9);
        assertTrue(FloeOntology.load().validate(m.getGraph()).conforms());
    }

    @Test
    void aRasterAroundThePoleIsRefusedWithTheReason() throws IOException {
        Path tif = TinyGeoTiff.write(tmp.resolve("pole.tif"), 4, 4, 1, 3031, 1000, -2000, 2000, null);
        TriplifyException e = assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults()).triplify(tif, tmp.resolve("x.nt")));
        assertTrue(e.getMessage().contains("crosses the antimeridian or contains a pole"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("x.nt")));
    }

    @Test
    void unreadableRastersAreNamedWithTheProblem() throws IOException {
        Path noAux = tmp.resolve("B99.tif");
        Files.copy(resource("S2A_33TWM_20230815_0_L2A/SCL.tif"), noAux);
        TriplifyException e = assertThrows(TriplifyException.class, () -> RasterSource.info(noAux));
        assertEquals(noAux + ": a JPEG 2000 raster without georeferencing: no B99.tif.aux.xml (GDAL PAM) beside it", e.getMessage());
        Path junk = tmp.resolve("junk.tif");
        Files.writeString(junk, "not an image at all");
        e = assertThrows(TriplifyException.class, () -> RasterSource.info(junk));
        assertEquals(junk + ": neither a TIFF nor a JPEG 2000 file", e.getMessage());
    }

    /** The first IFD of a TinyGeoTiff: entry count at 8, entries from 10, next-IFD offset after them. */
    static java.nio.ByteBuffer le(byte[] b) {
        return java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void truncatedLoopingAndHugeTiffsAreRefusedInOneLine() throws IOException {
        byte[] ok = Files.readAllBytes(TinyGeoTiff.write(tmp.resolve("ok.tif"), 4, 3, 1, 3031, 1000, 0, 0, null));
        int entries = le(ok).getShort(8);
        Path truncated = tmp.resolve("truncated.tif");
        Files.write(truncated, java.util.Arrays.copyOf(ok, 40));
        TriplifyException e = assertThrows(TriplifyException.class, () -> RasterSource.info(truncated));
        assertTrue(e.getMessage().startsWith(truncated + ": truncated or corrupt TIFF: "), e.getMessage());
        byte[] looping = ok.clone();
        le(looping).putInt(10 + entries * 12, 8); // the next image directory is this one again
        Path loop = tmp.resolve("loop.tif");
        Files.write(loop, looping);
        e = assertThrows(TriplifyException.class, () -> RasterSource.info(loop));
        assertTrue(e.getMessage().startsWith(loop + ": not a readable GeoTIFF: "), e.getMessage());
        assertTrue(e.getMessage().contains("circular"), e.getMessage());
        byte[] huge = ok.clone();
        for (int i = 0; i < entries; i++) {
            int at = 10 + i * 12;
            int tag = le(huge).getShort(at) & 0xffff;
            if (tag == 256 || tag == 257) { // ImageWidth, ImageLength: 2^31 as LONG
                le(huge).putShort(at + 2, (short) 4).putInt(at + 4, 1).putInt(at + 8, 1 << 31);
            }
        }
        Path big = tmp.resolve("big.tif");
        Files.write(big, huge);
        e = assertThrows(TriplifyException.class, () -> RasterSource.info(big));
        assertEquals(big + ": truncated or corrupt TIFF: image width 2147483648 is not in 1 to 2147483647", e.getMessage());
        byte[] zeroWidth = ok.clone();
        for (int i = 0; i < entries; i++) {
            if ((le(zeroWidth).getShort(10 + i * 12) & 0xffff) == 256) {
                le(zeroWidth).putShort(10 + i * 12 + 8, (short) 0);
            }
        }
        Path zero = tmp.resolve("zero.tif");
        Files.write(zero, zeroWidth);
        e = assertThrows(TriplifyException.class, () -> RasterSource.info(zero));
        assertEquals(zero + ": truncated or corrupt TIFF: image width 0 is not in 1 to 2147483647", e.getMessage());
    }

    @Test
    void randomlyCorruptedGeoTiffsEndInATriplifyExceptionOrSucceed() throws IOException {
        byte[] ok = Files.readAllBytes(TinyGeoTiff.write(tmp.resolve("fuzz.tif"), 4, 3, 1, 3031, 1000, 0, 0, "0"));
        java.util.Random random = new java.util.Random(42);
        for (int k = 0; k < 150; k++) {
            byte[] bytes = ok.clone();
            for (int j = 0; j < 1 + k % 8; j++) {
                bytes[4 + random.nextInt(bytes.length - 4)] = (byte) random.nextInt();
            }
            Path file = tmp.resolve("fuzz" + k + ".tif");
            Files.write(file, bytes);
            try {
                RasterSource.info(file);
            } catch (TriplifyException e) {
                assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            } catch (Throwable t) {
                throw new AssertionError("mutation " + k + ": " + t, t);
            }
        }
    }
}
