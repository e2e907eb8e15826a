package dev.floe.geo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A float32 array with its shape, row-major, as a NumPy {@code .npy} file holds it: the format of the patch
 * pixels triplify and {@code floe s2 patches} write beside their RDF and that training sets read back, and that
 * ML pipelines load directly ({@code numpy.load}, DL4J's {@code Nd4j.createFromNpyFile}).
 *
 * <p>Written files are byte for byte what {@code numpy.save} (NumPy 2) writes for a little-endian float32 C-order
 * array: format 1.0 (2.0 when the header needs more than 65,535 bytes), the header padded as NumPy pads it. Reading
 * takes format 1.0, 2.0 and 3.0 headers with little-endian float32 or float64 data ({@code <f8} is narrowed to
 * float) in C order.
 *
 * <p>Why by hand: the format is a 10-byte preamble, a Python-literal header and the raw data; no maintained Java
 * library for it is on Maven Central, and Nd4j's reader would load its native backend and fail without naming the
 * file. Immutable in intent (the arrays are not copied, so do not change them once passed in).
 */
public record NpyArray(int[] shape, float[] data) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<|>=]?)([a-zA-Z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** Checks that {@code shape} holds exactly {@code data.length} values. */
    public NpyArray {
        long n = size(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, not " + data.length);
        }
    }

    /** Writes the array to {@code file}, replacing it. */
    public void write(Path file) throws IOException {
        String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (")
                .append(dims).append(shape.length == 1 ? ",), }" : "), }");
        // as numpy.lib.format writes it: room for the first axis to grow to 21 digits in place, then spaces so that
        // the data starts at a multiple of 64 bytes, and a newline; version 2.0 only when 1.0's 16-bit length is too short
        if (shape.length > 0) {
            header.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length()));
        }
        int version = 1;
        int preamble = 10; // magic (6), version (2), header length (2 in 1.0, 4 in 2.0)
        int padding = 64 - (preamble + header.length() + 1) % 64;
        if (header.length() + 1 + padding > 0xffff) {
            version = 2;
            preamble = 12;
            padding = 64 - (preamble + header.length() + 1) % 64;
        }
        header.append(" ".repeat(padding)).append('\n');
        byte[] head = header.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocate(preamble + head.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            buffer.putShort((short) head.length);
        } else {
            buffer.putInt(head.length);
        }
        buffer.put(head);
        buffer.asFloatBuffer().put(data);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(buffer.array());
        }
    }

    /**
     * Reads a {@code .npy} file; an unreadable or malformed file, or data other than little-endian float32/float64
     * in C order, fails with an {@link IOException} whose message names the file.
     */
    public static NpyArray read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (bytes.length < 12 || !Arrays.equals(bytes, 0, 6, MAGIC, 0, 6)) {
            throw new IOException(file + ": not a .npy file (no \\x93NUMPY magic)");
        }
        int major = bytes[6];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int offset;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(buf.getShort(8));
            offset = 10;
        } else if (major == 2 || major == 3) {
            headerLength = Integer.toUnsignedLong(buf.getInt(8));
            offset = 12;
        } else {
            throw new IOException(file + ": .npy format version " + major + "." + bytes[7] + " is not supported (1.0, 2.0 and 3.0 are)");
        }
        if (offset + headerLength > bytes.length) {
            throw new IOException(file + ": truncated .npy header (" + headerLength + " bytes announced, " + (bytes.length - offset) + " present)");
        }
        String header = new String(bytes, offset, (int) headerLength, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new IOException(file + ": unreadable .npy header " + header.strip());
        }
        int width = Integer.parseInt(d.group(3));
        if (">".equals(d.group(1)) || "True".equals(f.group(1)) || !"f".equals(d.group(2)) || width != 4 && width != 8) {
            throw new IOException(file + ": only little-endian float32/float64 C-order arrays are supported, found " + header.strip());
        }
        int[] shape;
        try {
            shape = Arrays.stream(s.group(1).split(",")).map(String::strip).filter(t -> !t.isEmpty())
                    .mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IOException(file + ": unreadable .npy shape (" + s.group(1) + ")", e);
        }
        long n = size(shape);
        int start = offset + (int) headerLength;
        if (bytes.length - start != n * width) {
            throw new IOException(file + ": shape " + Arrays.toString(shape) + " needs " + n * width + " data bytes, found "
                    + (bytes.length - start));
        }
        float[] data = new float[(int) n];
        buf.position(start);
        if (width == 4) {
            buf.asFloatBuffer().get(data);
        } else {
            for (int i = 0; i < n; i++) {
                data[i] = (float) buf.getDouble();
            }
        }
        return new NpyArray(shape, data);
    }

    private static long size(int[] shape) {
        return Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray other && Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyArray" + Arrays.toString(shape);
    }
}
