package dev.floe.store.geosparql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.jena.graph.Graph;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.graph.GraphFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each correction floe makes to Jena's GeoSPARQL functions, on the smallest case that shows it. */
class GeoSparqlCorrectionsTest {

    static final String P = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX geof: <http://www.opengis.net/def/function/geosparql/> ";
    static final String GML_ONT = "<gml:Point xmlns:gml=\\\"http://www.opengis.net/ont/gml\\\" "
            + "srsName=\\\"http://www.opengis.net/def/crs/OGC/1.3/CRS84\\\"><gml:pos>1 2</gml:pos></gml:Point>";

    @BeforeAll
    static void setUp() {
        GeoSparqlSetup.ensure();
    }

    static String eval(String expression) {
        Dataset ds = DatasetFactory.create();
        try (QueryExecution qe = QueryExecution.dataset(ds).query(P + "SELECT ?v WHERE { BIND(" + expression + " AS ?v) }").build()) {
            QuerySolution row = qe.execSelect().next();
            return row.get("v") == null ? "error" : row.get("v").asNode().getLiteralLexicalForm();
        }
    }

    @Test
    void equalPointsAreEqual() {
        assertEquals("true", eval("geof:sfEquals('POINT(1 2)'^^geo:wktLiteral, 'POINT(1 2)'^^geo:wktLiteral)"));
        assertEquals("true", eval("geof:ehEquals('POINT(1 2)'^^geo:wktLiteral, 'MULTIPOINT((1 2))'^^geo:wktLiteral)"));
        assertEquals("false", eval("geof:sfEquals('POINT(1 2)'^^geo:wktLiteral, 'POINT(1 3)'^^geo:wktLiteral)"));
        assertEquals("true", eval("geof:sfEquals('POLYGON EMPTY'^^geo:wktLiteral, 'POINT EMPTY'^^geo:wktLiteral)"));
    }

    @Test
    void anEmptyGeometryIsDisjointFromEverything() {
        assertEquals("true", eval("geof:sfDisjoint('POINT EMPTY'^^geo:wktLiteral, 'POINT(1 2)'^^geo:wktLiteral)"));
        assertEquals("true", eval("geof:ehDisjoint('POINT(1 2)'^^geo:wktLiteral, 'POLYGON EMPTY'^^geo:wktLiteral)"));
        assertEquals("false", eval("geof:sfDisjoint('POINT(1 2)'^^geo:wktLiteral, 'POINT(1 2)'^^geo:wktLiteral)"));
    }

    static final String GML_POLYGON = "<gml:Polygon xmlns:gml='http://www.opengis.net/ont/gml' "
            + "srsName='http://www.opengis.net/def/crs/OGC/1.3/CRS84'><gml:exterior><gml:LinearRing>"
            + "<gml:posList>0 0 2 0 2 2 0 2 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>";

    @Test
    void gmlInTheGeoSparqlOntologyNamespaceIsRead() {
        assertEquals("true", eval("geof:sfEquals(\"" + GML_ONT + "\"^^geo:gmlLiteral, 'POINT(1 2)'^^geo:wktLiteral)"));
    }

    @Test
    void constructiveFunctionsAnswerWktEvenForGmlInput() {
        assertEquals("POINT(1 2)", eval("geof:envelope(\"" + GML_ONT + "\"^^geo:gmlLiteral)").replace(" (", "("));
        assertEquals("MULTIPOINT((0 0), (1 1))", eval("geof:boundary('LINESTRING(0 0, 1 1)'^^geo:wktLiteral)")
                .replace("MULTIPOINT ((", "MULTIPOINT(("));
        String ring = eval("geof:boundary(\"" + GML_POLYGON + "\"^^geo:gmlLiteral)");
        assertEquals("LINEARRING(0 0, 2 0, 2 2, 0 2, 0 0)", ring.replace("LINEARRING (", "LINEARRING("),
                "a polygon's boundary is a LinearRing, named so in WKT");
        assertEquals("true", eval("geof:sfEquals('" + ring + "'^^geo:wktLiteral, 'LINESTRING(0 0, 2 0, 2 2, 0 2, 0 0)'^^geo:wktLiteral)"),
                "and reads back");
    }

    @Test
    void distanceOnLonLatDataIsGreatCircleInTheRequestedUnit() {
        // Rome (Natural Earth) to Vatican City: about 2.72 km
        double km = Double.parseDouble(eval("geof:distance('POINT(12.481312562873995 41.89790148509894)'^^geo:wktLiteral, "
                + "'POINT(12.453386544971766 41.903282179960115)'^^geo:wktLiteral, <http://www.opengis.net/def/uom/OGC/1.0/kilometre>)"));
        assertEquals(2.387, km, 0.005);
        double m = Double.parseDouble(eval("geof:distance('POINT(0 0)'^^geo:wktLiteral, 'POINT(1 0)'^^geo:wktLiteral, "
                + "<http://www.opengis.net/def/uom/OGC/1.0/metre>)"));
        assertEquals(111_195, m, 200, "one degree of longitude on the equator");
    }

    @Test
    void classEntailmentFollowsSubClassOfTransitively() {
        Graph g = GraphFactory.createDefaultGraph();
        RDFParser.fromString("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix ex: <https://example.org/> . "
                + "ex:Capital rdfs:subClassOf ex:City . ex:City rdfs:subClassOf ex:Place . ex:rome a ex:Capital .", Lang.TURTLE).parse(g);
        assertEquals(2, TypeInference.materialise(g));
        assertEquals(0, TypeInference.materialise(g));
        assertEquals(true, g.contains(org.apache.jena.graph.NodeFactory.createURI("https://example.org/rome"),
                org.apache.jena.vocabulary.RDF.type.asNode(), org.apache.jena.graph.NodeFactory.createURI("https://example.org/Place")));
    }
}
