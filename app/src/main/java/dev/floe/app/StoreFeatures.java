package dev.floe.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.system.Txn;

import dev.floe.interlink.FeatureReader;
import dev.floe.store.GeoStore;

/**
 * The features a SPARQL graph pattern selects from a store, for interlinking: the pattern binds ?feature,
 * and each feature's default geometry's WKT is fetched with it.
 */
final class StoreFeatures {

    static final String PREFIXES = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX floe: <https://w3id.org/floe/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            + "PREFIX dct: <http://purl.org/dc/terms/> ";

    private StoreFeatures() {
    }

    static List<FeatureReader.Record> select(Path store, String pattern) {
        Stores.existing("--store", store);
        String query = PREFIXES + "SELECT ?feature ?wkt WHERE { " + pattern
                + " ?feature geo:hasDefaultGeometry/geo:asWKT ?wkt . FILTER(isIRI(?feature)) }";
        try {
            QueryFactory.create(query);
        } catch (QueryParseException e) {
            throw new UsageException("the pattern '" + pattern + "' does not parse: " + e.getMessage());
        }
        ServerRecord served = Stores.server(store);
        if (served != null) {
            // a running server holds the store: the same query through its /sparql, with the key of FLOE_API_KEY if set
            ServerAccess access = new ServerAccess();
            access.apiKey = System.getenv(ServerAccess.ENV);
            List<FeatureReader.Record> out = new ArrayList<>();
            try {
                access.endpoint(served.sparql(), java.time.Duration.ofSeconds(600)).select(QueryFactory.create(query))
                        .forEachRemaining(r -> out.add(new FeatureReader.Record(r.getResource("feature").getURI(),
                                r.getLiteral("wkt").getLexicalForm(), store.toString())));
            } catch (dev.floe.store.sparql.RemoteEndpointException e) {
                throw access.failure(e);
            }
            return out;
        }
        try (GeoStore geoStore = GeoStore.open(store)) {
            return Txn.calculateRead(geoStore.dataset(), () -> {
                List<FeatureReader.Record> out = new ArrayList<>();
                try (QueryExecution qe = QueryExecution.dataset(geoStore.dataset()).query(query).build()) {
                    qe.execSelect().forEachRemaining(r -> out.add(new FeatureReader.Record(
                            r.getResource("feature").getURI(), r.getLiteral("wkt").getLexicalForm(), store.toString())));
                }
                return out;
            });
        }
    }
}
