package dev.floe.store.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.rdf.model.RDFNode;
import org.locationtech.jts.geom.Geometry;

import dev.floe.geo.Wkt;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.system.Txn;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.store.GeoStore;

/**
 * The Spark engine and the TDB2 store, loaded with the same data, give the same answers (row multisets; the ordered
 * rows where the query orders and slices) for queries over every construct the engine translates, and the engine
 * refuses what it cannot translate, naming it.
 */
class SparkSparqlEngineTest {

    static final String PREFIXES = """
            PREFIX ex: <http://example.org/>
            PREFIX geo: <http://www.opengis.net/ont/geosparql#>
            PREFIX geof: <http://www.opengis.net/def/function/geosparql/>
            PREFIX uom: <http://www.opengis.net/def/uom/OGC/1.0/>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
            """;

    static final String DATA = PREFIXES + """
            ex:a a ex:City ; rdfs:label "Alpha"@en, "Alpha"@de ; ex:pop 100 ; ex:area 2.5 ; ex:near ex:b ;
                 geo:hasDefaultGeometry ex:ga .
            ex:ga a geo:Geometry ; geo:asWKT "POINT(1 1)"^^geo:wktLiteral .
            ex:b a ex:City ; rdfs:label "Beta" ; ex:pop 250 ; ex:near ex:c ; geo:hasDefaultGeometry ex:gb .
            ex:gb a geo:Geometry ; geo:asWKT "POINT(5 5)"^^geo:wktLiteral .
            ex:c a ex:Town ; rdfs:label "Gamma" ; ex:pop 300.5 ; geo:hasDefaultGeometry ex:gc .
            ex:gc a geo:Geometry ; geo:asWKT "<http://www.opengis.net/def/crs/EPSG/0/4326> POINT(2 3)"^^geo:wktLiteral .
            ex:r1 a ex:Region ; rdfs:label "West" ; geo:hasDefaultGeometry ex:gr1 .
            ex:gr1 a geo:Geometry ; geo:asWKT "POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))"^^geo:wktLiteral .
            ex:r2 a ex:Region ; rdfs:label "East" ; geo:hasDefaultGeometry ex:gr2 .
            ex:gr2 a geo:Geometry ; geo:asWKT "POLYGON((4 0, 8 0, 8 8, 4 8, 4 0))"^^geo:wktLiteral .
            ex:river a ex:River ; rdfs:label "Long river"@en ; geo:hasDefaultGeometry ex:griver .
            ex:griver a geo:Geometry ; geo:asWKT "LINESTRING(-1 2, 9 2)"^^geo:wktLiteral .
            """;

    /** Queries whose answers are compared as multisets. */
    static final Map<String, String> QUERIES = Map.ofEntries(
            Map.entry("bgp-filter", "SELECT ?x ?p WHERE { ?x ex:pop ?p FILTER(?p > 150) }"),
            Map.entry("optional", "SELECT ?x ?n WHERE { ?x a ex:City OPTIONAL { ?x ex:near ?n } }"),
            Map.entry("optional-filter", "SELECT ?x ?a WHERE { ?x ex:pop ?p OPTIONAL { ?x ex:area ?a FILTER(?p < 200) } }"),
            Map.entry("optional-chain", "SELECT ?x ?n ?m WHERE { ?x a ex:City OPTIONAL { ?x ex:near ?n OPTIONAL { ?n ex:near ?m } } }"),
            Map.entry("union", "SELECT ?x ?l WHERE { { ?x a ex:City } UNION { ?x a ex:Town } ?x rdfs:label ?l }"),
            Map.entry("union-unbound", "SELECT ?x ?y WHERE { { ?x a ex:Town } UNION { ?y a ex:Region } }"),
            Map.entry("bind-functions", "SELECT ?x ?lg ?s ?dt ?twice WHERE { ?x rdfs:label ?l ; ex:pop ?p "
                    + "BIND(lang(?l) AS ?lg) BIND(str(?l) AS ?s) BIND(datatype(?p) AS ?dt) BIND(?p * 2 AS ?twice) }"),
            Map.entry("regex", "SELECT ?x ?l WHERE { ?x rdfs:label ?l FILTER regex(?l, \"^al|river\", \"i\") }"),
            Map.entry("logical-bound", "SELECT ?x WHERE { ?x ex:pop ?p OPTIONAL { ?x ex:area ?a } "
                    + "FILTER(!bound(?a) && (?p >= 250 || ?p < 0)) }"),
            Map.entry("aggregates", "SELECT ?t (COUNT(?x) AS ?n) (SUM(?p) AS ?s) (AVG(?p) AS ?a) (MIN(?p) AS ?mn) "
                    + "(MAX(?p) AS ?mx) (SAMPLE(?t) AS ?smp) WHERE { ?x a ?t ; ex:pop ?p } GROUP BY ?t"),
            Map.entry("aggregates-over-unbound", "SELECT (SUM(?a) AS ?s) (AVG(?a) AS ?v) (MIN(?a) AS ?m) (MAX(?l) AS ?ml) "
                    + "(COUNT(?a) AS ?c) WHERE { ?x ex:pop ?p OPTIONAL { ?x ex:area ?a } OPTIONAL { ?x rdfs:label ?l } }"),
            Map.entry("sum-of-strings", "SELECT ?x (SUM(?l) AS ?s) WHERE { ?x rdfs:label ?l } GROUP BY ?x"),
            Map.entry("group-by-expression", "SELECT ?big (COUNT(*) AS ?n) WHERE { ?x ex:pop ?p } GROUP BY (?p > 200 AS ?big)"),
            Map.entry("count-all", "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?t) AS ?types) WHERE { ?x a ?t }"),
            Map.entry("count-empty", "SELECT (COUNT(*) AS ?n) WHERE { ?x a ex:Nothing }"),
            Map.entry("group-concat", "SELECT ?x (GROUP_CONCAT(DISTINCT ?l; separator=\"|\") AS ?ls) WHERE { ?x rdfs:label ?l } GROUP BY ?x"),
            Map.entry("having", "SELECT ?t (COUNT(?x) AS ?n) WHERE { ?x a ?t } GROUP BY ?t HAVING (COUNT(?x) > 1)"),
            Map.entry("distinct", "SELECT DISTINCT ?t WHERE { ?x a ?t }"),
            Map.entry("sub-query", "SELECT ?x ?m WHERE { ?x ex:pop ?p { SELECT (MAX(?q) AS ?m) WHERE { ?y ex:pop ?q } } FILTER(?p = ?m) }"),
            Map.entry("variable-predicate", "SELECT ?p ?o WHERE { ex:a ?p ?o }"),
            Map.entry("values", "SELECT ?x ?l WHERE { VALUES ?x { ex:b ex:c } ?x rdfs:label ?l }"),
            Map.entry("sf-within-features", "SELECT ?x ?r WHERE { ?x a ex:City . ?x geo:sfWithin ?r . ?r a ex:Region }"),
            Map.entry("sf-intersects-objects", "SELECT ?r ?o WHERE { ?r a ex:Region . ?r geo:sfIntersects ?o }"),
            Map.entry("sf-touches-constant", "SELECT ?a WHERE { ?a geo:sfTouches ex:r2 }"),
            Map.entry("eh-rcc8", "SELECT ?a ?b WHERE { ?a a ex:Region . ?b a ex:Region . ?a geo:ehMeet ?b . ?a geo:rcc8ec ?b }"),
            Map.entry("geof-join", "SELECT ?x ?r WHERE { ?x a ex:City ; geo:hasDefaultGeometry/geo:asWKT ?w . "
                    + "?r a ex:Region ; geo:hasDefaultGeometry/geo:asWKT ?rw FILTER(geof:sfWithin(?w, ?rw)) }"),
            Map.entry("geof-constant", "SELECT ?x WHERE { ?x geo:hasDefaultGeometry/geo:asWKT ?w "
                    + "FILTER(geof:sfIntersects(?w, \"POLYGON((0 0, 3.5 0, 3.5 3.5, 0 3.5, 0 0))\"^^geo:wktLiteral)) }"),
            Map.entry("geof-disjoint-constant", "SELECT ?x WHERE { ?x geo:hasDefaultGeometry/geo:asWKT ?w "
                    + "FILTER(geof:sfDisjoint(\"POINT(1 1)\"^^geo:wktLiteral, ?w)) }"),
            Map.entry("geof-distance", "SELECT ?x ?y ?d ?km WHERE { ?x ex:near ?y . ?x geo:hasDefaultGeometry/geo:asWKT ?w . "
                    + "?y geo:hasDefaultGeometry/geo:asWKT ?v BIND(geof:distance(?w, ?v, uom:metre) AS ?d) "
                    + "BIND(geof:distance(?w, ?v, uom:kilometre) AS ?km) }"),
            Map.entry("geof-constructive", "SELECT ?x ?e ?b ?h ?i ?u ?d ?s WHERE { ?x a ex:Region ; geo:hasDefaultGeometry/geo:asWKT ?w . "
                    + "ex:river geo:hasDefaultGeometry/geo:asWKT ?r "
                    + "BIND(geof:envelope(?r) AS ?e) BIND(geof:boundary(?w) AS ?b) BIND(geof:convexHull(?r) AS ?h) "
                    + "BIND(geof:intersection(?w, ?r) AS ?i) BIND(geof:union(?w, ?r) AS ?u) BIND(geof:difference(?w, ?r) AS ?d) "
                    + "BIND(geof:symDifference(?w, ?r) AS ?s) }"),
            Map.entry("minus", "SELECT ?x WHERE { ?x a ex:City MINUS { ?x ex:near ex:b } }"),
            Map.entry("minus-nothing-shared", "SELECT ?x WHERE { ?x a ex:City MINUS { ?y a ex:Town } }"),
            Map.entry("minus-unbound", "SELECT ?x ?a WHERE { ?x ex:pop ?p OPTIONAL { ?x ex:area ?a } MINUS { ?y ex:area ?a } }"),
            Map.entry("minus-union", "SELECT ?x ?l WHERE { ?x rdfs:label ?l MINUS { { ?x a ex:City } UNION { ?l ex:none ?q } } }"),
            Map.entry("minus-geometry", "SELECT ?x ?w WHERE { ?x geo:hasDefaultGeometry/geo:asWKT ?w MINUS { ?x a ex:Region } }"),
            Map.entry("exists", "SELECT ?x WHERE { ?x a ex:City FILTER EXISTS { ?x ex:near ?y } }"),
            Map.entry("not-exists", "SELECT ?x WHERE { ?x ex:pop ?p FILTER NOT EXISTS { ?x ex:near ?y } }"),
            Map.entry("not-exists-negated", "SELECT ?x WHERE { ?x ex:pop ?p FILTER(!EXISTS { ?x ex:near ?y }) }"),
            Map.entry("exists-unbound", "SELECT ?x ?a WHERE { ?x ex:pop ?p OPTIONAL { ?x ex:area ?a } FILTER EXISTS { ?y ex:area ?a } }"),
            Map.entry("exists-inner-filter", "SELECT ?x WHERE { ?x a ?t FILTER EXISTS { ?x ex:pop ?p FILTER(?p > 200) } }"),
            Map.entry("exists-union", "SELECT ?x WHERE { ?x rdfs:label ?l FILTER EXISTS { { ?x a ex:Town } UNION { ?x a ex:Region } } }"),
            Map.entry("exists-nothing-shared", "SELECT ?x WHERE { ?x a ex:Town FILTER EXISTS { ?y a ex:River } }"),
            Map.entry("not-exists-nothing-shared", "SELECT ?x WHERE { ?x a ex:Town FILTER NOT EXISTS { ?y a ex:Lake } }"),
            Map.entry("exists-spatial", "SELECT ?x WHERE { ?x a ex:City FILTER EXISTS { ?x geo:sfWithin ?r . ?r a ex:Region } }"),
            Map.entry("exists-and-filter", "SELECT ?x WHERE { ?x ex:pop ?p FILTER(?p > 120) FILTER NOT EXISTS { ?x ex:near ex:c } }"),
            Map.entry("geof-srid", "SELECT ?x ?srid WHERE { ?x geo:asWKT ?w BIND(geof:getSRID(?w) AS ?srid) }"),
            Map.entry("geof-distance-filter", "SELECT ?x WHERE { ?x geo:hasDefaultGeometry/geo:asWKT ?w "
                    + "FILTER(geof:distance(?w, \"POINT(1 1)\"^^geo:wktLiteral, uom:kilometre) < 300) }"));

    /** Queries whose ordered answers are compared row by row. */
    static final Map<String, String> ORDERED = Map.of(
            "order-limit-offset", "SELECT ?x ?p WHERE { ?x ex:pop ?p } ORDER BY DESC(?p) LIMIT 2 OFFSET 1",
            "order-mixed", "SELECT ?x ?n WHERE { ?x a ?t OPTIONAL { ?x ex:near ?n } } ORDER BY ?n ?x",
            "order-distinct-limit", "SELECT DISTINCT ?t WHERE { ?x a ?t } ORDER BY ?t LIMIT 3",
            "order-expression", "SELECT ?x ?l WHERE { ?x rdfs:label ?l } ORDER BY DESC(str(?l)) ?x OFFSET 2");

    @TempDir
    static Path tmp;
    static BothStores stores;
    static SparkSession spark;
    static GeoStore tdb;
    static SparkSparqlEngine engine;

    @BeforeAll
    static void load() throws IOException {
        stores = BothStores.load("floe-sparql-engine-test", RDFParser.fromString(DATA, Lang.TURTLE).toDatasetGraph(), tmp);
        spark = stores.spark();
        tdb = stores.tdb();
        engine = stores.engine();
    }

    @AfterAll
    static void stop() {
        stores.close();
    }

    static List<String> onTdb(String query) {
        return stores.onTdb(PREFIXES + query);
    }

    static Graph constructOnTdb(String query) {
        return Txn.calculateRead(tdb.dataset(), () -> {
            try (QueryExecution qe = QueryExecution.dataset(tdb.dataset()).query(PREFIXES + query).build()) {
                return qe.execConstruct().getGraph();
            }
        });
    }

    /** The triples of a graph without blank nodes, as sorted N-Triples lines. */
    static List<String> lines(Graph g) {
        return g.find().toList().stream().map(ConstructTemplate::line).sorted().toList();
    }

    static List<String> sorted(List<String> rows) {
        return rows.stream().sorted().toList();
    }

    @TestFactory
    Stream<DynamicTest> everyTranslatedQueryAnswersAsTheTdb2StoreDoes() {
        return QUERIES.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            List<String> expected = sorted(onTdb(e.getValue()));
            assertFalse(expected.isEmpty() && !e.getKey().equals("count-empty"), "the query must find something: " + e.getKey());
            assertEquals(expected, sorted(Answers.rows(engine.select(PREFIXES + e.getValue()))), e.getKey());
        }));
    }

    @TestFactory
    Stream<DynamicTest> orderedQueriesKeepTheTdb2StoresOrder() {
        return ORDERED.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> DynamicTest.dynamicTest(e.getKey(), () ->
                assertEquals(onTdb(e.getValue()), Answers.rows(engine.select(PREFIXES + e.getValue())), e.getKey())));
    }

    /** CONSTRUCT queries whose graphs are compared (literals canonical, blank nodes by isomorphism). */
    static final Map<String, String> CONSTRUCTS = Map.of(
            "template", "CONSTRUCT { ?x ex:neighbour ?n . ?n ex:neighbourOf ?x } WHERE { ?x ex:near ?n }",
            "duplicates", "CONSTRUCT { ?x a ex:Place } WHERE { ?x rdfs:label ?l }",
            "blank-nodes", "CONSTRUCT { ?x ex:named [ ex:label ?l ; ex:by ?x ] } WHERE { ?x a ex:City ; rdfs:label ?l }",
            "unbound", "CONSTRUCT { ?x ex:size ?a ; ex:count ?p } WHERE { ?x ex:pop ?p OPTIONAL { ?x ex:area ?a } }",
            "literal-subject", "CONSTRUCT { ?l ex:of ?x . ?x ex:label ?l } WHERE { ?x a ex:Town ; rdfs:label ?l }",
            "where", "CONSTRUCT WHERE { ?x a ex:Region ; geo:hasDefaultGeometry ?g . ?g geo:asWKT ?w }",
            "order-limit", "CONSTRUCT { ?x ex:pop ?p } WHERE { ?x ex:pop ?p } ORDER BY DESC(?p) LIMIT 2",
            "spatial", "CONSTRUCT { ?x ex:inside ?r } WHERE { ?x a ex:City . ?x geo:sfWithin ?r . ?r a ex:Region }");

    @TestFactory
    Stream<DynamicTest> constructGivesTheTdb2StoresGraph() {
        return CONSTRUCTS.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Graph expected = Answers.canonical(constructOnTdb(e.getValue()));
            assertFalse(expected.isEmpty(), e.getKey());
            Graph actual = Answers.canonical(engine.construct(PREFIXES + e.getValue()));
            assertTrue(expected.isIsomorphicWith(actual), e.getKey() + ": expected\n" + expected + "\nbut was\n" + actual);
        }));
    }

    @Test
    void constructInstantiatesTheTemplatePerSolutionWithoutDuplicates() {
        assertEquals(List.of("<http://example.org/a> <http://example.org/neighbour> <http://example.org/b> .",
                "<http://example.org/b> <http://example.org/neighbour> <http://example.org/c> ."),
                lines(engine.construct(PREFIXES + CONSTRUCTS.get("template").replace(" . ?n ex:neighbourOf ?x", ""))));
        assertEquals(List.of("<http://example.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Place> .",
                "<http://example.org/b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Place> .",
                "<http://example.org/c> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Place> .",
                "<http://example.org/r1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Place> .",
                "<http://example.org/r2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Place> .",
                "<http://example.org/river> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Place> ."),
                lines(engine.construct(PREFIXES + CONSTRUCTS.get("duplicates"))));
        assertEquals(List.of("<http://example.org/a> <http://example.org/area> \"2.5\"^^<http://www.w3.org/2001/XMLSchema#decimal> ."),
                lines(engine.construct(PREFIXES + "CONSTRUCT { ?x ex:area ?a } WHERE { ?x ex:pop ?p OPTIONAL { ?x ex:area ?a } }")));
        assertEquals(List.of("<http://example.org/c> <http://example.org/pop> \"300.5\"^^<http://www.w3.org/2001/XMLSchema#decimal> ."),
                lines(engine.construct(PREFIXES + "CONSTRUCT { ?x ex:pop ?p } WHERE { ?x ex:pop ?p } ORDER BY DESC(?p) LIMIT 1")));
        // a fresh blank node per solution: three labels of cities, three nodes
        Graph named = engine.construct(PREFIXES + CONSTRUCTS.get("blank-nodes"));
        assertEquals(9, named.size());
        assertEquals(3, named.find(Node.ANY, NodeFactory.createURI("http://example.org/label"), Node.ANY).toList().stream()
                .map(Triple::getSubject).filter(Node::isBlank).distinct().count());
    }

    /** Each solution of a query by its ?x, its other values as RDF terms. */
    static Map<String, Map<String, RDFNode>> byX(org.apache.jena.query.ResultSet rs) {
        Map<String, Map<String, RDFNode>> out = new java.util.TreeMap<>();
        rs.forEachRemaining(row -> {
            Map<String, RDFNode> values = new java.util.TreeMap<>();
            row.varNames().forEachRemaining(v -> values.put(v, row.get(v)));
            out.put(row.get("x").toString(), values);
        });
        return out;
    }

    @Test
    void bufferAndAreaAreTheTdb2StoresGeometriesAndMeasures() throws Exception {
        String query = PREFIXES + "SELECT ?x ?b ?a ?ab ?ha WHERE { ?x geo:hasDefaultGeometry/geo:asWKT ?w "
                + "BIND(geof:buffer(?w, 20, uom:kilometre) AS ?b) BIND(geof:area(?w, uom:kilometre) AS ?a) BIND(geof:area(?b, uom:metre) AS ?ab) "
                + "BIND(geof:area(?w, <http://qudt.org/vocab/unit/HA>) AS ?ha) }";
        Map<String, Map<String, RDFNode>> expected = Txn.calculateRead(tdb.dataset(), () -> {
            try (QueryExecution qe = QueryExecution.dataset(tdb.dataset()).query(query).build()) {
                return byX(qe.execSelect());
            }
        });
        Map<String, Map<String, RDFNode>> actual = byX(engine.select(query));
        assertEquals(expected.keySet(), actual.keySet());
        assertEquals(6, actual.size());
        for (String x : expected.keySet()) {
            Map<String, RDFNode> e = expected.get(x);
            Map<String, RDFNode> a = actual.get(x);
            assertEquals(e.keySet(), a.keySet(), x);
            Geometry eb = Wkt.readCrs84(e.get("b").asLiteral().getLexicalForm());
            Geometry ab = Wkt.readCrs84(a.get("b").asLiteral().getLexicalForm());
            assertTrue(eb.equalsExact(ab, 1e-9), x + ": " + eb + " but was " + ab);
            for (String v : List.of("a", "ab", "ha")) {
                double ev = e.get(v).asLiteral().getDouble();
                assertEquals(ev, a.get(v).asLiteral().getDouble(), Math.abs(ev) * 1e-9, x + " " + v);
            }
        }
        Map<String, RDFNode> alpha = actual.get("http://example.org/a");
        assertEquals(0.0, alpha.get("a").asLiteral().getDouble());
        // JTS's buffer (8 segments a quadrant) by 20 km: 0.994 of the circle's 1256.6 km²
        assertEquals(1248.6e6, alpha.get("ab").asLiteral().getDouble(), 1248.6e6 * 0.003);
        // the 4 x 4 degree square at the equator on the WGS84 spheroid: 196,796 km², within the UTM zone's scale error
        assertEquals(196_796, actual.get("http://example.org/r1").get("a").asLiteral().getDouble(), 196_796 * 0.003);
    }

    @Test
    void minusAndExistsKeepExactlyTheRowsSparqlKeeps() {
        assertEquals(List.of("{x=<http://example.org/b>}"), sorted(Answers.rows(engine.select(PREFIXES + QUERIES.get("minus")))));
        assertEquals(List.of("{x=<http://example.org/b>}", "{x=<http://example.org/c>}"),
                sorted(Answers.rows(engine.select(PREFIXES + QUERIES.get("minus-unbound")))));
        assertEquals(List.of("{x=<http://example.org/a>}", "{x=<http://example.org/b>}"),
                sorted(Answers.rows(engine.select(PREFIXES + QUERIES.get("minus-nothing-shared")))));
        assertEquals(List.of("{x=<http://example.org/c>}"), sorted(Answers.rows(engine.select(PREFIXES + QUERIES.get("not-exists")))));
        assertEquals(List.of("{x=<http://example.org/b>}", "{x=<http://example.org/c>}"),
                sorted(Answers.rows(engine.select(PREFIXES + QUERIES.get("exists-inner-filter")))));
        // an unbound ?a is free in the pattern: EXISTS holds for every row, NOT EXISTS for none
        assertEquals(3, Answers.rows(engine.select(PREFIXES + QUERIES.get("exists-unbound"))).size());
        assertEquals(List.of(), Answers.rows(engine.select(PREFIXES + QUERIES.get("exists-unbound").replace("EXISTS", "NOT EXISTS"))));
        assertTrue(engine.ask(PREFIXES + "ASK { ex:c a ex:Town FILTER NOT EXISTS { ex:c ex:near ?y } }"));
    }

    @Test
    void existsWhosePatternChangesUnderSubstitutionIsRefusedByName() {
        assertEquals("the Spark engine does not support EXISTS { ... } with OPTIONAL inside", assertThrows(UnsupportedQueryException.class,
                () -> engine.select(PREFIXES + "SELECT ?x WHERE { ?x a ex:City FILTER EXISTS { ?x ex:near ?y OPTIONAL { ?y ex:near ?z } } }"))
                .getMessage());
        assertEquals("the Spark engine does not support NOT EXISTS { ... } with BIND inside", assertThrows(UnsupportedQueryException.class,
                () -> engine.select(PREFIXES + "SELECT ?x WHERE { ?x ex:pop ?p FILTER NOT EXISTS { ?x ex:near ?y BIND(?p AS ?q) } }"))
                .getMessage());
        String outer = assertThrows(UnsupportedQueryException.class, () -> engine.select(PREFIXES
                + "SELECT ?x WHERE { ?x ex:pop ?p FILTER EXISTS { ?y ex:pop ?q FILTER(?q > ?p) } }")).getMessage();
        assertTrue(outer.startsWith("the Spark engine does not support EXISTS { ... } with a FILTER (") 
                && outer.endsWith(") over variables its own triple patterns do not bind"), outer);
    }

    static String plan(String query) {
        return engine.pattern(PREFIXES + query).queryExecution().executedPlan().toString();
    }

    @Test
    void aRelationBetweenTwoPatternsRunsAsASedonaSpatialJoin() {
        for (String name : List.of("geof-join", "sf-within-features")) {
            String plan = plan(QUERIES.get(name));
            System.out.println(plan);
            assertTrue(plan.contains("RangeJoin") || plan.contains("BroadcastIndexJoin") || plan.contains("DistanceJoin"), name + ":\n" + plan);
            assertFalse(plan.contains("CartesianProduct") || plan.contains("BroadcastNestedLoopJoin"), name + ":\n" + plan);
        }
    }

    @Test
    void aRelationWithAConstantGeometryPushesItsBboxDownToTheGeoParquetScan() {
        String plan = plan(QUERIES.get("geof-constant"));
        System.out.println(plan);
        assertTrue(plan.matches("(?s).*PushedFilters: \\[[^\\]]*bbox\\.xmax.*"), plan);
    }

    @Test
    void askIsTrueExactlyWhereTheStoreHasAMatch() {
        assertTrue(engine.ask(PREFIXES + "ASK { ex:a ex:near ex:b }"));
        assertFalse(engine.ask(PREFIXES + "ASK { ex:b ex:near ex:a }"));
    }

    @Test
    void whatTheEngineCannotTranslateIsRefusedByName() {
        assertEquals("the Spark engine does not support FILTER with EXISTS { ... }", assertThrows(UnsupportedQueryException.class,
                () -> engine.select(PREFIXES + "SELECT ?x WHERE { ?x a ex:City FILTER(EXISTS { ?x ex:near ?y } || ?x = ex:c) }")).getMessage());
        assertEquals("the Spark engine does not support BIND with the function <http://www.opengis.net/def/function/geosparql/asGeoJSON>",
                assertThrows(UnsupportedQueryException.class, () -> engine.select(PREFIXES
                        + "SELECT ?b WHERE { ?x geo:asWKT ?w BIND(geof:asGeoJSON(?w) AS ?b) }")).getMessage());
        assertEquals("the Spark engine does not support geof:buffer in units <http://www.opengis.net/def/uom/OGC/1.0/degree> "
                + "(only uom:metre and uom:kilometre)", assertThrows(UnsupportedQueryException.class, () -> engine.select(PREFIXES
                        + "SELECT ?b WHERE { ?x geo:asWKT ?w BIND(geof:buffer(?w, 1, uom:degree) AS ?b) }")).getMessage());
        assertEquals("the Spark engine does not support BIND with NOW()", assertThrows(UnsupportedQueryException.class,
                () -> engine.select(PREFIXES + "SELECT ?t WHERE { ?x a ex:City BIND(NOW() AS ?t) }")).getMessage());
        assertEquals("the Spark engine does not support LIMIT or OFFSET inside a sub-query", assertThrows(UnsupportedQueryException.class,
                () -> engine.select(PREFIXES + "SELECT ?x WHERE { { SELECT ?x WHERE { ?x a ex:City } LIMIT 1 } }")).getMessage());
        assertEquals("the Spark engine does not support ORDER BY with <http://www.opengis.net/def/function/geosparql/distance> "
                + "(BIND its value, then order by the variable)", assertThrows(UnsupportedQueryException.class, () -> engine.select(PREFIXES
                + "SELECT ?x WHERE { ?x geo:asWKT ?w } ORDER BY geof:distance(?w, \"POINT(0 0)\"^^geo:wktLiteral, uom:metre)")).getMessage());
        assertTrue(assertThrows(UnsupportedQueryException.class, () -> engine.select(PREFIXES
                + "PREFIX text: <http://jena.apache.org/text#> SELECT ?x WHERE { ?x text:query 'Alpha' }")).getMessage()
                .contains("<http://jena.apache.org/text#query>"));
    }
}
