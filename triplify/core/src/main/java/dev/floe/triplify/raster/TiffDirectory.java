package dev.floe.triplify.raster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.floe.triplify.TriplifyException;

/**
 * The first image file directory (IFD) of a TIFF or BigTIFF, checked before Apache SIS reads the file: the directory and
 * every tag value it points to must lie inside the file, the image's width and height must be 1 to 2^31 - 1, and its
 * strips or tiles must end inside the file. SIS trusts these numbers, so a truncated or hostile header would otherwise
 * surface as an internal exception, or as an allocation of gigabytes. Also gives the pixel data type, so that no pixel
 * has to be read. Reads only the header and the directory's tag values; not thread-safe, one per file.
 *
 * @param width    the image width in pixels
 * @param height   the image height in pixels
 * @param dataType the sample type in GDAL's words (Byte, UInt16, Int16, UInt32, Int32, Float32, Float64)
 */
record TiffDirectory(long width, long height, String dataType) {

    /** The most strip or tile offsets checked against the file size (more are left to SIS). */
    private static final long MAX_CHECKED_CHUNKS = 1 << 20;

    /** Reads and checks the first directory; fails naming the file and what is wrong. */
    static TiffDirectory read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new Reader(file, ch).read();
        } catch (IOException e) {
            throw new TriplifyException(file, null, "cannot read: " + e.getMessage(), e);
        }
    }

    private static final class Reader {
        private final Path file;
        private final FileChannel ch;
        private final long size;
        private ByteOrder order;
        private boolean big;

        Reader(Path file, FileChannel ch) throws IOException {
            this.file = file;
            this.ch = ch;
            this.size = ch.size();
        }

        TiffDirectory read() throws IOException {
            ByteBuffer head = bytes(0, Math.min(16, size));
            order = head.get(0) == 'M' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            head.order(order);
            big = head.limit() >= 4 && head.getShort(2) == 43;
            long ifd = big ? (head.limit() >= 16 ? head.getLong(8) : -1) : (head.limit() >= 8 ? head.getInt(4) & 0xffffffffL : -1);
            if (ifd < (big ? 16 : 8) || ifd >= size) {
                throw corrupt("the first image directory's offset " + ifd + " is not inside the file (" + size + " bytes)");
            }
            int countBytes = big ? 8 : 2;
            int entryBytes = big ? 20 : 12;
            ByteBuffer countBuffer = bytes(ifd, countBytes);
            long entries = big ? countBuffer.getLong(0) : countBuffer.getShort(0) & 0xffff;
            if (entries < 1 || entries > 0xffff || ifd + countBytes + entries * entryBytes > size) {
                throw corrupt("the image directory at " + ifd + " claims " + entries + " tags, more than the file holds");
            }
            ByteBuffer dir = bytes(ifd + countBytes, entries * entryBytes);
            long width = -1;
            long height = -1;
            long bits = 1;
            long format = 1;
            long[] offsets = null;
            long[] counts = null;
            for (int i = 0; i < entries; i++) {
                int at = i * entryBytes;
                int tag = dir.getShort(at) & 0xffff;
                int type = dir.getShort(at + 2) & 0xffff;
                long count = big ? dir.getLong(at + 4) : dir.getInt(at + 4) & 0xffffffffL;
                int typeBytes = typeBytes(type);
                if (typeBytes == 0) {
                    continue; // unknown type: SIS skips the tag too
                }
                if (count < 0 || count > size / typeBytes + 8) {
                    throw corrupt("tag " + tag + " claims " + count + " values, more than the file holds");
                }
                long length = count * typeBytes;
                int inline = big ? 8 : 4;
                long valueAt = length <= inline ? -1 : big ? dir.getLong(at + 12) : dir.getInt(at + 8) & 0xffffffffL;
                if (valueAt >= 0 && (valueAt + length > size || valueAt + length < 0)) {
                    throw corrupt("tag " + tag + "'s " + length + " bytes at offset " + valueAt + " run past the end of the file ("
                            + size + " bytes)");
                }
                switch (tag) {
                    case 256 -> width = first(dir, at, type, count, valueAt);
                    case 257 -> height = first(dir, at, type, count, valueAt);
                    case 258 -> bits = first(dir, at, type, count, valueAt);
                    case 339 -> format = first(dir, at, type, count, valueAt);
                    case 273, 324 -> offsets = count <= MAX_CHECKED_CHUNKS ? values(dir, at, type, count, valueAt) : null;
                    case 279, 325 -> counts = count <= MAX_CHECKED_CHUNKS ? values(dir, at, type, count, valueAt) : null;
                    default -> { }
                }
            }
            checkDimension("width", width);
            checkDimension("height", height);
            if (offsets != null && counts != null) {
                for (int i = 0; i < Math.min(offsets.length, counts.length); i++) {
                    if (offsets[i] < 0 || counts[i] < 0 || offsets[i] + counts[i] > size) {
                        throw corrupt("pixel block " + i + " (" + counts[i] + " bytes at offset " + offsets[i]
                                + ") runs past the end of the file (" + size + " bytes)");
                    }
                }
            }
            return new TiffDirectory(width, height, dataType(bits, format));
        }

        private void checkDimension(String name, long value) {
            if (value == -1) {
                return; // missing: SIS names the missing tag
            }
            if (value < 1 || value > Integer.MAX_VALUE) {
                throw corrupt("image " + name + " " + value + " is not in 1 to " + Integer.MAX_VALUE);
            }
        }

        private long first(ByteBuffer dir, int at, int type, long count, long valueAt) throws IOException {
            return count == 0 ? -1 : values(dir, at, type, 1, valueAt)[0];
        }

        /** The tag's values as unsigned integers (floating-point types read as 0). */
        private long[] values(ByteBuffer dir, int at, int type, long count, long valueAt) throws IOException {
            int typeBytes = typeBytes(type);
            ByteBuffer b = valueAt < 0 ? dir.duplicate().order(order).position(at + (big ? 12 : 8)).slice().order(order)
                    : bytes(valueAt, count * typeBytes);
            long[] out = new long[(int) count];
            for (int i = 0; i < out.length; i++) {
                int p = i * typeBytes;
                out[i] = switch (type) {
                    case 1, 7 -> b.get(p) & 0xff;
                    case 3 -> b.getShort(p) & 0xffff;
                    case 4, 13 -> b.getInt(p) & 0xffffffffL;
                    case 16 -> b.getLong(p);
                    case 6 -> b.get(p);
                    case 8 -> b.getShort(p);
                    case 9 -> b.getInt(p);
                    case 17 -> b.getLong(p);
                    default -> 0;
                };
            }
            return out;
        }

        private ByteBuffer bytes(long at, long length) throws IOException {
            ByteBuffer b = ByteBuffer.allocate((int) length).order(order == null ? ByteOrder.LITTLE_ENDIAN : order);
            while (b.hasRemaining()) {
                if (ch.read(b, at + b.position()) < 0) {
                    throw corrupt("the file ends at " + size + " bytes, inside its header");
                }
            }
            return b.flip();
        }

        private TriplifyException corrupt(String problem) {
            return new TriplifyException(file, null, "truncated or corrupt TIFF: " + problem);
        }
    }

    /** Bytes per value of a TIFF field type, 0 for an unknown type. */
    private static int typeBytes(int type) {
        return switch (type) {
            case 1, 2, 6, 7 -> 1;
            case 3, 8 -> 2;
            case 4, 9, 11, 13 -> 4;
            case 5, 10, 12, 16, 17, 18 -> 8;
            default -> 0;
        };
    }

    private static String dataType(long bits, long format) {
        if (format == 3) {
            return bits == 64 ? "Float64" : bits == 32 ? "Float32" : "Unknown";
        }
        boolean signed = format == 2;
        return switch ((int) bits) {
            case 1, 2, 4 -> "Byte";
            case 8 -> signed ? "Int8" : "Byte";
            case 16 -> signed ? "Int16" : "UInt16";
            case 32 -> signed ? "Int32" : "UInt32";
            default -> "Unknown";
        };
    }
}
