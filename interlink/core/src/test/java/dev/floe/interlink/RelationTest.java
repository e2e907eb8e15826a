package dev.floe.interlink;

import static dev.floe.interlink.Relation.CONTAINS;
import static dev.floe.interlink.Relation.COVERED_BY;
import static dev.floe.interlink.Relation.COVERS;
import static dev.floe.interlink.Relation.CROSSES;
import static dev.floe.interlink.Relation.EQUALS;
import static dev.floe.interlink.Relation.INTERSECTS;
import static dev.floe.interlink.Relation.OVERLAPS;
import static dev.floe.interlink.Relation.TOUCHES;
import static dev.floe.interlink.Relation.WITHIN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.IntersectionMatrix;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Each relation against literal geometry pairs of every dimension pair, with the DE-9IM matrix and the relations
 * that hold worked out by hand from the definitions (OGC Simple Features; JTS's RelateNG tests are written the
 * same way), not from the code under test.
 */
class RelationTest {

    static final String SQUARE = "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))";

    record Case(String a, String b, String matrix, Set<Relation> hold) {
    }

    static final List<Case> CASES = List.of(
            // point / point
            new Case("POINT (0 0)", "POINT (0 0)", "0FFFFFFF2", EnumSet.of(INTERSECTS, EQUALS, CONTAINS, WITHIN, COVERS, COVERED_BY)),
            new Case("POINT (0 0)", "POINT (1 1)", "FF0FFF0F2", EnumSet.noneOf(Relation.class)),
            // point / line, line / point
            new Case("POINT (0 0)", "LINESTRING (0 0, 2 0)", "F0FFFF102", EnumSet.of(INTERSECTS, TOUCHES, COVERED_BY)),
            new Case("POINT (1 0)", "LINESTRING (0 0, 2 0)", "0FFFFF102", EnumSet.of(INTERSECTS, WITHIN, COVERED_BY)),
            new Case("LINESTRING (0 0, 2 0)", "POINT (0 0)", "FF10F0FF2", EnumSet.of(INTERSECTS, TOUCHES, COVERS)),
            // point / polygon, polygon / point
            new Case("POINT (1 1)", SQUARE, "0FFFFF212", EnumSet.of(INTERSECTS, WITHIN, COVERED_BY)),
            new Case("POINT (0 1)", SQUARE, "F0FFFF212", EnumSet.of(INTERSECTS, TOUCHES, COVERED_BY)),
            new Case("POINT (5 5)", SQUARE, "FF0FFF212", EnumSet.noneOf(Relation.class)),
            new Case(SQUARE, "POINT (1 1)", "0F2FF1FF2", EnumSet.of(INTERSECTS, CONTAINS, COVERS)),
            // line / line
            new Case("LINESTRING (0 0, 2 2)", "LINESTRING (0 2, 2 0)", "0F1FF0102", EnumSet.of(INTERSECTS, CROSSES)),
            new Case("LINESTRING (0 0, 2 0)", "LINESTRING (1 0, 3 0)", "1010F0102", EnumSet.of(INTERSECTS, OVERLAPS)),
            new Case("LINESTRING (0 0, 1 0)", "LINESTRING (1 0, 2 0)", "FF1F00102", EnumSet.of(INTERSECTS, TOUCHES)),
            new Case("LINESTRING (0 0, 1 0)", "LINESTRING (1 0, 0 0)", "1FFF0FFF2",
                    EnumSet.of(INTERSECTS, EQUALS, CONTAINS, WITHIN, COVERS, COVERED_BY)),
            // line / polygon, polygon / line
            new Case("LINESTRING (-1 1, 3 1)", SQUARE, "101FF0212", EnumSet.of(INTERSECTS, CROSSES)),
            new Case("LINESTRING (0.5 1, 1.5 1)", SQUARE, "1FF0FF212", EnumSet.of(INTERSECTS, WITHIN, COVERED_BY)),
            new Case("LINESTRING (0 0, 2 0)", SQUARE, "F1FF0F212", EnumSet.of(INTERSECTS, TOUCHES, COVERED_BY)),
            new Case(SQUARE, "LINESTRING (-1 1, 3 1)", "1F20F1102", EnumSet.of(INTERSECTS, CROSSES)),
            // polygon / polygon
            new Case(SQUARE, "POLYGON ((1 1, 3 1, 3 3, 1 3, 1 1))", "212101212", EnumSet.of(INTERSECTS, OVERLAPS)),
            new Case(SQUARE, "POLYGON ((2 0, 4 0, 4 2, 2 2, 2 0))", "FF2F11212", EnumSet.of(INTERSECTS, TOUCHES)),
            new Case("POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))", "POLYGON ((1 1, 2 1, 2 2, 1 2, 1 1))", "212FF1FF2",
                    EnumSet.of(INTERSECTS, CONTAINS, COVERS)),
            new Case(SQUARE, "POLYGON ((0 0, 0 2, 2 2, 2 0, 0 0))", "2FFF1FFF2",
                    EnumSet.of(INTERSECTS, EQUALS, CONTAINS, WITHIN, COVERS, COVERED_BY)),
            new Case(SQUARE, "POLYGON ((5 5, 6 5, 6 6, 5 6, 5 5))", "FF2FF1212", EnumSet.noneOf(Relation.class)));

    @Test
    void everyRelationHoldsExactlyForTheMatricesItsDefinitionAdmits() throws ParseException {
        WKTReader wkt = new WKTReader();
        for (Case c : CASES) {
            Geometry a = wkt.read(c.a());
            Geometry b = wkt.read(c.b());
            IntersectionMatrix m = a.relate(b);
            assertEquals(c.matrix(), m.toString(), c.a() + " / " + c.b());
            for (Relation r : Relation.values()) {
                assertEquals(c.hold().contains(r), r.holds(m, a.getDimension(), b.getDimension()),
                        r + " for " + c.a() + " / " + c.b() + " (" + c.matrix() + ")");
            }
        }
    }

    @Test
    void theTableCoversEveryRelationAndEveryPairOfDimensions() throws ParseException {
        WKTReader wkt = new WKTReader();
        Set<Relation> seen = EnumSet.noneOf(Relation.class);
        Set<String> dimensions = new HashSet<>();
        for (Case c : CASES) {
            seen.addAll(c.hold());
            dimensions.add(wkt.read(c.a()).getDimension() + "/" + wkt.read(c.b()).getDimension());
        }
        assertEquals(EnumSet.allOf(Relation.class), seen);
        assertEquals(Set.of("0/0", "0/1", "1/0", "0/2", "2/0", "1/1", "1/2", "2/1", "2/2"), dimensions);
    }
}
