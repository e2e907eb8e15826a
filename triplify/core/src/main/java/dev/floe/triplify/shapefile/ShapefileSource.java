package dev.floe.triplify.shapefile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floe.geo.Crs84;
import dev.floe.triplify.FeatureSink;
import dev.floe.triplify.RecordContext;
import dev.floe.triplify.TriplifyException;

/**
 * Reads an ESRI Shapefile: the shapes of the .shp file with the attributes of the .dbf file beside it, record by
 * record (streaming both), the CRS from the .prj file (WKT 1, ESRI's flavour included, parsed by Apache SIS) and the
 * DBF charset from the .cpg file. Coordinates are transformed to CRS84 ({@link Crs84}); without a .prj they
 * are taken as CRS84 longitude, latitude unless a source CRS is given. Features have no id of their own: the id
 * property's value, else the record's position (0-based).
 *
 * <p>Why a reader of our own: the usual Java Shapefile readers (GeoTools' shapefile plugin) are not on Maven Central
 * and pull in a large stack; Apache SIS 1.4 publishes no Shapefile module. The format is small and fully specified
 * (ESRI Shapefile Technical Description, 1998; dBASE III+ tables), so {@link ShapeDecoder} and {@link DbfReader}
 * implement it with JTS geometries.
 */
public final class ShapefileSource {

    private static final int FILE_CODE = 9994;

    private final RecordContext context;
    private final FeatureSink features;

    public ShapefileSource(RecordContext context, FeatureSink features) {
        this.context = context;
        this.features = features;
    }

    /** Whether a file name is a Shapefile's .shp. */
    public static boolean accepts(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".shp");
    }

    /** The attribute names of a Shapefile (its .dbf fields, in order): its schema. */
    public static List<String> fields(Path shp) {
        try (DbfReader dbf = new DbfReader(sibling(shp, "dbf", true), charset(shp))) {
            return dbf.fields().stream().map(DbfReader.Field::name).toList();
        } catch (IOException e) {
            throw new TriplifyException(shp, null, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads every record; {@code sourceCrs} (an EPSG code) overrides the .prj when not null. */
    public void read(Path shp, String sourceCrs) {
        if (!Files.isRegularFile(shp)) {
            throw new TriplifyException(shp, null, "no such file");
        }
        Path dbfFile = sibling(shp, "dbf", true);
        Crs84 toCrs84 = transform(shp, sourceCrs);
        ShapeDecoder decoder = new ShapeDecoder(new GeometryFactory());
        try (InputStream in = new BufferedInputStream(Files.newInputStream(shp), 1 << 16);
             DbfReader dbf = new DbfReader(dbfFile, charset(shp))) {
            long fileBytes = header(shp, in);
            long offset = 100;
            long index = 0;
            byte[] head = new byte[8];
            while (offset < fileBytes) {
                String record = "record " + (index + 1);
                int n = in.readNBytes(head, 0, 8);
                if (n == 0) {
                    throw new TriplifyException(shp, record, "truncated: the header says " + fileBytes
                            + " bytes but the file ends at " + offset);
                }
                if (n < 8) {
                    throw new TriplifyException(shp, record, "truncated: the file ends inside a record header at byte " + (offset + n));
                }
                ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.BIG_ENDIAN);
                int contentBytes = h.getInt(4) * 2;
                if (contentBytes < 4) {
                    throw new TriplifyException(shp, record, "corrupt record header (content length " + contentBytes + " bytes)");
                }
                byte[] content = in.readNBytes(contentBytes);
                if (content.length < contentBytes) {
                    throw new TriplifyException(shp, record, "truncated: the record needs " + contentBytes + " bytes at byte "
                            + (offset + 8) + " (of " + (offset + 8 + contentBytes) + ") but the file ends after " + content.length);
                }
                offset += 8 + contentBytes;
                if (index >= dbf.records()) {
                    throw new TriplifyException(shp, record, "the .shp has more records than the " + dbf.records() + " of "
                            + dbfFile.getFileName());
                }
                ObjectNode properties = dbf.next();
                context.recordRead();
                String id = features.idOf(properties, index);
                String where = RecordContext.where(record, id);
                index++;
                if (properties == null) {
                    context.skip(record, id, "marked deleted in " + dbfFile.getFileName());
                    continue;
                }
                Geometry g;
                try {
                    g = decoder.decode(ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN));
                } catch (IllegalArgumentException e) {
                    throw new TriplifyException(shp, where, "malformed shape: " + e.getMessage(), e);
                } catch (java.nio.BufferUnderflowException e) {
                    throw new TriplifyException(shp, where, "malformed shape: the record's content is shorter than its shape needs", e);
                }
                if (g != null && toCrs84 != null) {
                    try {
                        g = toCrs84.apply(g);
                    } catch (IllegalArgumentException e) {
                        throw new TriplifyException(shp, where, e.getMessage(), e);
                    }
                }
                features.write(id, properties, g == null ? context.noGeometry() : context.checked(g, record, id));
            }
            if (index != dbf.records()) {
                throw new TriplifyException(shp, null, "the .shp has " + index + " records but " + dbfFile.getFileName()
                        + " has " + dbf.records());
            }
        } catch (IOException e) {
            throw new TriplifyException(shp, null, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Checks the 100-byte main header and returns the file length it declares, in bytes. */
    private static long header(Path shp, InputStream in) throws IOException {
        byte[] header = in.readNBytes(100);
        if (header.length < 100) {
            throw new TriplifyException(shp, null, "truncated: a Shapefile starts with a 100-byte header, this file has "
                    + header.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(header);
        if (b.order(ByteOrder.BIG_ENDIAN).getInt(0) != FILE_CODE) {
            throw new TriplifyException(shp, null, "not an ESRI Shapefile (file code " + b.getInt(0) + ", expected 9994)");
        }
        int version = b.order(ByteOrder.LITTLE_ENDIAN).getInt(28);
        if (version != 1000) {
            throw new TriplifyException(shp, null, "unsupported Shapefile version " + version);
        }
        return (long) b.order(ByteOrder.BIG_ENDIAN).getInt(24) * 2;
    }

    private static Crs84 transform(Path shp, String sourceCrs) {
        try {
            if (sourceCrs != null) {
                Crs84 t = Crs84.forCode(sourceCrs);
                return t.isIdentity() ? null : t;
            }
            Path prj = sibling(shp, "prj", false);
            if (prj == null) {
                return null;
            }
            Crs84 t = Crs84.forWkt(Files.readString(prj, StandardCharsets.ISO_8859_1), prj.getFileName().toString());
            return t.isIdentity() ? null : t;
        } catch (IllegalArgumentException | IOException e) {
            throw new TriplifyException(shp, null, e.getMessage(), e);
        }
    }

    /** The charset of the .cpg file (e.g. UTF-8, 1252), else ISO-8859-1. */
    private static Charset charset(Path shp) {
        Path cpg = sibling(shp, "cpg", false);
        if (cpg == null) {
            return StandardCharsets.ISO_8859_1;
        }
        String name;
        try {
            name = Files.readString(cpg, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new TriplifyException(cpg, null, "cannot read: " + e.getMessage(), e);
        }
        if (name.matches("\\d+")) {
            name = (name.startsWith("8859") ? "ISO-8859-" + name.substring(4) : "windows-" + name);
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new TriplifyException(cpg, null, "unknown DBF charset '" + name + "'");
        }
    }

    /** The file beside {@code shp} with another extension (either case); null, or an error when required. */
    private static Path sibling(Path shp, String ext, boolean required) {
        String name = shp.getFileName().toString();
        String stem = name.substring(0, name.length() - 4);
        for (String e : new String[] {ext, ext.toUpperCase(Locale.ROOT)}) {
            Path p = shp.resolveSibling(stem + "." + e);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        if (required) {
            throw new TriplifyException(shp, null, "no ." + ext + " file beside it (a Shapefile needs " + stem + ".shp and "
                    + stem + "." + ext + ")");
        }
        return null;
    }
}
