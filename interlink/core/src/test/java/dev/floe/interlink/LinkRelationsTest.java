package dev.floe.interlink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.floe.geo.Relation;

class LinkRelationsTest {

    @Test
    void theInterlinkerFindsTheSimpleFeatureRelationsAndCoversThatImplyIntersection() {
        assertEquals(List.of(Relation.CONTAINS, Relation.COVERED_BY, Relation.COVERS, Relation.CROSSES,
                Relation.EQUALS, Relation.INTERSECTS, Relation.OVERLAPS, Relation.TOUCHES, Relation.WITHIN),
                List.copyOf(LinkRelations.ALL));
    }

    @Test
    void commandLineNamesDropTheSimpleFeaturesPrefix() {
        assertEquals(List.of("contains", "coveredBy", "covers", "crosses", "equals", "intersects", "overlaps", "touches",
                "within"), LinkRelations.ALL.stream().map(LinkRelations::cliName).toList());
    }

    @Test
    void linksAreWrittenWithTheSimpleFeaturesPredicatesAndFloesCovers() {
        assertEquals(List.of("http://www.opengis.net/ont/geosparql#sfContains", "https://w3id.org/floe/ontology#coveredBy",
                "https://w3id.org/floe/ontology#covers", "http://www.opengis.net/ont/geosparql#sfCrosses",
                "http://www.opengis.net/ont/geosparql#sfEquals", "http://www.opengis.net/ont/geosparql#sfIntersects",
                "http://www.opengis.net/ont/geosparql#sfOverlaps", "http://www.opengis.net/ont/geosparql#sfTouches",
                "http://www.opengis.net/ont/geosparql#sfWithin"),
                LinkRelations.ALL.stream().map(Relation::propertyIri).toList());
    }
}
