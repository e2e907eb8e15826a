package dev.floe.store.geosparql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

import dev.floe.geo.Relation;

/**
 * The store's geof: relation functions (jena-geosparql's, with floe's corrections) answer as floe-geo's relation
 * table does, for every relation and a pair of geometries of every dimension pair: the table the interlinker and
 * the federation decide with describes what the store computes, but for the one difference the table documents
 * (sfCrosses with the higher-dimensional geometry first).
 */
class RelationTableAgreementTest {

    static final String SQUARE = "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))";

    static final List<List<String>> PAIRS = List.of(
            List.of("POINT (0 0)", "POINT (0 0)"),
            List.of("POINT (0 0)", "LINESTRING (0 0, 2 0)"),
            List.of("LINESTRING (0 0, 2 0)", "POINT (1 0)"),
            List.of("POINT (0 1)", SQUARE),
            List.of(SQUARE, "POINT (1 1)"),
            List.of("LINESTRING (0 0, 2 2)", "LINESTRING (0 2, 2 0)"),
            List.of("LINESTRING (0 0, 2 0)", "LINESTRING (1 0, 3 0)"),
            List.of("LINESTRING (0 0, 2 0)", "LINESTRING (0 0, 1 0)"),
            List.of("LINESTRING (0 0, 1 1)", SQUARE),
            List.of(SQUARE, "LINESTRING (-1 1, 3 1)"),
            List.of(SQUARE, "POLYGON ((1 1, 3 1, 3 3, 1 3, 1 1))"),
            List.of(SQUARE, "POLYGON ((2 0, 4 0, 4 2, 2 2, 2 0))"),
            List.of("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))", SQUARE),
            List.of("POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))", "POLYGON ((1 1, 2 1, 2 2, 1 2, 1 1))"),
            List.of(SQUARE, "POLYGON ((0 0, 0 2, 2 2, 2 0, 0 0))"),
            List.of(SQUARE, "POLYGON ((5 5, 6 5, 6 6, 5 6, 5 5))"));

    @BeforeAll
    static void setUp() {
        GeoSparqlSetup.ensureJena();
    }

    @Test
    void everyGeoSparqlFunctionAnswersAsTheRelationTable() throws ParseException {
        WKTReader wkt = new WKTReader();
        Set<String> differences = new TreeSet<>();
        for (List<String> pair : PAIRS) {
            for (Relation r : Relation.values()) {
                if (r.functionIri() == null) {
                    continue;
                }
                String call = "<" + r.functionIri() + ">('" + pair.get(0) + "'^^geo:wktLiteral, '" + pair.get(1) + "'^^geo:wktLiteral)";
                String table = String.valueOf(r.holds(wkt.read(pair.get(0)), wkt.read(pair.get(1))));
                if (!table.equals(GeoSparqlCorrectionsTest.eval(call))) {
                    differences.add(r.localName() + " " + pair.get(0) + " / " + pair.get(1) + ": table " + table);
                }
            }
        }
        // the one known difference: jena-geosparql's sfCrosses admits only the lower-dimensional geometry first
        assertEquals(Set.of("sfCrosses " + SQUARE + " / LINESTRING (-1 1, 3 1): table true"), differences);
    }
}
