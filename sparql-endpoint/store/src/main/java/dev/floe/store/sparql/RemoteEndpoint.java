package dev.floe.store.sparql;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.jena.atlas.web.HttpException;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.ResultSetFactory;
import org.apache.jena.query.ResultSetRewindable;
import org.apache.jena.query.Syntax;
import org.apache.jena.sparql.engine.http.QueryExceptionHTTP;
import org.apache.jena.sparql.exec.http.QueryExecutionHTTP;
import org.apache.jena.sparql.exec.http.QueryExecutionHTTPBuilder;
import org.apache.jena.sparql.exec.http.QuerySendMode;

import dev.floe.sparql.QueryAnswer;

/**
 * A SPARQL 1.1 Protocol endpoint that floe's own code queries over HTTP ({@code floe query --endpoint}, training
 * sets over an endpoint): Jena's {@link QueryExecutionHTTP} with one set of choices: HTTP/1.1 (Grizzly 4 drops
 * Content-Type when a client asks for the h2c upgrade Java's client tries by default), a connect timeout of
 * {@value #CONNECT_SECONDS} s, the caller's timeout for the answer, the query POSTed as
 * {@code application/sparql-query} (no URL length limit), {@value #USER_AGENT} as User-Agent, and every failure as
 * a {@link RemoteEndpointException} that names the endpoint. Answers are read whole before they are returned, so
 * a failure midway is an exception here, never a short answer. Thread-safe; one instance may serve many queries.
 * (The federated gateway reaches its members through FedX's own RDF4J client instead, see floe-federation.)
 */
public final class RemoteEndpoint {

    /** What floe's requests name as their User-Agent. */
    public static final String USER_AGENT = "floe";
    static final int CONNECT_SECONDS = 10;

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient http;
    /** Sent as {@code Authorization: Bearer KEY} when not null: floe's own endpoint may need a key for reads. */
    private final String apiKey;

    /** The endpoint at {@code endpoint}, whose every answer must arrive within {@code timeout}. */
    public RemoteEndpoint(URI endpoint, Duration timeout) {
        this(endpoint, timeout, null);
    }

    /** As {@link #RemoteEndpoint(URI, Duration)}, presenting {@code apiKey} (null: none) with every query. */
    public RemoteEndpoint(URI endpoint, Duration timeout, String apiKey) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(CONNECT_SECONDS)).build();
    }

    public URI uri() {
        return endpoint;
    }

    /**
     * Runs a query given as text (sent as written, once Jena has checked it as ARQ, the syntax floe's own endpoint
     * and store accept) and returns its whole answer.
     */
    public QueryAnswer query(String text) {
        return call(execution().query(text, Syntax.syntaxARQ), RemoteEndpoint::answer);
    }

    /** Runs a query and returns its whole answer. */
    public QueryAnswer query(Query query) {
        return call(execution().query(query), RemoteEndpoint::answer);
    }

    /** Runs a SELECT and returns all its solutions. */
    public ResultSetRewindable select(Query query) {
        if (!query.isSelectType()) {
            throw new IllegalArgumentException("not a SELECT query: " + query);
        }
        return call(execution().query(query), qe -> ResultSetFactory.copyResults(qe.execSelect()));
    }

    private QueryExecutionHTTPBuilder execution() {
        QueryExecutionHTTPBuilder builder = QueryExecutionHTTP.service(endpoint.toString()).httpClient(http)
                .sendMode(QuerySendMode.asPost).httpHeader("User-Agent", USER_AGENT).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return apiKey == null ? builder : builder.httpHeader("Authorization", "Bearer " + apiKey);
    }

    /** The answer read whole: SELECT solutions are copied before the execution (and its connection) closes. */
    private static QueryAnswer answer(QueryExecution qe) {
        Query query = qe.getQuery();
        return query.isSelectType() ? QueryAnswer.select(ResultSetFactory.copyResults(qe.execSelect()))
                : QueryAnswer.execute(query, qe);
    }

    private <T> T call(QueryExecutionHTTPBuilder builder, Function<QueryExecution, T> read) {
        try (QueryExecution qe = builder.build()) {
            return read.apply(qe);
        } catch (HttpException e) {
            throw failure(e.getStatusCode(), e.getResponse(), e);
        } catch (QueryExceptionHTTP e) {
            throw failure(e.getStatusCode(), e.getResponse(), e);
        }
    }

    /** The failure in words a user can act on, naming the endpoint. */
    private RemoteEndpointException failure(int status, String body, RuntimeException e) {
        if (status > 0) {
            return new RemoteEndpointException(endpoint, status, "answered HTTP " + status
                    + (body == null || body.isBlank() ? "" : ": " + body.strip()), e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return new RemoteEndpointException(endpoint, "cannot connect within " + CONNECT_SECONDS
                        + " s (is the server running?)", e);
            }
            if (t instanceof HttpTimeoutException) {
                return new RemoteEndpointException(endpoint, "no answer within " + seconds(timeout) + " s", e);
            }
            if (t instanceof ConnectException) {
                return new RemoteEndpointException(endpoint, "cannot connect (is the server running?)", e);
            }
        }
        return new RemoteEndpointException(endpoint, e.getMessage(), e);
    }

    private static String seconds(Duration d) {
        double s = d.toMillis() / 1000.0;
        return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    }
}
