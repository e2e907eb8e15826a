package dev.floe.geo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * What a GDAL PAM sidecar ({@code RASTER.aux.xml}) says about its raster: the CRS as WKT, the affine geotransform and
 * each band's no-data value. GDAL writes one beside a raster whose own format cannot carry that, as the JPEG 2000
 * band files of Sentinel-2 products often are; triplify reads it for a raster's metadata and {@code floe s2 patches}
 * for the grid the patches are cut from.
 *
 * <p>Read with the JDK's DOM parser, with DOCTYPEs (so external entities) refused. Either of {@code srs} and
 * {@code geoTransform} is null when the sidecar has none (a PAM file may hold statistics only). Immutable in intent.
 *
 * @param srs the {@code <SRS>} text (WKT), trimmed, or null
 * @param geoTransform the six {@code <GeoTransform>} numbers (origin x, pixel width, row rotation, origin y, column
 *        rotation, pixel height), or null
 * @param noData the {@code <NoDataValue>} of each {@code <PAMRasterBand>} that has one, by band number (from 1)
 */
public record GdalPam(String srs, double[] geoTransform, Map<Integer, Double> noData) {

    /** The top-level authority code at the end of a WKT 1 ({@code AUTHORITY["EPSG","32633"]]}) or WKT 2 CRS. */
    private static final Pattern TOP_LEVEL_EPSG =
            Pattern.compile("(?:AUTHORITY\\[\\s*\"EPSG\"\\s*,\\s*\"(\\d+)\"\\s*\\]|ID\\[\\s*\"EPSG\"\\s*,\\s*(\\d+)\\s*\\])\\s*\\]\\s*$");

    /** The sidecar GDAL looks for beside {@code raster}: the raster's file name followed by {@code .aux.xml}. */
    public static Path sidecarOf(Path raster) {
        return raster.resolveSibling(raster.getFileName() + ".aux.xml");
    }

    /**
     * Reads a sidecar. A file that cannot be read, is not a {@code <PAMDataset>}, has a {@code <GeoTransform>} of
     * other than six numbers or a {@code <NoDataValue>} that is no number fails with an {@link IOException} whose
     * message names the file (and the band).
     */
    public static GdalPam read(Path auxXml) throws IOException {
        Element root = parse(auxXml);
        if (!"PAMDataset".equals(root.getTagName())) {
            throw new IOException(auxXml + ": not a GDAL PAM file (root element <" + root.getTagName() + ">, not <PAMDataset>)");
        }
        String srs = text(child(root, "SRS"));
        String transform = text(child(root, "GeoTransform"));
        double[] geoTransform = null;
        if (transform != null) {
            String[] parts = transform.split("\\s*,\\s*");
            if (parts.length != 6) {
                throw new IOException(auxXml + ": <GeoTransform> needs 6 numbers, found " + parts.length);
            }
            geoTransform = new double[6];
            for (int i = 0; i < 6; i++) {
                try {
                    geoTransform[i] = Double.parseDouble(parts[i]);
                } catch (NumberFormatException e) {
                    throw new IOException(auxXml + ": <GeoTransform> is not 6 numbers: " + transform);
                }
            }
        }
        Map<Integer, Double> noData = new TreeMap<>();
        for (Element band : children(root, "PAMRasterBand")) {
            String value = text(child(band, "NoDataValue"));
            if (value == null) {
                continue;
            }
            int number;
            try {
                number = Integer.parseInt(band.getAttribute("band").strip());
            } catch (NumberFormatException e) {
                throw new IOException(auxXml + ": <PAMRasterBand band=\"" + band.getAttribute("band") + "\"> has no band number");
            }
            try {
                noData.put(number, number(value));
            } catch (NumberFormatException e) {
                throw new IOException(auxXml + ": band " + number + ": not a number: <NoDataValue>" + value + "</NoDataValue>");
            }
        }
        return new GdalPam(srs, geoTransform, Map.copyOf(noData));
    }

    /** The EPSG code of the CRS, when its WKT ends with one (GDAL writes it as the outermost authority). */
    public OptionalInt epsg() {
        if (srs == null) {
            return OptionalInt.empty();
        }
        Matcher m = TOP_LEVEL_EPSG.matcher(srs);
        if (!m.find()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2)));
    }

    /** GDAL prints special values as C does ({@code nan}, {@code inf}, {@code -inf}); Java spells them otherwise. */
    private static double number(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "nan", "-nan" -> Double.NaN;
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static Element parse(Path auxXml) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler() {
                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e; // the default handler prints [Fatal Error] lines to stderr as well
                }
            });
            try (java.io.InputStream in = Files.newInputStream(auxXml)) {
                return builder.parse(in).getDocumentElement();
            }
        } catch (SAXException e) {
            throw new IOException(auxXml + ": not a readable GDAL PAM file: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser refuses a standard feature", e);
        } catch (IOException e) {
            throw new IOException(auxXml + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && tag.equals(e.getTagName())) {
                found.add(e);
            }
        }
        return found;
    }

    private static Element child(Element parent, String tag) {
        List<Element> found = children(parent, tag);
        return found.isEmpty() ? null : found.get(0);
    }

    private static String text(Element element) {
        return element == null ? null : element.getTextContent().strip();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GdalPam other && java.util.Objects.equals(srs, other.srs)
                && Arrays.equals(geoTransform, other.geoTransform) && noData.equals(other.noData);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(srs, Arrays.hashCode(geoTransform), noData);
    }

    @Override
    public String toString() {
        return "GdalPam[srs=" + srs + ", geoTransform=" + Arrays.toString(geoTransform) + ", noData=" + noData + "]";
    }
}
