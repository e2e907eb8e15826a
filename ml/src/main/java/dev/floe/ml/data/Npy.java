package dev.floe.ml.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.floe.ml.MlDataException;

/**
 * Reads NumPy {@code .npy} files of little-endian float32 or float64 in C order, the sidecar format
 * triplify writes for patch pixels. Read by hand (a 10-byte preamble, a Python-literal header, raw data)
 * rather than with Nd4j.createFromNpyFile so that a malformed file fails with a message naming it, and
 * without touching the native backend.
 */
public final class Npy {

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<|>=]?)([fiu])(\\d)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** An array: its shape and its values as float32, row-major. */
    public record Array(int[] shape, float[] data) {
    }

    private Npy() {
    }

    public static Array read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MlDataException(file + ": cannot read the raster: " + e.getMessage(), e);
        }
        if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || !"NUMPY".equals(new String(bytes, 1, 5, StandardCharsets.US_ASCII))) {
            throw new MlDataException(file + ": not a .npy file (no \\x93NUMPY magic)");
        }
        int major = bytes[6];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength;
        int offset;
        if (major == 1) {
            headerLength = buf.getShort(8) & 0xffff;
            offset = 10;
        } else {
            headerLength = buf.getInt(8);
            offset = 12;
        }
        String header = new String(bytes, offset, headerLength, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new MlDataException(file + ": unreadable .npy header " + header.strip());
        }
        if (">".equals(d.group(1)) || "True".equals(f.group(1)) || !"f".equals(d.group(2))
                || !("4".equals(d.group(3)) || "8".equals(d.group(3)))) {
            throw new MlDataException(file + ": only little-endian float32/float64 C-order arrays are supported, found "
                    + header.strip());
        }
        int[] shape = Arrays.stream(s.group(1).split(",")).map(String::strip).filter(t -> !t.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        long n = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
        int width = Integer.parseInt(d.group(3));
        int start = offset + headerLength;
        if (bytes.length - start != n * width) {
            throw new MlDataException(file + ": shape " + Arrays.toString(shape) + " needs " + n * width + " data bytes, found "
                    + (bytes.length - start));
        }
        float[] data = new float[(int) n];
        buf.position(start);
        for (int i = 0; i < n; i++) {
            data[i] = width == 4 ? buf.getFloat() : (float) buf.getDouble();
        }
        return new Array(shape, data);
    }
}
