package dev.floe.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.rdf4j.query.QueryLanguage;
import org.eclipse.rdf4j.query.algebra.StatementPattern;
import org.eclipse.rdf4j.query.algebra.TupleExpr;
import org.eclipse.rdf4j.query.algebra.helpers.collectors.StatementPatternCollector;
import org.eclipse.rdf4j.query.parser.QueryParserUtil;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

/** Source selection by summaries on parsed queries: which members each triple pattern keeps. */
class SourcePrunerTest {

    static final String P = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX geof: <http://www.opengis.net/def/function/geosparql/> PREFIX floe: <https://w3id.org/floe/ontology#> "
            + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ";
    static final String GEO = "http://www.opengis.net/ont/geosparql#";
    static final String FLOE = "https://w3id.org/floe/ontology#";
    static final String TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    static final Set<String> PREDICATES = Set.of(TYPE, GEO + "hasDefaultGeometry", GEO + "asWKT", "http://www.w3.org/2000/01/rdf-schema#label");

    // products near Croatia, countries in Europe, countries in the Americas, seas everywhere, one member unknown
    static final Map<String, MemberSummary> SUMMARIES = Map.of(
            "products", new MemberSummary(union(PREDICATES, FLOE + "footprintWkt"), Set.of(FLOE + "EOProduct"), new Envelope(13, 17, 44, 47), 10, 0, Instant.now()),
            "europe", summary(Set.of(FLOE + "Country"), new Envelope(-10, 40, 35, 71)),
            "americas", summary(Set.of(FLOE + "Country"), new Envelope(-170, -35, -55, 83)),
            "seas", summary(Set.of(FLOE + "Sea"), new Envelope(-180, 180, -85, 85)));
    static final List<String> MEMBERS = List.of("products", "europe", "americas", "seas", "unknown");

    static Set<String> union(Set<String> a, String b) {
        Set<String> out = new java.util.HashSet<>(a);
        out.add(b);
        return out;
    }

    static MemberSummary summary(Set<String> classes, Envelope box) {
        return new MemberSummary(PREDICATES, classes, box, 10, 0, Instant.now());
    }

    /** The members kept by each pattern, as "subject predicate -> members" lines in query order. */
    static List<String> select(String query) {
        return select(query, MEMBERS);
    }

    static List<String> select(String query, List<String> members) {
        TupleExpr expr = QueryParserUtil.parseQuery(QueryLanguage.SPARQL, P + query, null).getTupleExpr();
        List<StatementPattern> patterns = StatementPatternCollector.process(expr);
        Map<StatementPattern, Set<String>> allowed = SourcePruner.select(patterns, members, SUMMARIES);
        return patterns.stream().map(p -> name(p) + " -> " + new TreeSet<>(allowed.get(p))).toList();
    }

    static String name(StatementPattern p) {
        String pred = p.getPredicateVar().hasValue() ? p.getPredicateVar().getValue().stringValue().replaceAll(".*[#/]", "")
                : "?" + p.getPredicateVar().getName();
        String obj = p.getObjectVar().hasValue() ? " " + p.getObjectVar().getValue().stringValue().replaceAll(".*[#/]", "") : "";
        return (p.getSubjectVar().isAnonymous() ? "_" : p.getSubjectVar().getName()) + " " + pred + obj;
    }

    @Test
    void classesAndPredicatesPruneMembersThatCannotMatch() {
        assertEquals(List.of("c type Country -> [americas, europe, unknown]", "c label -> [americas, europe, products, seas, unknown]",
                "c unknownProperty -> [unknown]"),
                select("SELECT * WHERE { ?c a floe:Country ; rdfs:label ?l ; floe:unknownProperty ?x }"));
    }

    @Test
    void aConstantGeometryKeepsOnlyMembersWhoseBoxMeetsIt() {
        // a box over Croatia, in CRS84 written out: the Americas cannot have a country there
        assertEquals(List.of("c type Country -> [americas, europe, unknown]", "c hasDefaultGeometry -> [americas, europe, products, seas, unknown]",
                "_ asWKT -> [europe, products, seas, unknown]"),
                select("SELECT * WHERE { ?c a floe:Country ; geo:hasDefaultGeometry/geo:asWKT ?w . "
                        + "FILTER(geof:sfIntersects(?w, \"<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POLYGON((13 44, 17 44, 17 47, 13 47, 13 44))\"^^geo:wktLiteral)) }"));
    }

    @Test
    void anAlreadyBoundGeometryPrunesTheOtherSideByTheBoxesOfItsSources() {
        // footprints over Croatia can come only from 'products' and 'europe', so the country geometries they
        // intersect cannot come from the Americas
        String q = "SELECT * WHERE { ?f geo:asWKT ?fp . ?c a floe:Country ; geo:hasDefaultGeometry/geo:asWKT ?cw . "
                + "FILTER(geof:sfIntersects(?fp, \"POLYGON((13 44, 17 44, 17 47, 13 47, 13 44))\"^^geo:wktLiteral) "
                + "&& geof:sfIntersects(?fp, ?cw)) }";
        assertEquals(List.of("f asWKT -> [europe, products]", "c type Country -> [americas, europe]",
                "c hasDefaultGeometry -> [americas, europe, products]", "_ asWKT -> [europe, products]"),
                select(q, List.of("products", "europe", "americas")));
        // a member without a summary could hold footprints anywhere: then nothing is pruned on that account
        assertEquals("_ asWKT -> [americas, europe, products, unknown]",
                select(q, List.of("products", "europe", "americas", "unknown")).get(3));
    }

    @Test
    void disjointNegatedOrOutOfScopeFiltersPruneNothing() {
        String far = "\"POLYGON((100 -10, 110 -10, 110 0, 100 0, 100 -10))\"^^geo:wktLiteral";
        List<String> all = List.of("_ asWKT -> [americas, europe, products, seas, unknown]");
        assertEquals(all, select("SELECT * WHERE { ?g geo:asWKT ?w FILTER(geof:sfDisjoint(?w, " + far + ")) }").subList(0, 1)
                .stream().map(s -> s.replace("g asWKT", "_ asWKT")).toList());
        assertEquals(all, select("SELECT * WHERE { ?g geo:asWKT ?w FILTER(!geof:sfIntersects(?w, " + far + ")) }")
                .stream().map(s -> s.replace("g asWKT", "_ asWKT")).toList());
        // the filter is outside a subquery with LIMIT: pruning would change which rows the LIMIT keeps
        assertEquals(all, select("SELECT * WHERE { { SELECT ?w WHERE { ?g geo:asWKT ?w } LIMIT 3 } FILTER(geof:sfIntersects(?w, " + far + ")) }")
                .stream().map(s -> s.replace("g asWKT", "_ asWKT")).toList());
    }

    @Test
    void withColocatedFeaturesAMemberPrunedForOnePatternOfAFeatureIsPrunedForAll() {
        TupleExpr expr = QueryParserUtil.parseQuery(QueryLanguage.SPARQL, P + "SELECT * WHERE { ?c a floe:Country ; rdfs:label ?l ; "
                + "geo:hasDefaultGeometry/geo:asWKT ?w . ?p floe:near ?c . OPTIONAL { ?c rdfs:comment ?x } "
                + "FILTER(geof:sfIntersects(?w, \"POLYGON((13 44, 17 44, 17 47, 13 47, 13 44))\"^^geo:wktLiteral)) }", null).getTupleExpr();
        List<StatementPattern> patterns = StatementPatternCollector.process(expr);
        Map<StatementPattern, Set<String>> allowed = SourcePruner.select(patterns, MEMBERS, SUMMARIES, true);
        List<String> lines = patterns.stream().map(p -> name(p) + " -> " + new TreeSet<>(allowed.get(p))).toList();
        // the country's star and its geometry: only Europe (and the unknown member); the other features and the
        // OPTIONAL part are left alone
        assertEquals(List.of("c type Country -> [europe, unknown]", "c label -> [europe, unknown]", "c hasDefaultGeometry -> [europe, unknown]",
                "_ asWKT -> [europe, unknown]", "p near -> [unknown]", "c comment -> [unknown]"), lines);
    }

    @Test
    void aConstantInAPropertyFunctionPrunesByBox() {
        assertEquals(List.of("c sfWithin POLYGON((13 44, 17 44, 17 47, 13 47, 13 44)) -> [europe, products, seas, unknown]"),
                select("SELECT * WHERE { ?c geo:sfWithin \"POLYGON((13 44, 17 44, 17 47, 13 47, 13 44))\"^^geo:wktLiteral }"));
    }

    @Test
    void aFilterOverAnOptionalOrUnionStillPrunes() {
        String croatia = "\"POLYGON((13 44, 17 44, 17 47, 13 47, 13 44))\"^^geo:wktLiteral";
        assertEquals(List.of("g asWKT -> [europe, products, seas, unknown]", "g asWKT -> [europe, products, seas, unknown]"),
                select("SELECT * WHERE { { ?g geo:asWKT ?w } UNION { ?g geo:asWKT ?w } FILTER(geof:sfWithin(?w, " + croatia + ")) }"));
    }
}
