package dev.floe.ml.trainingset;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.ResultSetFactory;
import org.apache.jena.query.ResultSetRewindable;
import org.apache.jena.sparql.exec.http.QueryExecutionHTTP;
import org.apache.jena.system.Txn;

import dev.floe.ml.MlDataException;
import dev.floe.store.GeoStore;

/**
 * Where a training-set query runs: a floe store directory (in a read transaction) or a remote SPARQL
 * endpoint (SPARQL 1.1 Protocol). {@link #iri()} is what the set's provenance names as its source.
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
        // HTTP/1.1: some servers (Grizzly 4) mishandle the h2c upgrade Java's client tries by default
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(java.time.Duration.ofSeconds(10)).build();
        try (QueryExecution qe = QueryExecutionHTTP.service(endpoint.toString()).httpClient(http).query(query)
                .timeout(timeoutSeconds, TimeUnit.SECONDS).build()) {
            return ResultSetFactory.copyResults(qe.execSelect());
        } catch (org.apache.jena.atlas.web.HttpException e) {
            throw new MlDataException(endpoint + ": the query failed: " + e.getMessage(), e);
        } catch (org.apache.jena.sparql.engine.http.QueryExceptionHTTP e) {
            throw new MlDataException(endpoint + ": the query failed: " + e.getMessage(), e);
        }
    }
}
