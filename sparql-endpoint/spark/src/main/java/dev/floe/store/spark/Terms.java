package dev.floe.store.spark;

import org.apache.jena.graph.Node;
import org.apache.jena.riot.out.NodeFmtLib;
import org.apache.jena.sparql.util.NodeFactoryExtra;

/**
 * RDF terms as the store keeps them in its columns: the N-Triples form of the term ({@code <iri>},
 * {@code _:label}, {@code "lexical"@lang}, {@code "lexical"^^<datatype>}). Two terms are the same RDF term exactly
 * when their strings are equal, so joins on these columns are SPARQL's joins (on term identity), and every value
 * (datatype, language, lexical form) survives the round trip for the FILTER evaluation.
 */
public final class Terms {

    private Terms() {
    }

    /** The column value of a term; null for null (an unbound variable). */
    public static String encode(Node n) {
        return n == null ? null : NodeFmtLib.strNT(n);
    }

    /** The term of a column value; null for null. */
    public static Node decode(String s) {
        return s == null ? null : NodeFactoryExtra.parseNode(s);
    }
}
