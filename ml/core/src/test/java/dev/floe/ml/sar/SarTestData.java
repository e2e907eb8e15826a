package dev.floe.ml.sar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes synthetic records in the Statoil/C-CORE train.json format for tests: icebergs are a bright
 * round blob with a strong HV return, ships a bright elongated streak with a weak HV return, both on
 * speckled sea clutter, so a small CNN can learn them in a few epochs.
 */
public final class SarTestData {

    private SarTestData() {
    }

    /** A JSON object of one record; {@code angle} null writes "na". */
    public static String record(String id, float[] hh, float[] hv, Double angle, Integer label) {
        StringBuilder b = new StringBuilder("{\"id\": \"").append(id).append("\", \"band_1\": ");
        array(b, hh);
        b.append(", \"band_2\": ");
        array(b, hv);
        b.append(", \"inc_angle\": ").append(angle == null ? "\"na\"" : String.format(Locale.ROOT, "%.4f", angle));
        if (label != null) {
            b.append(", \"is_iceberg\": ").append(label);
        }
        return b.append('}').toString();
    }

    private static void array(StringBuilder b, float[] values) {
        b.append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(Float.isNaN(values[i]) ? "NaN" : String.format(Locale.ROOT, "%.4f", values[i]));
        }
        b.append(']');
    }

    /** {@code n} records (alternating iceberg, ship) of side x side, seeded; every fifth angle is "na". */
    public static List<String> records(int n, int side, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean iceberg = i % 2 == 0;
            float[] hh = new float[side * side];
            float[] hv = new float[side * side];
            double cx = side / 2.0 + random.nextGaussian() * side / 10;
            double cy = side / 2.0 + random.nextGaussian() * side / 10;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double dx = x - cx;
                    double dy = y - cy;
                    boolean target = iceberg ? dx * dx + dy * dy < (side / 8.0) * (side / 8.0)
                            : Math.abs(dy) < 1.5 && Math.abs(dx) < side / 4.0;
                    double sea = -28 + random.nextGaussian() * 2.5;
                    hh[y * side + x] = (float) (target ? -8 + random.nextGaussian() : sea);
                    hv[y * side + x] = (float) (target ? (iceberg ? -12 : -24) + random.nextGaussian() : sea - 6);
                }
            }
            Double angle = i % 5 == 4 ? null : 35 + random.nextDouble() * 10;
            out.add(record(String.format(Locale.ROOT, "s%04d", i), hh, hv, angle, iceberg ? 1 : 0));
        }
        return out;
    }

    /** Writes the records as one JSON array, as train.json is. */
    public static Path writeArray(Path file, List<String> records) throws IOException {
        Files.writeString(file, "[" + String.join(",\n", records) + "]");
        return file;
    }

    /** The folder of the five real competition records, or null where this checkout has none. */
    public static Path realRecords() {
        String base = System.getProperty("floe.shared.data");
        Path dir = base == null ? Path.of("..", "..", "..", "shared", "data", "sar-patches") : Path.of(base, "sar-patches");
        return Files.isDirectory(dir) ? dir : null;
    }
}
