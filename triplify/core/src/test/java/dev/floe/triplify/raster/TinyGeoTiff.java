package dev.floe.triplify.raster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small uncompressed single-strip GeoTIFFs for tests (little-endian classic TIFF, 16-bit unsigned pixels): a
 * projected EPSG CRS, a pixel size and the tie point of the upper-left corner, optionally a GDAL no-data value.
 */
final class TinyGeoTiff {

    private TinyGeoTiff() {
    }

    private record Tag(int code, int type, int count, byte[] value) {
    }

    static Path write(Path file, int columns, int rows, int bands, int epsg, double pixel, double upperLeftX, double upperLeftY,
                      String noData) throws IOException {
        List<Tag> tags = new ArrayList<>();
        tags.add(shorts(256, columns));
        tags.add(shorts(257, rows));
        int[] bits = new int[bands];
        java.util.Arrays.fill(bits, 16);
        tags.add(shorts(258, bits));
        tags.add(shorts(259, 1));
        tags.add(shorts(262, 1));
        int pixelBytes = columns * rows * bands * 2;
        tags.add(longs(273, 0)); // strip offset, patched below
        tags.add(shorts(277, bands));
        tags.add(shorts(278, rows));
        tags.add(longs(279, pixelBytes));
        tags.add(shorts(284, 1));
        int[] formats = new int[bands];
        java.util.Arrays.fill(formats, 1);
        tags.add(shorts(339, formats));
        tags.add(doubles(33550, pixel, pixel, 0));
        tags.add(doubles(33922, 0, 0, 0, upperLeftX, upperLeftY, 0));
        // GeoKeyDirectory: version 1.1.0, 3 keys: model type projected, raster type pixel-is-area, projected CRS code
        tags.add(shorts(34735, 1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, epsg));
        if (noData != null) {
            byte[] text = (noData + "\0").getBytes(StandardCharsets.US_ASCII);
            tags.add(new Tag(42113, 2, text.length, text));
        }
        int ifdSize = 2 + tags.size() * 12 + 4;
        int dataStart = 8 + ifdSize;
        int extra = 0;
        for (Tag t : tags) {
            if (t.value().length > 4) {
                extra += t.value().length + (t.value().length & 1);
            }
        }
        int pixelsAt = dataStart + extra;
        ByteBuffer b = ByteBuffer.allocate(pixelsAt + pixelBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        b.putShort((short) tags.size());
        int next = dataStart;
        for (Tag t : tags) {
            byte[] v = t.code() == 273 ? ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(pixelsAt).array() : t.value();
            b.putShort((short) t.code()).putShort((short) t.type()).putInt(t.count());
            if (v.length <= 4) {
                byte[] padded = java.util.Arrays.copyOf(v, 4);
                b.put(padded);
            } else {
                b.putInt(next);
                int here = b.position();
                b.position(next);
                b.put(v);
                next += v.length + (v.length & 1);
                b.position(here);
            }
        }
        b.putInt(0);
        b.position(pixelsAt);
        for (int i = 0; i < columns * rows * bands; i++) {
            b.putShort((short) (i % 50));
        }
        Files.write(file, b.array());
        return file;
    }

    private static Tag shorts(int code, int... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putShort((short) x);
        }
        return new Tag(code, 3, v.length, b.array());
    }

    private static Tag longs(int code, int... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putInt(x);
        }
        return new Tag(code, 4, v.length, b.array());
    }

    private static Tag doubles(int code, double... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        return new Tag(code, 12, v.length, b.array());
    }
}
