package dev.floe.store.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.riot.process.normalize.CanonicalizeLiteral;
import org.apache.jena.sparql.graph.GraphFactory;

import dev.floe.geo.GeoSparqlIris;
import dev.floe.geo.Wkt;

/**
 * A query answer as comparable rows: each solution as "var=term" pairs sorted by variable, geometry literals as
 * their normalised CRS84 geometry (so equal geometries in different notation compare equal).
 */
final class Answers {

    private Answers() {
    }

    static List<String> rows(ResultSet rs) {
        List<String> out = new ArrayList<>();
        while (rs.hasNext()) {
            QuerySolution s = rs.next();
            TreeMap<String, String> row = new TreeMap<>();
            s.varNames().forEachRemaining(v -> row.put(v, term(s.get(v))));
            out.add(row.toString());
        }
        return out;
    }

    /**
     * A graph with every literal in its canonical form (as TDB2 answers numbers), to compare CONSTRUCT answers by
     * isomorphism (blank nodes match by structure).
     */
    static Graph canonical(Graph g) {
        Graph out = GraphFactory.createDefaultGraph();
        g.find().forEachRemaining(t -> out.add(Triple.create(t.getSubject(), t.getPredicate(),
                CanonicalizeLiteral.get().apply(t.getObject()))));
        return out;
    }

    static String term(RDFNode n) {
        Node node = n.asNode();
        if (node.isLiteral() && GeoSparqlIris.WKT_LITERAL.equals(node.getLiteralDatatypeURI())) {
            try {
                return "GEOMETRY " + Wkt.readCrs84(node.getLiteralLexicalForm()).norm().toText();
            } catch (Exception e) {
                return Terms.encode(node);
            }
        }
        // TDB2 keeps numbers, dates and booleans as values and answers their canonical form ("0.5e0" for "0.5"):
        // literals compare by their canonical form on both sides
        return node.isBlank() ? "_:blank" : Terms.encode(CanonicalizeLiteral.get().apply(node));
    }
}
