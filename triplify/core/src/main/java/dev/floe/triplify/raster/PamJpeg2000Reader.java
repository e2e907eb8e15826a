package dev.floe.triplify.raster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.floe.geo.Crs84;
import dev.floe.geo.GdalPam;
import dev.floe.triplify.TriplifyException;

/**
 * Reads the metadata of a JPEG 2000 raster georeferenced by a GDAL PAM sidecar ({@code FILE.aux.xml}), as Sentinel-2
 * band files often are (some carry a {@code .tif} name): size and component bit depths from the codestream's SIZ
 * marker (or a JP2 file's ihdr box), the CRS (WKT), geotransform and no-data values from the sidecar.
 *
 * <p>Why a reader of our own: Apache SIS reads GeoTIFF but not JPEG 2000, and only these two headers are needed (no
 * pixel is decoded); {@link GdalPam} reads the sidecar.
 */
final class PamJpeg2000Reader {

    private PamJpeg2000Reader() {
    }

    /** Whether the file starts like a JPEG 2000 codestream or JP2 file. */
    static boolean isJpeg2000(byte[] head) {
        return head.length >= 4 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0x4F && (head[2] & 0xff) == 0xFF
                && (head[3] & 0xff) == 0x51
                || head.length >= 12 && head[4] == 'j' && head[5] == 'P' && head[6] == ' ' && head[7] == ' ';
    }

    static RasterInfo read(Path file) {
        Path aux = GdalPam.sidecarOf(file);
        if (!Files.isRegularFile(aux)) {
            throw new TriplifyException(file, null, "a JPEG 2000 raster without georeferencing: no " + aux.getFileName()
                    + " (GDAL PAM) beside it");
        }
        int[] size;
        List<String> types;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(1 << 16);
            ByteBuffer b = ByteBuffer.wrap(head);
            types = new ArrayList<>();
            size = (head[0] & 0xff) == 0xFF ? siz(file, b, 0, types) : jp2(file, b, types);
        } catch (IOException e) {
            throw new TriplifyException(file, null, "cannot read: " + e.getMessage(), e);
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new TriplifyException(file, null, "truncated JPEG 2000 header", e);
        }
        GdalPam pam;
        try {
            pam = GdalPam.read(aux);
        } catch (IOException e) {
            throw new TriplifyException(file, null, e.getMessage(), e);
        }
        String wkt = pam.srs();
        double[] g = pam.geoTransform();
        if (wkt == null || g == null) {
            throw new TriplifyException(aux, null, "no <SRS> and <GeoTransform>: the raster is not georeferenced");
        }
        Map<Integer, Double> noData = pam.noData();
        Crs84 toCrs84;
        try {
            toCrs84 = Crs84.forWkt(wkt, aux.getFileName().toString());
        } catch (IllegalArgumentException e) {
            throw new TriplifyException(aux, null, e.getMessage(), e);
        }
        Integer epsg = null;
        String name = wkt;
        try {
            org.opengis.referencing.crs.CoordinateReferenceSystem crs = (org.opengis.referencing.crs.CoordinateReferenceSystem)
                    new org.apache.sis.io.wkt.WKTFormat(null, null).parseObject(wkt.trim());
            name = crs.getName().getCode();
            epsg = org.apache.sis.referencing.IdentifiedObjects.lookupEPSG(crs);
        } catch (Exception e) {
            // the name and code are for people; the transform above is what matters
        }
        List<RasterInfo.Band> bands = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            bands.add(new RasterInfo.Band(i + 1, types.get(i), noData.get(i + 1)));
        }
        return new RasterInfo(size[0], size[1], bands, epsg, name, g, toCrs84);
    }

    /** The SIZ marker segment at {@code at}: image size and one data type per component. */
    private static int[] siz(Path file, ByteBuffer b, int at, List<String> types) {
        if (b.getShort(at) != (short) 0xFF4F || b.getShort(at + 2) != (short) 0xFF51) {
            throw new TriplifyException(file, null, "not a JPEG 2000 codestream (no SOC and SIZ markers)");
        }
        int p = at + 4 + 2 + 2; // Lsiz, Rsiz
        long xsiz = Integer.toUnsignedLong(b.getInt(p));
        long ysiz = Integer.toUnsignedLong(b.getInt(p + 4));
        long xo = Integer.toUnsignedLong(b.getInt(p + 8));
        long yo = Integer.toUnsignedLong(b.getInt(p + 12));
        int components = Short.toUnsignedInt(b.getShort(p + 32));
        for (int c = 0; c < components; c++) {
            int ssiz = b.get(p + 34 + 3 * c) & 0xff;
            types.add(type((ssiz & 0x7f) + 1, (ssiz & 0x80) != 0));
        }
        return new int[] {Math.toIntExact(xsiz - xo), Math.toIntExact(ysiz - yo)};
    }

    /** A JP2 file: the codestream box's SIZ (the ihdr box says the same). */
    private static int[] jp2(Path file, ByteBuffer b, List<String> types) {
        int p = 0;
        while (p + 8 <= b.limit()) {
            long length = Integer.toUnsignedLong(b.getInt(p));
            int type = b.getInt(p + 4);
            if (type == 0x6A703263) { // 'jp2c'
                return siz(file, b, p + 8, types);
            }
            if (length == 0 || length == 1) {
                break;
            }
            p += (int) length;
        }
        throw new TriplifyException(file, null, "no codestream box in the first 64 KiB of this JP2 file");
    }

    private static String type(int bits, boolean signed) {
        if (bits <= 8) {
            return signed ? "Int8" : "Byte";
        }
        if (bits <= 16) {
            return signed ? "Int16" : "UInt16";
        }
        return signed ? "Int32" : "UInt32";
    }
}
