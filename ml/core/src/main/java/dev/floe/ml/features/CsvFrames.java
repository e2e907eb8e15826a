package dev.floe.ml.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.floe.ml.MlDataException;

/**
 * Reads CSV files with a header into {@link FeatureFrame}s typed by a schema, and writes frames as CSV
 * (Jackson's CSV module). Every bad value is an error naming the file, line and column.
 */
public final class CsvFrames {

    private static final CsvMapper CSV = new CsvMapper();

    private CsvFrames() {
    }

    public static FeatureFrame read(Path file, List<Feature> schema) {
        if (!Files.isRegularFile(file)) {
            throw new MlDataException(file + ": no such file");
        }
        List<Object[]> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = CSV.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            List<String> header = null;
            while (it.hasNext()) {
                Map<String, String> r = it.next();
                // the header is line 1; a value with a quoted line break would shift this count
                long line = rows.size() + 2L;
                if (header == null) {
                    header = List.copyOf(r.keySet());
                    for (Feature f : schema) {
                        if (!header.contains(f.name())) {
                            throw new MlDataException(file + ": no column " + f.name() + " in the header " + header);
                        }
                    }
                    for (String h : header) {
                        if (schema.stream().noneMatch(f -> f.name().equals(h))) {
                            throw new MlDataException(file + ": column " + h + " is not a feature of the group "
                                    + schema.stream().map(Feature::name).toList());
                        }
                    }
                }
                Object[] row = new Object[schema.size()];
                for (int c = 0; c < row.length; c++) {
                    Feature f = schema.get(c);
                    try {
                        row[c] = f.type().parse(r.get(f.name()));
                    } catch (IllegalArgumentException e) {
                        throw new MlDataException(file + ": line " + line + ": column " + f.name() + " (" + f.type().label()
                                + "): " + e.getMessage());
                    }
                }
                rows.add(row);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof MlDataException m) {
                throw m;
            }
            throw new MlDataException(file + ": malformed CSV: " + e.getMessage(), e);
        }
        return new FeatureFrame(schema, rows);
    }

    public static void write(Path file, FeatureFrame frame) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder();
        frame.schema().forEach(f -> schema.addColumn(f.name()));
        try (SequenceWriter w = CSV.writer(schema.build().withHeader()).writeValues(file.toFile())) {
            for (Object[] row : frame.rows()) {
                List<String> out = new ArrayList<>(row.length);
                for (Object v : row) {
                    out.add(FeatureType.text(v));
                }
                w.write(out);
            }
        }
    }
}
