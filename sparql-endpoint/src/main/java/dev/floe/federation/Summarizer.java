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
 * {@code geo:asWKT} literal, whose boxes are merged here with JTS. No aggregate or extension function is
 * assumed of the member, so the bounding box works against plain stores too.
 */
final class Summarizer {

    static final String PREDICATES = "SELECT DISTINCT ?p WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }";
    static final String CLASSES = "SELECT DISTINCT ?c WHERE { { ?s a ?c } UNION { GRAPH ?g { ?s a ?c } } }";
    static final String GEOMETRIES = "SELECT ?w WHERE { { ?x <http://www.opengis.net/ont/geosparql#asWKT> ?w } "
            + "UNION { GRAPH ?g { ?x <http://www.opengis.net/ont/geosparql#asWKT> ?w } } }";

    private Summarizer() {
    }

    static MemberSummary summarize(SPARQLRepository repository) {
        try (RepositoryConnection c = repository.getConnection()) {
            Set<String> predicates = iris(c, PREDICATES, "p");
            Set<String> classes = iris(c, CLASSES, "c");
            Envelope box = new Envelope();
            long geometries = 0;
            long unreadable = 0;
            TupleQuery q = c.prepareTupleQuery(QueryLanguage.SPARQL, GEOMETRIES);
            try (TupleQueryResult r = q.evaluate()) {
                while (r.hasNext()) {
                    Value w = r.next().getValue("w");
                    Envelope e = w instanceof Literal l ? WktEnvelopes.envelope(l.getLabel()) : null;
                    if (e == null) {
                        unreadable++;
                    } else {
                        geometries++;
                        box.expandToInclude(e);
                    }
                }
            }
            return new MemberSummary(predicates, classes, box, geometries, unreadable, Instant.now());
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
