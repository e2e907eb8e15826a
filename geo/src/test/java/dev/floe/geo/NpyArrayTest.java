package dev.floe.geo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyArrayTest {

    @TempDir
    Path dir;

    /** {@code numpy.save(f, numpy.array([[1.5, -2], [3, 0.25]], dtype='<f4'))} with NumPy 2.4.6, byte for byte. */
    private static final byte[] NUMPY_2X2 = bytes("934e554d5059" + "0100" + "7600",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }" + " ".repeat(58) + "\n",
            "0000c03f" + "000000c0" + "00004040" + "0000803e");

    /** {@code numpy.save(f, numpy.array([1, 2.5], dtype='<f8'))} with NumPy 2.4.6. */
    private static final byte[] NUMPY_F8 = bytes("934e554d5059" + "0100" + "7600",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }" + " ".repeat(60) + "\n",
            "000000000000f03f" + "0000000000000440");

    private static byte[] bytes(String preambleHex, String header, String dataHex) {
        byte[] pre = HexFormat.of().parseHex(preambleHex);
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] data = HexFormat.of().parseHex(dataHex);
        byte[] all = new byte[pre.length + head.length + data.length];
        System.arraycopy(pre, 0, all, 0, pre.length);
        System.arraycopy(head, 0, all, pre.length, head.length);
        System.arraycopy(data, 0, all, pre.length + head.length, data.length);
        return all;
    }

    @Test
    void writesWhatNumpyWritesByteForByte() throws IOException {
        Path file = dir.resolve("patch.npy");
        new NpyArray(new int[] {2, 2}, new float[] {1.5f, -2f, 3f, 0.25f}).write(file);
        assertArrayEquals(NUMPY_2X2, Files.readAllBytes(file));
    }

    @Test
    void readsWhatNumpyWrites() throws IOException {
        Path file = dir.resolve("numpy.npy");
        Files.write(file, NUMPY_2X2);
        NpyArray a = NpyArray.read(file);
        assertArrayEquals(new int[] {2, 2}, a.shape());
        assertArrayEquals(new float[] {1.5f, -2f, 3f, 0.25f}, a.data());
    }

    @Test
    void readsFloat64AsFloat() throws IOException {
        Path file = dir.resolve("f8.npy");
        Files.write(file, NUMPY_F8);
        assertEquals(new NpyArray(new int[] {2}, new float[] {1f, 2.5f}), NpyArray.read(file));
    }

    @Test
    void aWrittenArrayReadsBackEqual() throws IOException {
        Path file = dir.resolve("sar.npy");
        float[] data = new float[2 * 75 * 75];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.5f - 30;
        }
        NpyArray written = new NpyArray(new int[] {2, 75, 75}, data);
        written.write(file);
        assertEquals(written, NpyArray.read(file));
        assertEquals(0, (Files.size(file) - 4L * data.length) % 64, "the data starts at a multiple of 64 bytes");
    }

    @Test
    void aShapeThatDoesNotFitTheDataIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NpyArray(new int[] {2, 3}, new float[5]));
        assertEquals("shape [2, 3] holds 6 values, not 5", e.getMessage());
    }

    @Test
    void aFileWithoutTheMagicFailsNamingIt() throws IOException {
        Path file = dir.resolve("not.npy");
        Files.writeString(file, "PK\u0003\u0004 this is a zip, not an array");
        IOException e = assertThrows(IOException.class, () -> NpyArray.read(file));
        assertEquals(file + ": not a .npy file (no \\x93NUMPY magic)", e.getMessage());
    }

    @Test
    void bigEndianDataIsRefused() throws IOException {
        Path file = dir.resolve("big.npy");
        byte[] big = NUMPY_2X2.clone();
        big[10 + 11] = '>'; // '<f4' becomes '>f4'
        Files.write(file, big);
        IOException e = assertThrows(IOException.class, () -> NpyArray.read(file));
        assertEquals(file + ": only little-endian float32/float64 C-order arrays are supported, found "
                + "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 2), }", e.getMessage());
    }

    @Test
    void missingDataFailsNamingTheShapeAndTheBytes() throws IOException {
        Path file = dir.resolve("short.npy");
        byte[] truncated = java.util.Arrays.copyOf(NUMPY_2X2, NUMPY_2X2.length - 4);
        Files.write(file, truncated);
        IOException e = assertThrows(IOException.class, () -> NpyArray.read(file));
        assertEquals(file + ": shape [2, 2] needs 16 data bytes, found 12", e.getMessage());
    }

    @Test
    void aMissingFileFailsNamingIt() {
        Path file = dir.resolve("absent.npy");
        IOException e = assertThrows(IOException.class, () -> NpyArray.read(file));
        assertEquals(file + ": cannot read: " + file, e.getMessage());
    }
}
