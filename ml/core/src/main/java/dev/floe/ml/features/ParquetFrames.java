package dev.floe.ml.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import dev.floe.ml.MlDataException;

/**
 * Reads and writes {@link FeatureFrame}s as Apache Parquet files (one optional column per feature with its
 * logical type: STRING, TIMESTAMP(MILLIS, UTC)) through parquet-hadoop's example Group API on local files
 * ({@link LocalOutputFile}, {@link PlainParquetConfiguration}: no Hadoop FileSystem or Configuration), so
 * Spark, pandas and DuckDB read them.
 *
 * <p>Pages are written uncompressed: parquet-hadoop builds a Hadoop Configuration for every compression codec,
 * which needs hadoop-client-runtime, and that jar registers its shaded Woodstox as the JVM-wide StAX factory
 * (which Jena's RDF/XML parser then cannot harden). Only files written so (or other uncompressed ones) are read.
 */
public final class ParquetFrames {

    private ParquetFrames() {
    }

    public static MessageType schema(String name, List<Feature> features) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Feature f : features) {
            switch (f.type()) {
                case INT -> b.optional(PrimitiveTypeName.INT64).named(f.name());
                case DOUBLE -> b.optional(PrimitiveTypeName.DOUBLE).named(f.name());
                case BOOLEAN -> b.optional(PrimitiveTypeName.BOOLEAN).named(f.name());
                case STRING -> b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(f.name());
                case TIMESTAMP -> b.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(f.name());
                default -> throw new IllegalStateException();
            }
        }
        return b.named(name.replaceAll("[^A-Za-z0-9_]", "_"));
    }

    /** Writes {@code frame} to {@code file} (which must not exist). */
    public static void write(Path file, String name, FeatureFrame frame) throws IOException {
        MessageType schema = schema(name, frame.schema());
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration()).withType(schema)
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED).build()) {
            for (Object[] row : frame.rows()) {
                Group g = groups.newGroup();
                for (int c = 0; c < row.length; c++) {
                    Object v = row[c];
                    if (v == null) {
                        continue;
                    }
                    String n = frame.schema().get(c).name();
                    switch (frame.schema().get(c).type()) {
                        case INT -> g.append(n, (Long) v);
                        case DOUBLE -> g.append(n, (Double) v);
                        case BOOLEAN -> g.append(n, (Boolean) v);
                        case STRING -> g.append(n, (String) v);
                        case TIMESTAMP -> g.append(n, ((Instant) v).toEpochMilli());
                        default -> throw new IllegalStateException();
                    }
                }
                w.write(g);
            }
        }
    }

    /** Reads a file written by {@link #write} (or any Parquet file with these columns) into {@code features}' order. */
    public static FeatureFrame read(Path file, List<Feature> features) {
        if (!Files.isRegularFile(file)) {
            throw new MlDataException(file + ": no such Parquet file");
        }
        List<Object[]> rows = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            int[] fields = new int[features.size()];
            for (int c = 0; c < fields.length; c++) {
                if (!schema.containsField(features.get(c).name())) {
                    throw new MlDataException(file + ": no column " + features.get(c).name());
                }
                fields[c] = schema.getFieldIndex(features.get(c).name());
            }
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    Group g = records.read();
                    Object[] row = new Object[fields.length];
                    for (int c = 0; c < fields.length; c++) {
                        if (g.getFieldRepetitionCount(fields[c]) == 0) {
                            continue;
                        }
                        Type t = schema.getType(fields[c]);
                        row[c] = switch (features.get(c).type()) {
                            case INT -> g.getLong(fields[c], 0);
                            case DOUBLE -> g.getDouble(fields[c], 0);
                            case BOOLEAN -> g.getBoolean(fields[c], 0);
                            case STRING -> g.getString(fields[c], 0);
                            case TIMESTAMP -> Instant.ofEpochMilli(g.getLong(fields[c], 0));
                        };
                        assert t != null;
                    }
                    rows.add(row);
                }
            }
        } catch (IOException e) {
            throw new MlDataException(file + ": unreadable Parquet file: " + e.getMessage(), e);
        }
        return new FeatureFrame(features, rows);
    }
}
