package dev.floe.triplify.gpkg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floe.geo.Crs84;
import dev.floe.triplify.FeatureSink;
import dev.floe.triplify.RecordContext;
import dev.floe.triplify.TriplifyException;
import dev.floe.triplify.geojson.GeoJsonFeatureMapper;

/**
 * Reads the feature tables of an OGC GeoPackage (an SQLite database, opened read-only): every row a feature
 * at {@code data/{dataset}/{table}/{id}}, its geometry decoded from the GeoPackage binary (header, then WKB),
 * the other columns as typed properties (BLOBs as base64). Tables in EPSG:4326 or OGC CRS84 are read as
 * longitude, latitude (GeoPackage stores x = longitude); tables in other EPSG CRSs are transformed to CRS84
 * with Apache SIS ({@link Crs84}). A table in a projected CRS whose coordinates all lie within +-180 / +-90 is
 * refused: those are degrees under a wrong srs_id, and would otherwise become points near (0, 0).
 */
public final class GeoPackageSource {

    /** A feature table: its name, geometry column and other columns, in table order. */
    public record Table(String name, String geometryColumn, List<String> columns) {
    }

    private final RecordContext context;
    private final Function<String, FeatureSink> sinkPerTable;

    /** Features of table T go to {@code data/{dataset}/{T}/{id}} by the default mapping. */
    public GeoPackageSource(RecordContext context, String dataset) {
        this(context, table -> new GeoJsonFeatureMapper(context, dataset, table));
    }

    /** Features of each table go to the sink made for that table. */
    public GeoPackageSource(RecordContext context, Function<String, FeatureSink> sinkPerTable) {
        this.context = context;
        this.sinkPerTable = sinkPerTable;
    }

    public static boolean accepts(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gpkg");
    }

    /** Reads every feature table. */
    public void read(Path file) {
        read(file, null);
    }

    /** Reads one feature table, or all when {@code onlyTable} is null. */
    public void read(Path file, String onlyTable) {
        try (Connection db = open(file)) {
            List<String[]> tables = featureTables(file, db);
            if (onlyTable != null) {
                tables.removeIf(t -> !t[0].equals(onlyTable));
                if (tables.isEmpty()) {
                    throw new TriplifyException(file, null, "no feature table '" + onlyTable + "' in this GeoPackage (tables: "
                            + tables(file).stream().map(Table::name).toList() + ")");
                }
            }
            for (String[] t : tables) {
                table(file, db, t[0], t[1], transform(file, t[0], t[2], t[3]));
            }
        } catch (SQLException e) {
            throw new TriplifyException(file, null, "not a readable GeoPackage: " + e.getMessage(), e);
        }
    }

    /** The feature tables of a GeoPackage with their columns (its schema). */
    public static List<Table> tables(Path file) {
        try (Connection db = open(file)) {
            List<Table> out = new ArrayList<>();
            for (String[] t : featureTables(file, db)) {
                List<String> columns = new ArrayList<>();
                try (Statement st = db.createStatement();
                     ResultSet rs = st.executeQuery("SELECT * FROM \"" + t[0].replace("\"", "\"\"") + "\" LIMIT 0")) {
                    ResultSetMetaData meta = rs.getMetaData();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        if (!meta.getColumnName(c).equalsIgnoreCase(t[1])) {
                            columns.add(meta.getColumnName(c));
                        }
                    }
                }
                out.add(new Table(t[0], t[1], columns));
            }
            return out;
        } catch (SQLException e) {
            throw new TriplifyException(file, null, "not a readable GeoPackage: " + e.getMessage(), e);
        }
    }

    private static Connection open(Path file) throws SQLException {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new TriplifyException(file, null, "no such file");
        }
        Properties config = new Properties();
        config.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config);
    }

    private static List<String[]> featureTables(Path file, Connection db) throws SQLException {
        {
            List<String[]> tables = new ArrayList<>();
            try (Statement st = db.createStatement();
                 ResultSet rs = st.executeQuery("SELECT c.table_name, g.column_name, s.organization, s.organization_coordsys_id "
                         + "FROM gpkg_contents c JOIN gpkg_geometry_columns g ON c.table_name = g.table_name "
                         + "JOIN gpkg_spatial_ref_sys s ON g.srs_id = s.srs_id WHERE c.data_type = 'features' ORDER BY c.table_name")) {
                while (rs.next()) {
                    tables.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
            if (tables.isEmpty()) {
                throw new TriplifyException(file, null, "no feature tables in this GeoPackage");
            }
            return tables;
        }
    }

    /**
     * The table's CRS to CRS84. GeoPackage stores x = longitude, y = latitude for geographic CRSs whatever the
     * EPSG axis order, so EPSG:4326 and CRS84 tables need no change; projected EPSG CRSs are transformed.
     */
    private static Crs84 transform(Path file, String table, String organization, String id) {
        String crs = organization.toUpperCase(Locale.ROOT) + ":" + id;
        if (crs.equals("EPSG:4326") || crs.equals("OGC:84") || crs.equals("OGC:CRS84")) {
            return null;
        }
        if (!crs.startsWith("EPSG:")) {
            throw new TriplifyException(file, "table " + table, "CRS " + crs + " is not an EPSG code; cannot transform it to CRS84");
        }
        try {
            return Crs84.forCode(crs);
        } catch (IllegalArgumentException e) {
            throw new TriplifyException(file, "table " + table, e.getMessage(), e);
        }
    }

    private void table(Path file, Connection db, String table, String geometryColumn, Crs84 toCrs84) throws SQLException {
        FeatureSink features = sinkPerTable.apply(table);
        WKBReader wkb = new WKBReader(new GeometryFactory());
        Envelope sourceExtent = new Envelope();
        try (PreparedStatement st = db.prepareStatement("SELECT * FROM \"" + table.replace("\"", "\"\"") + "\"");
             ResultSet rs = st.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            long index = 0;
            while (rs.next()) {
                context.recordRead();
                ObjectNode properties = JsonNodeFactory.instance.objectNode();
                Object blob = null;
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    String name = meta.getColumnName(c);
                    Object value = rs.getObject(c);
                    if (name.equalsIgnoreCase(geometryColumn)) {
                        blob = value;
                    } else if (value instanceof Number n && (value instanceof Integer || value instanceof Long)) {
                        properties.put(name, n.longValue());
                    } else if (value instanceof Number n) {
                        properties.put(name, n.doubleValue());
                    } else if (value instanceof byte[] bytes) {
                        properties.put(name, Base64.getEncoder().encodeToString(bytes));
                    } else if (value != null) {
                        properties.put(name, value.toString());
                    }
                }
                String id = features.idOf(properties, index++);
                String record = "table " + table + ", row " + index;
                String where = RecordContext.where(record, id);
                if (blob != null && !(blob instanceof byte[])) {
                    throw new TriplifyException(file, where, "the geometry column " + geometryColumn + " holds "
                            + (blob instanceof String ? "TEXT" : blob instanceof Number ? "a number" : blob.getClass().getSimpleName())
                            + ", not a GeoPackage binary geometry (BLOB)");
                }
                Geometry g = blob == null ? null : decode(file, where, (byte[]) blob, wkb);
                if (g != null && toCrs84 != null && toCrs84.isProjected()) {
                    sourceExtent.expandToInclude(g.getEnvelopeInternal());
                }
                if (g != null && toCrs84 != null) {
                    try {
                        g = toCrs84.apply(g);
                    } catch (IllegalArgumentException e) {
                        throw new TriplifyException(file, where, e.getMessage(), e);
                    }
                }
                features.write(id, properties, g == null ? context.noGeometry() : context.checked(g, record, id));
            }
        }
        if (looksLikeDegrees(sourceExtent)) {
            throw new TriplifyException(file, "table " + table, "the coordinates look like degrees: they all lie within "
                    + "longitude [-180, 180] / latitude [-90, 90] (" + sourceExtent.getMinX() + " " + sourceExtent.getMinY() + ", "
                    + sourceExtent.getMaxX() + " " + sourceExtent.getMaxY() + "), but the table's CRS " + toCrs84.code()
                    + " is projected, in metres or feet; give the table the CRS its coordinates are in (srs_id 4326 for "
                    + "longitude/latitude)");
        }
    }

    /**
     * Whether the source coordinates of a projected table all fit in +-180 / +-90: then they are almost surely degrees
     * under a wrong srs_id (a projected layer that small would have to sit within 180 m of its false origin).
     */
    static boolean looksLikeDegrees(Envelope extent) {
        return !extent.isNull() && extent.getMinX() >= -180 && extent.getMaxX() <= 180
                && extent.getMinY() >= -90 && extent.getMaxY() <= 90;
    }

    /** GeoPackage binary: "GP", version, flags, srs_id, an optional envelope, then the geometry as WKB. */
    static Geometry decode(Path file, String where, byte[] blob, WKBReader wkb) {
        if (blob.length < 8 || blob[0] != 'G' || blob[1] != 'P') {
            throw new TriplifyException(file, where, "the geometry is not GeoPackage binary (no 'GP' magic)");
        }
        int flags = blob[3];
        if ((flags & 0x20) != 0) {
            throw new TriplifyException(file, where, "extended GeoPackage geometries are not supported");
        }
        boolean empty = (flags & 0x10) != 0;
        int envelope = (flags >> 1) & 0x7;
        int envelopeBytes = switch (envelope) {
            case 0 -> 0;
            case 1 -> 32;
            case 2, 3 -> 48;
            case 4 -> 64;
            default -> throw new TriplifyException(file, where, "invalid envelope indicator " + envelope);
        };
        ByteBuffer header = ByteBuffer.wrap(blob, 4, 4).order((flags & 1) != 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        header.getInt(); // srs_id: the table's, checked above
        int start = 8 + envelopeBytes;
        if (empty && start >= blob.length) {
            return new GeometryFactory().createGeometryCollection();
        }
        try {
            byte[] body = new byte[blob.length - start];
            System.arraycopy(blob, start, body, 0, body.length);
            Geometry g = wkb.read(body);
            if (!empty && g instanceof org.locationtech.jts.geom.Point && g.isEmpty()) {
                // WKB has no empty point: JTS reads NaN coordinates as one, which the header must then say it is
                throw new TriplifyException(file, where, "the point's coordinates are NaN, which is not a finite number "
                        + "(and the GeoPackage header does not mark the geometry empty)");
            }
            return g;
        } catch (TriplifyException e) {
            throw e;
        } catch (ParseException | RuntimeException e) {
            throw new TriplifyException(file, where, "unreadable WKB geometry: " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new TriplifyException(file, where, "unreadable WKB geometry: geometry collections nested too deeply");
        }
    }
}
