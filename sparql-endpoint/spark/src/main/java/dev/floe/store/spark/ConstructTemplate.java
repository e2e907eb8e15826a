package dev.floe.store.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.modify.TemplateLib;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * A CONSTRUCT template instantiated on the executors, a partition at a time, by Jena's own {@code TemplateLib}: per
 * solution, fresh blank nodes for the template's blank nodes, and no triple where a variable is unbound or the result
 * is not an RDF triple (a literal subject, a non-IRI predicate). Each triple comes out as an N-Triples line, so
 * duplicates are removed as Jena's CONSTRUCT removes them (a graph is a set of terms) by comparing the lines. The
 * template travels as term strings ({@code ?name} for a variable, {@code _:label} for a blank node, else
 * {@link Terms}), so a blank node that appears twice in the template is one node in every solution.
 */
final class ConstructTemplate implements FlatMapFunction<Iterator<Row>, String> {

    private static final long serialVersionUID = 1L;

    private final List<String[]> triples;
    private final List<String> vars;

    /** The template's triples, over solutions whose row columns are {@code vars}, in order. */
    ConstructTemplate(List<Triple> template, List<Var> vars) {
        this.triples = template.stream().map(t -> new String[] {term(t.getSubject()), term(t.getPredicate()), term(t.getObject())}).toList();
        this.vars = vars.stream().map(Var::getVarName).toList();
    }

    private static String term(Node n) {
        if (n.isVariable()) {
            return "?" + n.getName();
        }
        if (n.isBlank()) {
            return "_:" + n.getBlankNodeLabel();
        }
        return Terms.encode(n);
    }

    private static Node node(String s) {
        if (s.startsWith("?")) {
            return Var.alloc(s.substring(1));
        }
        if (s.startsWith("_:")) {
            return NodeFactory.createBlankNode(s.substring(2));
        }
        return Terms.decode(s);
    }

    @Override
    public Iterator<String> call(Iterator<Row> rows) {
        List<Triple> template = new ArrayList<>();
        for (String[] t : triples) {
            template.add(Triple.create(node(t[0]), node(t[1]), node(t[2])));
        }
        List<Var> vs = vars.stream().map(Var::alloc).toList();
        Iterator<Binding> solutions = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Binding next() {
                return SparkSparqlEngine.binding(vs, rows.next());
            }
        };
        Iterator<Triple> out = TemplateLib.calcTriples(template, solutions);
        return new Iterator<>() {
            private Triple next = advance();

            private Triple advance() {
                while (out.hasNext()) {
                    Triple t = out.next();
                    if (isRdf(t)) {
                        return t;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public String next() {
                String l = line(next);
                next = advance();
                return l;
            }
        };
    }

    /** Whether a triple is an RDF triple (Jena's template only checks that it has no variables). */
    static boolean isRdf(Triple t) {
        return (t.getSubject().isURI() || t.getSubject().isBlank()) && t.getPredicate().isURI();
    }

    /** A triple as an N-Triples line. */
    static String line(Triple t) {
        return Terms.encode(t.getSubject()) + " " + Terms.encode(t.getPredicate()) + " " + Terms.encode(t.getObject()) + " .";
    }
}
