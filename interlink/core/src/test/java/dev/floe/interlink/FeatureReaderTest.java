package dev.floe.interlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.triplify.InvalidGeometryPolicy;

/** Features come from geo:hasDefaultGeometry/geo:asWKT in any CRS; invalid geometries follow the policy, reported. */
class FeatureReaderTest {

    static final String DATA = """
            @prefix geo: <http://www.opengis.net/ont/geosparql#> .
            @prefix ex: <https://example.org/> .
            ex:ok geo:hasDefaultGeometry ex:ok-g . ex:ok-g geo:asWKT "POINT(1 2)"^^geo:wktLiteral .
            ex:latlon geo:hasDefaultGeometry ex:latlon-g .
            ex:latlon-g geo:asWKT "<http://www.opengis.net/def/crs/EPSG/0/4326> POINT(41.9 12.5)"^^geo:wktLiteral .
            ex:bowtie geo:hasDefaultGeometry ex:bowtie-g .
            ex:bowtie-g geo:asWKT "POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))"^^geo:wktLiteral .
            ex:nowkt geo:hasDefaultGeometry ex:nowkt-g .
            """;

    @TempDir
    Path tmp;

    Path file() throws IOException {
        Path f = tmp.resolve("features.ttl");
        Files.writeString(f, DATA);
        return f;
    }

    @Test
    void repairKeepsTheBowtieAndReportsItAndTheFeatureWithoutWkt() throws IOException {
        FeatureReader.Layer layer = new FeatureReader(InvalidGeometryPolicy.REPAIR).read(List.of(file()));
        assertEquals(List.of("https://example.org/ok", "https://example.org/latlon", "https://example.org/bowtie"),
                layer.features().stream().map(SpatialFeature::iri).toList());
        assertEquals(12.5, layer.features().get(1).geometry().getCoordinate().x, 1e-9, "EPSG:4326 lat/lon becomes lon/lat");
        assertEquals(1, layer.repaired().size());
        assertTrue(layer.repaired().get(0).contains("<https://example.org/bowtie>: invalid geometry: Self-intersection"),
                layer.repaired().get(0));
        assertEquals(List.of(file() + ": <https://example.org/nowkt>: its geometry has no geo:asWKT"), layer.skipped());
    }

    @Test
    void skipLeavesTheBowtieOutAndFailStops() throws IOException {
        FeatureReader.Layer skipped = new FeatureReader(InvalidGeometryPolicy.SKIP).read(List.of(file()));
        assertEquals(2, skipped.features().size());
        assertEquals(2, skipped.skipped().size());
        InterlinkException e = assertThrows(InterlinkException.class,
                () -> new FeatureReader(InvalidGeometryPolicy.FAIL).read(List.of(file())));
        assertTrue(e.getMessage().startsWith(file() + ": <https://example.org/bowtie>: invalid geometry: Self-intersection"),
                e.getMessage());
    }

    /** A polygon with about {@code n} vertices on a circle round (x, y): about 24 characters of WKT a vertex. */
    static String circle(double x, double y, int n) {
        StringBuilder wkt = new StringBuilder("POLYGON((");
        for (int i = 0; i <= n; i++) {
            double a = 2 * Math.PI * (i % n) / n;
            wkt.append(i == 0 ? "" : ", ").append(x + Math.cos(a)).append(' ').append(y + Math.sin(a));
        }
        return wkt.append("))").toString();
    }

    @Test
    void parallelSlicesKeepRecordOrderReportsAndTheFirstError() {
        // 20,000 records: at least four parallel slices on any machine (four per core, 2,048 records or more each);
        // a few large polygons among the points
        List<FeatureReader.Record> records = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String wkt = i % 5000 == 7 ? circle(i % 90, 0, 20_000) : i == 12_500 ? "POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))"
                    : "POINT(" + (i % 90) + " 1)";
            records.add(new FeatureReader.Record("https://example.org/f" + i, wkt, "in.nt"));
        }
        FeatureReader.Layer layer = new FeatureReader(InvalidGeometryPolicy.REPAIR).layer(records);
        assertEquals(records.stream().map(FeatureReader.Record::iri).toList(),
                layer.features().stream().map(SpatialFeature::iri).toList());
        assertEquals(20_000, layer.features().get(5007).geometry().getNumPoints() - 1);
        assertEquals(1, layer.repaired().size());
        assertTrue(layer.repaired().get(0).startsWith("in.nt: <https://example.org/f12500>: invalid geometry"));
        // two bad records in different slices: the first in record order is the one reported
        records.set(19_000, new FeatureReader.Record("https://example.org/late", "POINT(", "in.nt"));
        records.set(3_000, new FeatureReader.Record("https://example.org/early", "POINT(1", "in.nt"));
        InterlinkException e = assertThrows(InterlinkException.class,
                () -> new FeatureReader(InvalidGeometryPolicy.REPAIR).layer(records));
        assertTrue(e.getMessage().startsWith("in.nt: <https://example.org/early>: "), e.getMessage());
    }
}
