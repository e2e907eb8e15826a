package dev.floe.triplify.csv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.floe.geo.Crs84;
import dev.floe.triplify.FeatureSink;
import dev.floe.triplify.InputFile;
import dev.floe.triplify.ProgressListener;
import dev.floe.triplify.RecordContext;
import dev.floe.triplify.TriplifyException;
import dev.floe.triplify.TriplifyOptions.CsvColumns;

/**
 * Reads a CSV (or TSV) file with a header row, streaming one row at a time (Jackson's CSV parser): each row a
 * feature whose geometry is a WKT column or a longitude and a latitude (x, y) column in CRS84, or in the EPSG CRS
 * given as {@code sourceCrs}, transformed to CRS84,, named or found
 * in the header (WKT, geometry, geom, the_geom; lon/lng/longitude/x with lat/latitude/y). Other columns become
 * properties: whole numbers as integers, other numbers as doubles, empty cells as nothing. Errors name the
 * file, line and column. WKT nested more than {@link #MAX_WKT_NESTING} parentheses deep is refused.
 */
public final class CsvSource {

    private static final List<String> WKT_NAMES = List.of("wkt", "geometry", "geom", "the_geom");
    private static final List<String> LON_NAMES = List.of("lon", "lng", "long", "longitude", "x");
    private static final List<String> LAT_NAMES = List.of("lat", "latitude", "y");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?");
    private static final double TOLERANCE = 1e-4;
    /** The deepest parenthesis nesting read in a WKT cell: far beyond real geometries, far below a stack overflow. */
    static final int MAX_WKT_NESTING = 64;

    private final RecordContext context;
    private final FeatureSink features;
    private final WKTReader wkt = new WKTReader(new GeometryFactory());

    public CsvSource(RecordContext context, FeatureSink features) {
        this.context = context;
        this.features = features;
    }

    /** Whether a file name is a CSV or TSV file (optionally gzipped). */
    public static boolean accepts(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("\\.gz$", "");
        return n.endsWith(".csv") || n.endsWith(".tsv");
    }

    public void read(Path file, CsvColumns configured, String sourceCrs, ProgressListener progress) {
        Crs84 toCrs84;
        try {
            toCrs84 = sourceCrs == null ? null : Crs84.forCode(sourceCrs);
        } catch (IllegalArgumentException e) {
            throw new TriplifyException(file, null, e.getMessage(), e);
        }
        boolean tsv = file.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("\\.gz$", "").endsWith(".tsv");
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withColumnSeparator(tsv ? '\t' : ',');
        long size = sizeOf(file);
        try (InputStream in = InputFile.open(file);
             MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class).with(schema).readValues(in)) {
            CsvColumns columns = null;
            long index = 0;
            while (rows.hasNextValue()) {
                long line = rows.getCurrentLocation().getLineNr(); // where this row starts
                Map<String, String> row = rows.nextValue();
                if (columns == null) {
                    columns = configured != null ? configured : detect(file, row.keySet());
                    check(file, columns, row.keySet());
                }
                context.recordRead();
                String record = "line " + line;
                ObjectNode properties = JsonNodeFactory.instance.objectNode();
                for (Map.Entry<String, String> cell : row.entrySet()) {
                    if (!cell.getKey().equals(columns.wkt())) {
                        put(properties, cell.getKey(), cell.getValue());
                    }
                }
                String id = features.idOf(properties, index++);
                Geometry g = geometry(file, record, id, row, columns, toCrs84);
                features.write(id, properties, g == null ? context.noGeometry() : context.checked(g, record, id));
                if (index % 2000 == 0) {
                    progress.progress(index, rows.getCurrentLocation().getByteOffset(), size);
                }
            }
        } catch (JsonProcessingException e) {
            throw new TriplifyException(file, e.getLocation() == null ? null : "line " + e.getLocation().getLineNr(),
                    "malformed CSV: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw InputFile.unreadable(file, e);
        }
    }

    /** The column names of a CSV/TSV file's header row, in order (its schema). */
    public static List<String> header(Path file) {
        boolean tsv = file.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("\\.gz$", "").endsWith(".tsv");
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(tsv ? '\t' : ',');
        try (InputStream in = InputFile.open(file);
             MappingIterator<List<String>> rows = new CsvMapper().readerForListOf(String.class)
                     .with(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY).with(schema).readValues(in)) {
            if (!rows.hasNextValue()) {
                throw new TriplifyException(file, "line 1", "empty file: no header row");
            }
            return List.copyOf(rows.nextValue());
        } catch (JsonProcessingException e) {
            throw new TriplifyException(file, "line 1", "malformed CSV header: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw InputFile.unreadable(file, e);
        }
    }

    /** The geometry columns a file's header implies (a WKT column, else longitude and latitude columns). */
    public static CsvColumns detectColumns(Path file) {
        return detect(file, new java.util.LinkedHashSet<>(header(file)));
    }

    private static CsvColumns detect(Path file, java.util.Set<String> header) {
        String wktColumn = find(header, WKT_NAMES);
        if (wktColumn != null) {
            return new CsvColumns(wktColumn, null, null);
        }
        String lon = find(header, LON_NAMES);
        String lat = find(header, LAT_NAMES);
        if (lon != null && lat != null) {
            return new CsvColumns(null, lon, lat);
        }
        throw new TriplifyException(file, "line 1", "no geometry column in the header " + header
                + ": name a WKT column (--wkt-column) or longitude and latitude columns (--lon-column, --lat-column)");
    }

    private static void check(Path file, CsvColumns columns, java.util.Set<String> header) {
        for (String c : new String[] {columns.wkt(), columns.lon(), columns.lat()}) {
            if (c != null && !header.contains(c)) {
                throw new TriplifyException(file, "line 1", "no column '" + c + "' in the header " + header);
            }
        }
        if (columns.wkt() == null && (columns.lon() == null || columns.lat() == null)) {
            throw new TriplifyException(file, "line 1", "give a WKT column, or both a longitude and a latitude column");
        }
    }

    private static String find(java.util.Set<String> header, List<String> names) {
        for (String h : header) {
            if (names.contains(h.strip().toLowerCase(Locale.ROOT))) {
                return h;
            }
        }
        return null;
    }

    private Geometry geometry(Path file, String record, String id, Map<String, String> row, CsvColumns columns,
                              Crs84 toCrs84) {
        String where = RecordContext.where(record, id);
        Geometry g;
        if (columns.wkt() != null) {
            String text = row.get(columns.wkt());
            if (text == null || text.isBlank()) {
                return null;
            }
            if (nesting(text) > MAX_WKT_NESTING) {
                throw new TriplifyException(file, where, "column " + columns.wkt() + ": WKT nested more than " + MAX_WKT_NESTING
                        + " levels deep (not supported)");
            }
            try {
                g = wkt.read(text);
            } catch (ParseException | IllegalArgumentException e) {
                // JTS says "(line 1)" of the cell, and rejects unclosed rings and one-point lines with IllegalArgumentException
                throw new TriplifyException(file, where, "column " + columns.wkt() + ": not WKT: "
                        + String.valueOf(e.getMessage()).replaceFirst(" \\(line \\d+\\)$", ""));
            }
        } else {
            String lon = row.get(columns.lon());
            String lat = row.get(columns.lat());
            if ((lon == null || lon.isBlank()) && (lat == null || lat.isBlank())) {
                return null;
            }
            try {
                g = new GeometryFactory().createPoint(new Coordinate(Double.parseDouble(lon.strip()), Double.parseDouble(lat.strip())));
            } catch (NumberFormatException | NullPointerException e) {
                throw new TriplifyException(file, where, "columns " + columns.lon() + "/" + columns.lat()
                        + ": not a longitude/latitude pair: '" + lon + "', '" + lat + "'");
            }
        }
        if (toCrs84 != null) {
            try {
                g = toCrs84.apply(g);
            } catch (IllegalArgumentException e) {
                throw new TriplifyException(file, where, e.getMessage(), e);
            }
        }
        for (Coordinate c : g.getCoordinates()) {
            if (!Double.isFinite(c.x) || !Double.isFinite(c.y)) {
                throw new TriplifyException(file, where, "coordinate (" + c.x + " " + c.y + ") is not a finite number");
            }
            if (Math.abs(c.x) > 180 + TOLERANCE || Math.abs(c.y) > 90 + TOLERANCE) {
                throw new TriplifyException(file, where, "coordinate (" + c.x + " " + c.y + ") is outside longitude [-180, 180] / "
                        + "latitude [-90, 90]; CSV geometries are read as WGS84 longitude, latitude (give --crs for others)");
            }
        }
        return g;
    }

    /** How deep the parentheses of a WKT text nest (JTS's reader recurses once per level). */
    static int nesting(String wktText) {
        int depth = 0;
        int max = 0;
        for (int i = 0; i < wktText.length(); i++) {
            char c = wktText.charAt(i);
            if (c == '(') {
                max = Math.max(max, ++depth);
            } else if (c == ')') {
                depth--;
            }
        }
        return max;
    }

    private static void put(ObjectNode properties, String key, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        String v = value.strip();
        if (INTEGER.matcher(v).matches()) {
            properties.put(key, Long.parseLong(v));
        } else if (DECIMAL.matcher(v).matches()) {
            properties.put(key, Double.parseDouble(v));
        } else {
            properties.put(key, value);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return file.toString().endsWith(".gz") ? -1 : Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
