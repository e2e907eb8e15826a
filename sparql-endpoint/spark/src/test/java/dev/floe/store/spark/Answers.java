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

import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

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

    /**
     * Whether two sorted answers (as {@link #rows}) are the same row for row, geometries equal within
     * {@code tolerance} degrees in each coordinate (a geometry computed by the same code from the same literal can
     * differ in the last digits where one side read the literal through another CRS path).
     */
    static boolean sameRows(List<String> expected, List<String> actual, double tolerance) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).equals(actual.get(i)) && !sameRow(expected.get(i), actual.get(i), tolerance)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameRow(String expected, String actual, double tolerance) {
        String[] e = values(expected);
        String[] a = values(actual);
        if (e.length != a.length) {
            return false;
        }
        for (int i = 0; i < e.length; i++) {
            if (e[i].equals(a[i])) {
                continue;
            }
            String[] ev = e[i].split("=", 2);
            String[] av = a[i].split("=", 2);
            if (!ev[0].equals(av[0]) || !ev[1].startsWith("GEOMETRY ") || !av[1].startsWith("GEOMETRY ")) {
                return false;
            }
            try {
                WKTReader r = new WKTReader();
                if (!r.read(ev[1].substring(9)).equalsExact(r.read(av[1].substring(9)), tolerance)) {
                    return false;
                }
            } catch (ParseException x) {
                return false;
            }
        }
        return true;
    }

    /** The "var=term" parts of a row string (a term never holds ", name=", a WKT's commas are followed by numbers). */
    private static String[] values(String row) {
        return row.substring(1, row.length() - 1).split(", (?=[A-Za-z_][A-Za-z0-9_]*=)");
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
