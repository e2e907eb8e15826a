package dev.floe.triplify.patch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Writes float32 arrays as NumPy .npy files (format version 1.0), the format ML pipelines load directly
 * ({@code numpy.load}, DL4J's Nd4j.createFromNpyFile). Written by hand because the format is a 10-byte
 * preamble, a Python-literal header and the raw little-endian data, and no maintained Java library for it is
 * on Maven Central.
 */
public final class NpyWriter {

    private NpyWriter() {
    }

    /** Writes {@code data} (row-major) with the given shape. */
    public static void writeFloat32(Path file, int[] shape, float[] data) throws IOException {
        long n = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, not " + data.length);
        }
        String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (")
                .append(dims).append(shape.length == 1 ? ",), }" : "), }");
        // magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, ending in \n
        int total = 10 + header.length() + 1;
        header.append(" ".repeat((64 - total % 64) % 64)).append('\n');
        byte[] head = header.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocate(10 + head.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buffer.putShort((short) head.length).put(head);
        for (float v : data) {
            buffer.putFloat(v);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(buffer.array());
        }
    }
}
