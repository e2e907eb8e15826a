package dev.floe.federation;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.eclipse.rdf4j.model.Literal;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.query.BindingSet;
import org.eclipse.rdf4j.query.QueryLanguage;
import org.eclipse.rdf4j.query.TupleQuery;
import org.eclipse.rdf4j.query.TupleQueryResult;
import org.eclipse.rdf4j.repository.RepositoryConnection;
import org.eclipse.rdf4j.repository.sparql.SPARQLRepository;
import org.locationtech.jts.geom.Envelope;

/**
 * Computes a {@link MemberSummary} with three plain SPARQL 1.1 queries that any endpoint answers (Fuseki with
 * or without GeoSPARQL, floe, Virtuoso...): the distinct predicates, the distinct classes, and every
 * {@code geo:asWKT} literal, whose boxes are merged here with JTS. No extension function is assumed of the
 * member, so the bounding box works against plain stores too. Each list is checked against a SPARQL 1.1
 * {@code COUNT}, because many endpoints cap result sets silently (Virtuoso, floe's {@code --max-rows}): a
 * capped predicate or class list fails the summary (the member is then never pruned), capped geometries make
 * the box untrusted.
 */
final class Summarizer {

    static final String PREDICATES = "SELECT DISTINCT ?p WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }";
    static final String CLASSES = "SELECT DISTINCT ?c WHERE { { ?s a ?c } UNION { GRAPH ?g { ?s a ?c } } }";
    static final String GEOMETRIES = "SELECT ?w WHERE { { ?x <http://www.opengis.net/ont/geosparql#asWKT> ?w } "
            + "UNION { GRAPH ?g { ?x <http://www.opengis.net/ont/geosparql#asWKT> ?w } } }";
    static final String COUNT_PREDICATES = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }";
    static final String COUNT_CLASSES = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { { ?s a ?c } UNION { GRAPH ?g { ?s a ?c } } }";
    static final String COUNT_GEOMETRIES = "SELECT (COUNT(?w) AS ?n) WHERE { { ?x <http://www.opengis.net/ont/geosparql#asWKT> ?w } "
            + "UNION { GRAPH ?g { ?x <http://www.opengis.net/ont/geosparql#asWKT> ?w } } }";

    private Summarizer() {
    }

    static MemberSummary summarize(SPARQLRepository repository) {
        try (RepositoryConnection c = repository.getConnection()) {
            Set<String> predicates = iris(c, PREDICATES, "p");
            complete(predicates.size(), count(c, COUNT_PREDICATES), "predicates");
            Set<String> classes = iris(c, CLASSES, "c");
            complete(classes.size(), count(c, COUNT_CLASSES), "classes");
            Envelope box = new Envelope();
            long geometries = 0;
            long unreadable = 0;
            TupleQuery q = c.prepareTupleQuery(QueryLanguage.SPARQL, GEOMETRIES);
            try (TupleQueryResult r = q.evaluate()) {
                while (r.hasNext()) {
                    Value w = r.next().getValue("w");
                    Envelope e = w instanceof Literal l ? MemberSummary.envelope(l.getLabel()) : null;
                    if (e == null) {
                        unreadable++;
                    } else {
                        geometries++;
                        box.expandToInclude(e);
                    }
                }
            }
            long expected = count(c, COUNT_GEOMETRIES);
            if (geometries + unreadable < expected) {
                unreadable += expected - geometries - unreadable; // not seen, so not placed: the box is not trusted
            }
            return new MemberSummary(predicates, classes, box, geometries, unreadable, Instant.now());
        }
    }

    private static void complete(long got, long expected, String what) {
        if (got < expected) {
            throw new IllegalStateException("it listed " + got + " of its " + expected + " " + what
                    + " (does it cap result sets?)");
        }
    }

    private static long count(RepositoryConnection c, String query) {
        try (TupleQueryResult r = c.prepareTupleQuery(QueryLanguage.SPARQL, query).evaluate()) {
            Value n = r.hasNext() ? r.next().getValue("n") : null;
            return n instanceof Literal l ? l.longValue() : 0;
        }
    }

    private static Set<String> iris(RepositoryConnection c, String query, String var) {
        Set<String> out = new HashSet<>();
        try (TupleQueryResult r = c.prepareTupleQuery(QueryLanguage.SPARQL, query).evaluate()) {
            while (r.hasNext()) {
                BindingSet b = r.next();
                Value v = b.getValue(var);
                if (v != null && v.isIRI()) {
                    out.add(v.stringValue());
                }
            }
        }
        return out;
    }
}
