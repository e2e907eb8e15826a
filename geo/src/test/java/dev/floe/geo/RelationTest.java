package dev.floe.geo;

import static dev.floe.geo.Relation.COVERED_BY;
import static dev.floe.geo.Relation.COVERS;
import static dev.floe.geo.Relation.EH_CONTAINS;
import static dev.floe.geo.Relation.EH_COVERED_BY;
import static dev.floe.geo.Relation.EH_COVERS;
import static dev.floe.geo.Relation.EH_DISJOINT;
import static dev.floe.geo.Relation.EH_EQUALS;
import static dev.floe.geo.Relation.EH_INSIDE;
import static dev.floe.geo.Relation.EH_MEET;
import static dev.floe.geo.Relation.EH_OVERLAP;
import static dev.floe.geo.Relation.RCC8_DC;
import static dev.floe.geo.Relation.RCC8_EC;
import static dev.floe.geo.Relation.RCC8_EQ;
import static dev.floe.geo.Relation.RCC8_NTPP;
import static dev.floe.geo.Relation.RCC8_NTPPI;
import static dev.floe.geo.Relation.RCC8_PO;
import static dev.floe.geo.Relation.RCC8_TPP;
import static dev.floe.geo.Relation.RCC8_TPPI;
import static dev.floe.geo.Relation.CONTAINS;
import static dev.floe.geo.Relation.CROSSES;
import static dev.floe.geo.Relation.DISJOINT;
import static dev.floe.geo.Relation.EQUALS;
import static dev.floe.geo.Relation.INTERSECTS;
import static dev.floe.geo.Relation.OVERLAPS;
import static dev.floe.geo.Relation.TOUCHES;
import static dev.floe.geo.Relation.WITHIN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.IntersectionMatrix;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Every relation of every family against literal geometry pairs of every dimension pair (point, line, polygon,
 * both ways), with the DE-9IM matrix and the relations that hold worked out by hand from the definitions (OGC
 * Simple Features, GeoSPARQL's Egenhofer and RCC8 tables, the dimension pairs jena-geosparql permits), not from the
 * code under test; JTS's RelateNG tests are written the same way.
 */
class RelationTest {

    static final String SQUARE = "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))";

    record Case(String a, String b, String matrix, Set<Relation> hold) {
    }

    static final List<Case> CASES = List.of(
            // point / point
            new Case("POINT (0 0)", "POINT (0 0)", "0FFFFFFF2",
                    EnumSet.of(CONTAINS, COVERED_BY, COVERS, EQUALS, INTERSECTS, WITHIN, EH_EQUALS, RCC8_EQ)),
            new Case("POINT (0 0)", "POINT (1 1)", "FF0FFF0F2",
                    EnumSet.of(DISJOINT, EH_DISJOINT)),
            // point / line
            new Case("POINT (0 0)", "LINESTRING (0 0, 2 0)", "F0FFFF102",
                    EnumSet.of(COVERED_BY, INTERSECTS, TOUCHES, EH_MEET)),
            new Case("POINT (1 0)", "LINESTRING (0 0, 2 0)", "0FFFFF102",
                    EnumSet.of(COVERED_BY, INTERSECTS, WITHIN, EH_INSIDE)),
            // line / point
            new Case("LINESTRING (0 0, 2 0)", "POINT (0 0)", "FF10F0FF2",
                    EnumSet.of(COVERS, INTERSECTS, TOUCHES, EH_MEET)),
            new Case("LINESTRING (0 0, 2 0)", "POINT (1 0)", "0F1FF0FF2",
                    EnumSet.of(CONTAINS, COVERS, INTERSECTS, EH_CONTAINS)),
            // point / polygon
            new Case("POINT (1 1)", SQUARE, "0FFFFF212",
                    EnumSet.of(COVERED_BY, INTERSECTS, WITHIN, EH_INSIDE)),
            new Case("POINT (0 1)", SQUARE, "F0FFFF212",
                    EnumSet.of(COVERED_BY, INTERSECTS, TOUCHES, EH_MEET)),
            new Case("POINT (5 5)", SQUARE, "FF0FFF212",
                    EnumSet.of(DISJOINT, EH_DISJOINT)),
            // polygon / point
            new Case(SQUARE, "POINT (1 1)", "0F2FF1FF2",
                    EnumSet.of(CONTAINS, COVERS, INTERSECTS, EH_CONTAINS)),
            new Case(SQUARE, "POINT (0 1)", "FF20F1FF2",
                    EnumSet.of(COVERS, INTERSECTS, TOUCHES, EH_MEET)),
            // line / line
            new Case("LINESTRING (0 0, 2 2)", "LINESTRING (0 2, 2 0)", "0F1FF0102",
                    EnumSet.of(CROSSES, INTERSECTS, EH_OVERLAP)),
            new Case("LINESTRING (0 0, 2 0)", "LINESTRING (1 0, 3 0)", "1010F0102",
                    EnumSet.of(INTERSECTS, OVERLAPS, EH_OVERLAP)),
            new Case("LINESTRING (0 0, 1 0)", "LINESTRING (1 0, 2 0)", "FF1F00102",
                    EnumSet.of(INTERSECTS, TOUCHES, EH_MEET)),
            new Case("LINESTRING (0 0, 1 0)", "LINESTRING (1 0, 0 0)", "1FFF0FFF2",
                    EnumSet.of(CONTAINS, COVERED_BY, COVERS, EQUALS, INTERSECTS, WITHIN, EH_EQUALS, RCC8_EQ)),
            new Case("LINESTRING (0 0, 2 0)", "LINESTRING (0 0, 1 0)", "101F00FF2",
                    EnumSet.of(CONTAINS, COVERS, INTERSECTS, EH_COVERS)),
            new Case("LINESTRING (0 0, 2 0)", "LINESTRING (0.5 0, 1.5 0)", "101FF0FF2",
                    EnumSet.of(CONTAINS, COVERS, INTERSECTS, EH_CONTAINS)),
            // line / polygon
            new Case("LINESTRING (-1 1, 3 1)", SQUARE, "101FF0212",
                    EnumSet.of(CROSSES, INTERSECTS, EH_OVERLAP)),
            new Case("LINESTRING (0.5 1, 1.5 1)", SQUARE, "1FF0FF212",
                    EnumSet.of(COVERED_BY, INTERSECTS, WITHIN, EH_INSIDE)),
            new Case("LINESTRING (0 0, 2 0)", SQUARE, "F1FF0F212",
                    EnumSet.of(COVERED_BY, INTERSECTS, TOUCHES, EH_MEET)),
            new Case("LINESTRING (0 0, 1 1)", SQUARE, "1FF00F212",
                    EnumSet.of(COVERED_BY, INTERSECTS, WITHIN, EH_COVERED_BY)),
            // polygon / line
            new Case(SQUARE, "LINESTRING (-1 1, 3 1)", "1F20F1102",
                    EnumSet.of(CROSSES, INTERSECTS, EH_OVERLAP)),
            new Case(SQUARE, "LINESTRING (0 0, 1 1)", "102F01FF2",
                    EnumSet.of(CONTAINS, COVERS, INTERSECTS, EH_COVERS)),
            new Case(SQUARE, "LINESTRING (5 5, 6 6)", "FF2FF1102",
                    EnumSet.of(DISJOINT, EH_DISJOINT)),
            // polygon / polygon
            new Case(SQUARE, "POLYGON ((1 1, 3 1, 3 3, 1 3, 1 1))", "212101212",
                    EnumSet.of(INTERSECTS, OVERLAPS, EH_OVERLAP, RCC8_PO)),
            new Case(SQUARE, "POLYGON ((2 0, 4 0, 4 2, 2 2, 2 0))", "FF2F11212",
                    EnumSet.of(INTERSECTS, TOUCHES, EH_MEET, RCC8_EC)),
            new Case("POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))", "POLYGON ((1 1, 2 1, 2 2, 1 2, 1 1))", "212FF1FF2",
                    EnumSet.of(CONTAINS, COVERS, INTERSECTS, EH_CONTAINS, RCC8_NTPPI)),
            new Case("POLYGON ((1 1, 2 1, 2 2, 1 2, 1 1))", "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))", "2FF1FF212",
                    EnumSet.of(COVERED_BY, INTERSECTS, WITHIN, EH_INSIDE, RCC8_NTPP)),
            new Case("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))", SQUARE, "2FF11F212",
                    EnumSet.of(COVERED_BY, INTERSECTS, WITHIN, EH_COVERED_BY, RCC8_TPP)),
            new Case(SQUARE, "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))", "212F11FF2",
                    EnumSet.of(CONTAINS, COVERS, INTERSECTS, EH_COVERS, RCC8_TPPI)),
            new Case(SQUARE, "POLYGON ((0 0, 0 2, 2 2, 2 0, 0 0))", "2FFF1FFF2",
                    EnumSet.of(CONTAINS, COVERED_BY, COVERS, EQUALS, INTERSECTS, WITHIN, EH_EQUALS, RCC8_EQ)),
            new Case(SQUARE, "POLYGON ((5 5, 6 5, 6 6, 5 6, 5 5))", "FF2FF1212",
                    EnumSet.of(DISJOINT, EH_DISJOINT, RCC8_DC)));

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
                assertEquals(c.hold().contains(r), r.holds(a, b), r + " on the geometries " + c.a() + " / " + c.b());
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

    /** JTS's own named predicates are a second, independent implementation of the Simple Features relations. */
    @Test
    void simpleFeatureRelationsAgreeWithJtsNamedPredicates() throws ParseException {
        Map<Relation, BiPredicate<Geometry, Geometry>> jts = Map.of(
                CONTAINS, Geometry::contains, COVERED_BY, Geometry::coveredBy, COVERS, Geometry::covers,
                CROSSES, Geometry::crosses, DISJOINT, Geometry::disjoint, EQUALS, Geometry::equalsTopo,
                INTERSECTS, Geometry::intersects, OVERLAPS, Geometry::overlaps, TOUCHES, Geometry::touches,
                WITHIN, Geometry::within);
        WKTReader wkt = new WKTReader();
        for (Case c : CASES) {
            Geometry a = wkt.read(c.a());
            Geometry b = wkt.read(c.b());
            jts.forEach((r, predicate) -> assertEquals(predicate.test(a, b), r.holds(a, b), r + " for " + c.a() + " / " + c.b()));
        }
    }

    @Test
    void ofAnEmptyGeometryOnlyTheDisjointRelationsHold() throws ParseException {
        WKTReader wkt = new WKTReader();
        Geometry empty = wkt.read("GEOMETRYCOLLECTION EMPTY");
        Set<Relation> hold = EnumSet.noneOf(Relation.class);
        for (Relation r : Relation.values()) {
            if (r.holds(empty, wkt.read(SQUARE))) {
                hold.add(r);
            }
        }
        assertEquals(EnumSet.of(DISJOINT, EH_DISJOINT), hold);
    }

    @Test
    void geometryCollectionsAreRelatedAsTheUnionOfTheirParts() throws ParseException {
        WKTReader wkt = new WKTReader();
        Geometry mixed = wkt.read("GEOMETRYCOLLECTION (POINT (1 1), LINESTRING (0 0, 2 0))");
        assertEquals(true, WITHIN.holds(mixed, wkt.read(SQUARE)));
        assertEquals(false, CONTAINS.holds(mixed, wkt.read(SQUARE)));
        assertEquals(true, INTERSECTS.holds(wkt.read(SQUARE), mixed));
    }

    @Test
    void onlyTheDisjointRelationsHoldWithoutTheGeometriesMeeting() {
        Set<Relation> disjoint = EnumSet.noneOf(Relation.class);
        for (Relation r : Relation.values()) {
            if (!r.impliesIntersection()) {
                disjoint.add(r);
            }
        }
        assertEquals(EnumSet.of(DISJOINT, EH_DISJOINT, RCC8_DC), disjoint);
    }

    @Test
    void patternsDependOnTheDimensionsWhereTheDefinitionsDo() {
        assertEquals(List.of("0********"), CROSSES.patterns(1, 1));
        assertEquals(List.of("T*T******"), CROSSES.patterns(0, 2));
        assertEquals(List.of("T*****T**"), CROSSES.patterns(2, 1));
        assertEquals(List.of(), CROSSES.patterns(2, 2));
        assertEquals(List.of("1*T***T**"), OVERLAPS.patterns(1, 1));
        assertEquals(List.of("T*T***T**"), OVERLAPS.patterns(0, 0));
        assertEquals(List.of(), TOUCHES.patterns(0, 0));
        assertEquals(List.of("T*TFT*FF*"), EH_COVERS.patterns(2, 1));
        assertEquals(List.of(), EH_COVERS.patterns(1, 2));
        assertEquals(List.of("TTTTTTTTT"), RCC8_PO.patterns(2, 2));
        assertEquals(List.of(), RCC8_PO.patterns(1, 2));
        assertEquals(List.of("T*F**FFF*"), RCC8_EQ.patterns(0, 0));
    }

    @Test
    void relationsAreFoundByTheirGeoSparqlAndFloeIris() {
        assertEquals(WITHIN, Relation.ofFunction("http://www.opengis.net/def/function/geosparql/sfWithin").orElseThrow());
        assertEquals(RCC8_NTPPI, Relation.ofProperty("http://www.opengis.net/ont/geosparql#rcc8ntppi").orElseThrow());
        assertEquals(EH_COVERED_BY, Relation.ofProperty("http://www.opengis.net/ont/geosparql#ehCoveredBy").orElseThrow());
        assertEquals(COVERS, Relation.ofProperty("https://w3id.org/floe/ontology#covers").orElseThrow());
        assertEquals("http://www.opengis.net/ont/geosparql#sfIntersects", INTERSECTS.propertyIri());
        assertEquals("http://www.opengis.net/def/function/geosparql/ehMeet", EH_MEET.functionIri());
        assertEquals(null, COVERED_BY.functionIri());
        assertEquals(Relation.Family.RCC8, RCC8_EC.family());
        assertEquals(false, Relation.ofFunction("http://www.opengis.net/def/function/geosparql/distance").isPresent());
        assertEquals(false, Relation.ofFunction("https://w3id.org/floe/ontology#covers").isPresent());
        assertEquals(false, Relation.ofProperty(null).isPresent());
    }
}
