package dev.floe.federation;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Map;

import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.entity.HttpEntityWrapper;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.protocol.HttpContext;
import org.apache.http.client.methods.HttpRequestBase;
import org.eclipse.rdf4j.federated.endpoint.EndpointClassification;
import org.eclipse.rdf4j.federated.endpoint.EndpointType;
import org.eclipse.rdf4j.federated.endpoint.ManagedRepositoryEndpoint;
import org.eclipse.rdf4j.federated.endpoint.SparqlEndpointConfiguration;
import org.eclipse.rdf4j.federated.endpoint.provider.RepositoryInformation;
import org.eclipse.rdf4j.repository.sparql.SPARQLRepository;

/**
 * How the gateway talks to one member: an RDF4J {@link SPARQLRepository} over an HTTP/1.1 client (STACK.md
 * trap 7) whose connect and read timeouts are the member's timeout, which sends the member's key as a Bearer
 * token, and which counts every request and failure in the member's {@link MemberTraffic}. A failure is also
 * recorded in the {@link MemberFailures} of the query attempt or summary that sent the request (its
 * {@link FailureScope}), so that concurrent queries each learn of their own failures only. Shared by all queries.
 * The FedX endpoint built from it carries the member's name as its id, so FedX's own messages name the member too.
 */
final class MemberConnection implements AutoCloseable {

    private final Member member;
    private final MemberTraffic traffic = new MemberTraffic();
    private final FailureScope scope;
    private final CloseableHttpClient http;
    private final SPARQLRepository repository;

    MemberConnection(Member member, String localMemberToken, FailureScope scope) {
        this.member = member;
        this.scope = scope;
        int millis = (int) Math.min(Integer.MAX_VALUE, member.timeout().toMillis());
        RequestConfig timeouts = RequestConfig.custom().setConnectTimeout(millis).setSocketTimeout(millis)
                .setConnectionRequestTimeout(millis).build();
        this.http = new CountingClient(HttpClients.custom().setDefaultRequestConfig(timeouts).setMaxConnTotal(20)
                .setMaxConnPerRoute(20).disableAutomaticRetries().build(), timeouts);
        this.repository = new SPARQLRepository(member.endpoint().toString());
        repository.setHttpClient(http);
        Map<String, String> headers = new java.util.HashMap<>();
        if (member.apiKey() != null) {
            headers.put("Authorization", "Bearer " + member.apiKey());
        }
        if (member.local() && localMemberToken != null) {
            headers.put(FederatedGateway.LOCAL_MEMBER_HEADER, localMemberToken);
        }
        if (!headers.isEmpty()) {
            repository.setAdditionalHttpHeaders(headers);
        }
        repository.init();
    }

    Member member() {
        return member;
    }

    MemberTraffic traffic() {
        return traffic;
    }

    SPARQLRepository repository() {
        return repository;
    }

    /** A FedX endpoint over this member's repository, with the member's name as id. */
    ManagedRepositoryEndpoint endpoint() {
        RepositoryInformation info = new RepositoryInformation(member.name(), member.name(), member.endpoint().toString(),
                EndpointType.SparqlEndpoint);
        SparqlEndpointConfiguration config = new SparqlEndpointConfiguration();
        config.setSupportsASKQueries(true);
        info.setEndpointConfiguration(config);
        ManagedRepositoryEndpoint e = new ManagedRepositoryEndpoint(info, member.endpoint().toString(),
                EndpointClassification.Remote, repository);
        e.setEndpointConfiguration(config);
        return e;
    }

    @Override
    public void close() {
        try {
            repository.shutDown();
        } finally {
            try {
                http.close();
            } catch (IOException ignored) {
                // closing sockets of a member that is gone: nothing left to do
            }
        }
    }

    private void failed(Exception e, MemberFailures attempt) {
        boolean timeout = e instanceof InterruptedIOException; // SocketTimeoutException, ConnectTimeoutException
        failed(new MemberFailures.Failure(timeout ? "no answer within " + seconds() + " s" : "cannot reach it: " + e.getMessage(), timeout),
                attempt);
    }

    private void failed(MemberFailures.Failure failure, MemberFailures attempt) {
        traffic.failed();
        if (attempt != null) {
            attempt.failed(member.name(), failure);
        }
    }

    private String seconds() {
        double s = member.timeout().toMillis() / 1000.0;
        return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    }

    /**
     * The member's HTTP client: counts every request and records every failure, whether connecting, waiting
     * for the answer's head, or reading its body, in the failures of the attempt that sent the request (read
     * when it is sent: RDF4J reads answers on threads of its own).
     */
    private final class CountingClient extends CloseableHttpClient {
        private final CloseableHttpClient inner;
        private final RequestConfig timeouts;

        CountingClient(CloseableHttpClient inner, RequestConfig timeouts) {
            this.inner = inner;
            this.timeouts = timeouts;
        }

        @Override
        protected CloseableHttpResponse doExecute(HttpHost target, HttpRequest request, HttpContext context) throws IOException {
            if (request instanceof HttpRequestBase configurable) {
                // RDF4J sets the socket timeout of a query to the federated query's remaining time; the member's
                // own timeout must win, or a silent member holds the query to its end
                configurable.setConfig(timeouts);
            }
            MemberFailures attempt = scope.current();
            traffic.request();
            CloseableHttpResponse response;
            try {
                response = inner.execute(target, request, context);
            } catch (IOException e) {
                failed(e, attempt);
                throw e;
            }
            int status = response.getStatusLine().getStatusCode();
            if (status >= 400) {
                failed(new MemberFailures.Failure("it answered HTTP " + status + " " + response.getStatusLine().getReasonPhrase(), false),
                        attempt);
            }
            if (response.getEntity() != null) {
                response.setEntity(new HttpEntityWrapper(response.getEntity()) {
                    @Override
                    public InputStream getContent() throws IOException {
                        return new FilterInputStream(super.getContent()) {
                            @Override
                            public int read() throws IOException {
                                try {
                                    return super.read();
                                } catch (IOException e) {
                                    failed(e, attempt);
                                    throw e;
                                }
                            }

                            @Override
                            public int read(byte[] b, int off, int len) throws IOException {
                                try {
                                    return super.read(b, off, len);
                                } catch (IOException e) {
                                    failed(e, attempt);
                                    throw e;
                                }
                            }
                        };
                    }
                });
            }
            return response;
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }

        @Override
        @SuppressWarnings("deprecation")
        public org.apache.http.params.HttpParams getParams() {
            return inner.getParams();
        }

        @Override
        @SuppressWarnings("deprecation")
        public org.apache.http.conn.ClientConnectionManager getConnectionManager() {
            return inner.getConnectionManager();
        }
    }
}
