package dev.floe.triplify.rdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.io.WKTWriter;

/** The fast WKT writer: JTS's layout, every ordinate exact. */
class WktTest {

    final Wkt wkt = new Wkt();
    final WKTReader reader = new WKTReader();

    @Test
    void layoutIsJtsLayoutForEveryKindOfGeometry() throws Exception {
        WKTWriter jts = new WKTWriter(3);
        for (String text : List.of("POINT (1.5 2.5)", "POINT Z(1.5 2.5 7)", "LINESTRING (0 0, 3 4)", "MULTIPOINT ((0 0), (1 1))",
                "MULTIPOINT Z((0 0 3), (1 1 4))", "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))",
                "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0), (0.5 0.5, 0.5 1.5, 1.5 1.5, 1.5 0.5, 0.5 0.5))",
                "MULTIPOLYGON Z(((0 0 0, 0 10 1, 10 10 2, 10 0 3, 0 0 4)), ((20 20 10, 20 21 11, 21 21 12, 20 20 14)))",
                "POINT (-0.0001 180)", "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))", "POLYGON EMPTY")) {
            Geometry g = reader.read(text);
            assertEquals(jts.write(g), wkt.write(g), text);
        }
    }

    @Test
    void everyOrdinateOfRealCountriesReadsBackExactly() throws Exception {
        Path csv = Path.of(WktTest.class.getResource("/dev/floe/triplify/world_wkt.csv").toURI());
        int n = 0;
        for (String line : Files.readAllLines(csv)) {
            int start = line.indexOf("\"MULTIPOLYGON");
            if (start < 0) {
                continue;
            }
            Geometry g = reader.read(line.substring(start + 1, line.indexOf('"', start + 1)));
            String text = wkt.write(g);
            assertTrue(reader.read(text).equalsExact(g, 0.0), text);
            assertEquals(new WKTWriter(3).write(g), text, "these ordinates have at most 15 digits: the same text as JTS");
            n++;
        }
        assertEquals(177, n);
        Geometry tiny = reader.read("POINT (0.30000000000000004 1.0E-7)");
        assertEquals("POINT (0.30000000000000004 0.0000001)", wkt.write(tiny), "shortest exact decimals, no exponents");
    }
}
