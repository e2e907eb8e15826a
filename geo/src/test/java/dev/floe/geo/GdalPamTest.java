package dev.floe.geo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GdalPamTest {

    @TempDir
    Path dir;

    /** The UTM 33N WKT GDAL wrote into the mapchete-eo Sentinel-2 sidecars. */
    private static final String UTM33N = "PROJCS[\"WGS 84 / UTM zone 33N\",GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\","
            + "6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,"
            + "AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],"
            + "AUTHORITY[\"EPSG\",\"4326\"]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0],"
            + "PARAMETER[\"central_meridian\",15],PARAMETER[\"scale_factor\",0.9996],PARAMETER[\"false_easting\",500000],"
            + "PARAMETER[\"false_northing\",0],UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]],AXIS[\"Easting\",EAST],"
            + "AXIS[\"Northing\",NORTH],AUTHORITY[\"EPSG\",\"32633\"]]";

    private Path sidecar(String xml) throws IOException {
        Path raster = dir.resolve("SCL.tif");
        Path aux = GdalPam.sidecarOf(raster);
        Files.writeString(aux, xml);
        return aux;
    }

    @Test
    void theSidecarIsTheRasterNameWithAuxXml() {
        assertEquals(Path.of("/data/S2A/B02.tif.aux.xml"), GdalPam.sidecarOf(Path.of("/data/S2A/B02.tif")));
    }

    @Test
    void readsTheCrsTheGeotransformAndTheBandsNoData() throws IOException {
        Path aux = sidecar("<PAMDataset>\n"
                + "  <SRS dataAxisToSRSAxisMapping=\"1,2\">" + UTM33N + "</SRS>\n"
                + "  <GeoTransform>  4.9998000000000000e+05,  1.2000000000000000e+02,  0.0000000000000000e+00,"
                + "  5.2000200000000000e+06,  0.0000000000000000e+00, -1.2000000000000000e+02</GeoTransform>\n"
                + "  <PAMRasterBand band=\"1\">\n"
                + "    <NoDataValue>0.00000000000000E+00</NoDataValue>\n"
                + "    <Metadata domain=\"IMAGE_STRUCTURE\"><MDI key=\"COMPRESSION\">JPEG2000</MDI></Metadata>\n"
                + "  </PAMRasterBand>\n"
                + "  <PAMRasterBand band=\"2\"><Description>no no-data</Description></PAMRasterBand>\n"
                + "  <PAMRasterBand band=\"3\"><NoDataValue>nan</NoDataValue></PAMRasterBand>\n"
                + "</PAMDataset>\n");
        GdalPam pam = GdalPam.read(aux);
        assertEquals(UTM33N, pam.srs());
        assertArrayEquals(new double[] {499980, 120, 0, 5200020, 0, -120}, pam.geoTransform());
        assertEquals(Map.of(1, 0.0, 3, Double.NaN), pam.noData());
        assertEquals(OptionalInt.of(32633), pam.epsg());
    }

    @Test
    void aSidecarWithStatisticsOnlyHasNoCrsAndNoGeotransform() throws IOException {
        GdalPam pam = GdalPam.read(sidecar("<PAMDataset><PAMRasterBand band=\"1\"><Metadata><MDI key=\"STATISTICS_MEAN\">4.2</MDI>"
                + "</Metadata></PAMRasterBand></PAMDataset>"));
        assertNull(pam.srs());
        assertNull(pam.geoTransform());
        assertEquals(Map.of(), pam.noData());
        assertEquals(OptionalInt.empty(), pam.epsg());
    }

    @Test
    void theEpsgCodeIsTheOutermostAuthorityOfWkt1OrWkt2() throws IOException {
        assertEquals(OptionalInt.of(4326), new GdalPam("GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,"
                + "AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],AUTHORITY[\"EPSG\",\"4326\"]]", null, Map.of()).epsg());
        assertEquals(OptionalInt.of(32633), new GdalPam("PROJCRS[\"WGS 84 / UTM zone 33N\",BASEGEOGCRS[\"WGS 84\",ID[\"EPSG\",4326]],"
                + "ID[\"EPSG\",32633]]", null, Map.of()).epsg());
        assertEquals(OptionalInt.empty(), new GdalPam("LOCAL_CS[\"arbitrary\",AUTHORITY[\"EPSG\",\"9001\"],UNIT[\"metre\",1]]",
                null, Map.of()).epsg());
    }

    @Test
    void aGeotransformOfFiveNumbersFailsNamingTheFile() throws IOException {
        Path aux = sidecar("<PAMDataset><GeoTransform>1, 2, 3, 4, 5</GeoTransform></PAMDataset>");
        IOException e = assertThrows(IOException.class, () -> GdalPam.read(aux));
        assertEquals(aux + ": <GeoTransform> needs 6 numbers, found 5", e.getMessage());
    }

    @Test
    void aNoDataValueThatIsNoNumberFailsNamingTheBand() throws IOException {
        Path aux = sidecar("<PAMDataset><PAMRasterBand band=\"2\"><NoDataValue>none</NoDataValue></PAMRasterBand></PAMDataset>");
        IOException e = assertThrows(IOException.class, () -> GdalPam.read(aux));
        assertEquals(aux + ": band 2: not a number: <NoDataValue>none</NoDataValue>", e.getMessage());
    }

    @Test
    void anotherXmlDocumentIsNoPamFile() throws IOException {
        Path aux = sidecar("<Metadata><SRS>EPSG:4326</SRS></Metadata>");
        IOException e = assertThrows(IOException.class, () -> GdalPam.read(aux));
        assertEquals(aux + ": not a GDAL PAM file (root element <Metadata>, not <PAMDataset>)", e.getMessage());
    }

    @Test
    void anExternalEntityIsRefusedAndNotRead() throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "PROJCS[\"leaked\"]");
        Path aux = sidecar("<?xml version=\"1.0\"?>\n<!DOCTYPE PAMDataset [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<PAMDataset><SRS>&x;</SRS></PAMDataset>");
        IOException e = assertThrows(IOException.class, () -> GdalPam.read(aux));
        assertTrue(e.getMessage().startsWith(aux + ": not a readable GDAL PAM file: "), e.getMessage());
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void aMissingSidecarFailsNamingIt() {
        Path aux = dir.resolve("B99.tif.aux.xml");
        IOException e = assertThrows(IOException.class, () -> GdalPam.read(aux));
        assertEquals(aux + ": cannot read: " + aux, e.getMessage());
    }
}
