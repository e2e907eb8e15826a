package dev.floe.ml.trainingset;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.ResultSetFactory;
import org.apache.jena.query.ResultSetRewindable;
import org.apache.jena.system.Txn;

import dev.floe.ml.MlDataException;
import dev.floe.store.GeoStore;
import dev.floe.store.sparql.RemoteEndpoint;
import dev.floe.store.sparql.RemoteEndpointException;

/**
 * Where a training-set query runs: a floe store directory (in a read transaction) or a remote SPARQL
 * endpoint (SPARQL 1.1 Protocol, through floe's {@link RemoteEndpoint}). {@link #iri()} is what the set's
 * provenance names as its source.
 */
public final class SparqlSource {

    private final GeoStore store;
    private final URI endpoint;

    private SparqlSource(GeoStore store, URI endpoint) {
        this.store = store;
        this.endpoint = endpoint;
    }

    public static SparqlSource store(GeoStore store) {
        return new SparqlSource(store, null);
    }

    public static SparqlSource endpoint(URI endpoint) {
        return new SparqlSource(null, endpoint);
    }

    /** The store's directory as a file: IRI, or the endpoint URL. */
    public String iri() {
        return store != null ? store.directory().toUri().toString() : endpoint.toString();
    }

    /** The store, or null for an endpoint. */
    public GeoStore geoStore() {
        return store;
    }

    /** Runs a SELECT and returns all its rows (training sets are materialised whole anyway). */
    public ResultSetRewindable select(Query query, long timeoutSeconds) {
        if (store != null) {
            return Txn.calculateRead(store.dataset(), () -> {
                try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(query)
                        .timeout(timeoutSeconds, TimeUnit.SECONDS).build()) {
                    return ResultSetFactory.copyResults(qe.execSelect());
                }
            });
        }
        try {
            return new RemoteEndpoint(endpoint, Duration.ofSeconds(timeoutSeconds)).select(query);
        } catch (RemoteEndpointException e) {
            throw new MlDataException(endpoint + ": the query failed: " + e.reason(), e);
        }
    }
}
